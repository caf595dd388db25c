"""Correcting a stored customer's contact data: phone, bank account, address (issue 7).

A suspicious item (R-CUS-3) may be closed as 资料已更正; this is the correction itself.
Who may correct is `policy.customers.may_correct_customer` (R-CUS-3: the assignee of an
open item about the customer and the customer-service units that see full numbers).
Each new value is checked as the import checks it (R-CUS-2: phones by `phonenumbers`,
kept in E.164; bank cards by Luhn), and a policyholder keeps a phone and an address
(R-CUS-1). A value given as "" removes it where R-CUS-1 allows; None leaves it as is.

The write follows decision 0003: the shared-value triggers fire on UPDATE of `phone_bi` /
`account_bi`, so the transaction first serialises customer writes, then locks the row,
re-encrypts, re-indexes and re-masks only what changed. A phone or account changed to one
another customer holds is recorded as shared and the next scan lists the pair; a value
corrected away lists nothing new, and an open item about it stays open until its assignee
closes it (the scan never closes items). The audit event `customer.correct` names the
changed fields and carries the old and new *masks* only (an address not at all), the
reason, and the suspicious item that prompted the correction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.identity import normalise_account, normalise_phone
from baomi.customers.models import Customer, InsurancePolicy, SuspiciousMember
from baomi.customers.services import require, shared
from baomi.customers.services.privacy import investigating
from baomi.policy.customers import may_correct_customer

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.customers.models import SuspiciousItem
    from baomi.people.models import Person

#: the encrypted identifiers a correction may change: field → (normalise, mask)
IDENTIFIERS: dict[str, tuple[Callable[[str], str], Callable[[str], str]]] = {
    "phone": (normalise_phone, crypto.mask_phone),
    "account": (normalise_account, crypto.mask_account),
}
ADDRESS_MAX = Customer._meta.get_field("address").max_length or 300
REASON_MAX = 500


def _checked(phone: str | None, account: str | None, address: str | None,
             reason: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The normalised new values (None: not given) and the field errors."""
    new: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name, value in (("phone", phone), ("account", account)):
        if value is None:
            continue
        value = value.strip()
        if not value:
            new[name] = ""
            continue
        try:
            new[name] = IDENTIFIERS[name][0](value)
        except ValueError as exc:   # the import's messages (R-CUS-2)
            errors[name] = [str(exc)]
    if address is not None:
        new["address"] = address.strip()
        if len(new["address"]) > ADDRESS_MAX:
            errors["address"] = [_("联系地址最长 %(n)d 个字") % {"n": ADDRESS_MAX}]
    if not reason.strip():
        errors["reason"] = [_("请填写更正原因")]
    elif len(reason.strip()) > REASON_MAX:
        errors["reason"] = [_("更正原因最长 %(n)d 个字") % {"n": REASON_MAX}]
    return new, errors


def _changes(customer: Customer, new: dict[str, str]) -> tuple[dict[str, Any], list[str],
                                                                 dict[str, str], dict[str, str]]:
    """Column values to write, the changed fields, and their old and new masks."""
    columns: dict[str, Any] = {}
    changed: list[str] = []
    old_masks: dict[str, str] = {}
    new_masks: dict[str, str] = {}
    for name, (_normalise, mask) in IDENTIFIERS.items():
        if name not in new:
            continue
        value = new[name]
        index = crypto.blind_index(name, value) if value else None
        if index == getattr(customer, f"{name}_bi"):
            continue   # the same value (compared by blind index: nothing decrypted)
        masked = mask(value) if value else ""
        columns.update({f"{name}_enc": crypto.encrypt(name, value) if value else None,
                        f"{name}_bi": index, f"{name}_masked": masked})
        changed.append(name)
        old_masks[name] = getattr(customer, f"{name}_masked")
        new_masks[name] = masked
    if "address" in new and new["address"] != customer.address:
        columns["address"] = new["address"]
        changed.append("address")
    return columns, changed, old_masks, new_masks


def customer_correct(*, actor: Person, customer: Customer, phone: str | None = None,
                     account: str | None = None, address: str | None = None, reason: str,
                     item: SuspiciousItem | None = None) -> Customer:
    """Correct the customer's phone, bank account and/or address; returns the stored row.

    Refusals name R-CUS-3 (R-CUS-5 for someone who may not work with customers at all);
    bad values are an ApplicationError with a message per field (R-CUS-2 checks, R-CUS-1
    for a policyholder's phone and address); nothing different from what is stored is
    the error "没有要更正的内容". `item`: the suspicious item that prompted the correction
    (it must be about this customer), linked in the audit event.
    """
    decision = may_correct_customer(actor, investigating=investigating(actor, customer))
    require(decision, actor=actor, action="customer.correct", target=customer)
    new, errors = _checked(phone, account, address, reason)
    if phone is None and account is None and address is None:
        errors["non_field_errors"] = [_("没有要更正的内容")]
    removed = {name for name in ("phone", "address") if new.get(name) == ""}
    if removed and InsurancePolicy.objects.filter(policyholder=customer).exists():
        if "phone" in removed:
            errors["phone"] = [_("投保人必须有电话(R-CUS-1)")]
        if "address" in removed:
            errors["address"] = [_("投保人必须有联系地址(R-CUS-1)")]
    if item is not None and not SuspiciousMember.objects.filter(
            item=item, customer=customer).exists():
        errors["item"] = [_("该可疑件不涉及此客户")]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    with transaction.atomic(), connection.cursor() as cursor:
        # decision 0003: the triggers on phone_bi / account_bi must see every earlier write
        shared.serialise_customer_writes(cursor)
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        columns, changed, old_masks, new_masks = _changes(locked, new)
        if not changed:
            raise ApplicationError(_("没有要更正的内容"),
                                   fields={"non_field_errors": [_("没有要更正的内容")]})
        for column, value in columns.items():
            setattr(locked, column, value)
        locked.save(update_fields=list(columns))
        audit_append(actor=actor, action="customer.correct", target=locked, detail={
            "fields": changed, "old": old_masks, "new": new_masks,
            "reason": reason.strip(), "item": item.pk if item is not None else None,
            "rule": decision.rule})
    return locked


__all__ = ["customer_correct"]
