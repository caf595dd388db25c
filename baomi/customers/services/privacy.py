"""Showing a customer: identifiers in full only when policy allows, masked otherwise.

Revealing a full ID number, phone or bank account is audited (R-ACC-6); a masked view is
an ordinary read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from baomi.audit.services import audit_append
from baomi.customers import crypto
from baomi.customers.models import SuspiciousItem
from baomi.customers.services import require
from baomi.policy.customers import may_reveal_identifiers, may_work_with_customers

if TYPE_CHECKING:
    from baomi.customers.models import Customer
    from baomi.people.models import Person
    from baomi.policy.decision import Decision


@dataclass(frozen=True)
class Identifiers:
    id_number: str
    phone: str
    account: str
    revealed: bool
    decision: Decision


def investigating(viewer: Person, customer: Customer) -> bool:
    """The viewer is assigned to an open suspicious item about this customer."""
    return SuspiciousItem.objects.filter(status=SuspiciousItem.Status.OPEN, assignee=viewer,
                                         members__customer=customer).exists()


def customer_identifiers(*, viewer: Person, customer: Customer) -> Identifiers:
    require(may_work_with_customers(viewer), actor=viewer, action="customer.view",
            target=customer)
    decision = may_reveal_identifiers(viewer, investigating=investigating(viewer, customer))
    if not decision:
        return Identifiers(customer.id_masked, customer.phone_masked, customer.account_masked,
                           False, decision)
    with transaction.atomic():
        audit_append(actor=viewer, action="customer.reveal", target=customer,
                     detail={"rule": decision.rule, "reason": decision.reason})
    return Identifiers(crypto.decrypt("id", customer.id_enc),
                       crypto.decrypt("phone", customer.phone_enc),
                       crypto.decrypt("account", customer.account_enc), True, decision)
