"""Registering policies and their customers: one by form or API, many by import.

`policy_register` stores one checked record; `policies_import` streams rows in batches of
`[customers] import_batch_rows`, one transaction per batch: a bad row (R-CUS-1, R-CUS-2, or
a conflict with stored data) is reported with its line and reasons and never stored, the
good rows of the batch are stored together, so no row is ever half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.identity import Problem
from baomi.customers.models import Agent, Customer, InsurancePolicy
from baomi.customers.records import (
    PersonRecord,
    PolicyRecord,
    check_record,
    problems_by_field,
)
from baomi.customers.services import require
from baomi.policy.customers import may_work_with_customers
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from baomi.people.models import Person


@dataclass
class BadRow:
    line: int
    reasons: list[str]


@dataclass
class ImportResult:
    rows: int = 0
    stored: int = 0
    bad: list[BadRow] = field(default_factory=list)


@dataclass
class _Batch:
    """Customers known to this batch: blind index → (customer or new record, owner line)."""

    stored: dict[int, tuple[int, str, str, Any]] = field(default_factory=dict)
    new: dict[int, Customer] = field(default_factory=dict)


def _identity_of(person: PersonRecord) -> int | None:
    return crypto.blind_index("id", person.id_number.number) if person.id_number else None


def _new_customer(person: PersonRecord, *, actor: Person | None, now: Any) -> Customer:
    customer = Customer(name=person.name, gender=person.gender, birth_date=person.birth_date,
                        address=person.address, created_at=now, created_by=actor)
    if person.id_number:
        number = person.id_number.number
        customer.id_enc = crypto.encrypt("id", number)
        customer.id_bi = crypto.blind_index("id", number)
        customer.id_masked = crypto.mask_id(number)
    if person.phone:
        customer.phone_enc = crypto.encrypt("phone", person.phone)
        customer.phone_bi = crypto.blind_index("phone", person.phone)
        customer.phone_masked = crypto.mask_phone(person.phone)
    if person.account:
        customer.account_enc = crypto.encrypt("account", person.account)
        customer.account_bi = crypto.blind_index("account", person.account)
        customer.account_masked = crypto.mask_account(person.account)
    return customer


def _conflict(person: PersonRecord, stored: tuple[str, str, Any]) -> str:
    name, gender, birth = stored
    if name != person.name:
        return f"证件号码已登记为另一姓名的客户({name[:1]}**)"
    if (gender and gender != person.gender) or (birth and birth != person.birth_date):
        return "证件号码已登记,但性别或出生日期与登记不符"
    return ""


def _store(records: list[tuple[int, PolicyRecord]], *, actor: Person | None,
           action: str) -> tuple[list[InsurancePolicy], list[BadRow]]:
    """Check records against stored data and store the good ones in one transaction."""
    now = timezone.now()
    bad: list[BadRow] = []
    with transaction.atomic():
        agents = {a.code: a for a in Agent.objects.filter(
            code__in={r.agent_code for _, r in records})}
        taken = set(InsurancePolicy.objects.filter(
            number__in=[r.policy_number for _, r in records]).values_list("number", flat=True))
        ids = {bi for _, r in records for p in (r.holder, r.insured, *r.beneficiaries)
               if (bi := _identity_of(p)) is not None}
        stored = {c.id_bi: c for c in Customer.objects.filter(id_bi__in=ids).only(
            "id", "id_bi", "name", "gender", "birth_date")}
        new: dict[int, Customer] = {}
        plans: list[tuple[PolicyRecord, list[Customer]]] = []
        for line, record in records:
            reasons = []
            if record.agent_code not in agents:
                reasons.append(f"代理人工号 {record.agent_code} 未登记")
            if record.policy_number in taken:
                reasons.append(f"保单号 {record.policy_number} 已存在")
            people = [record.holder, record.insured, *record.beneficiaries]
            chosen: list[Customer] = []
            row_new: dict[int, Customer] = {}
            for person in people:
                bi = _identity_of(person)
                known = stored.get(bi) if bi is not None else None
                known = known or (new.get(bi) if bi is not None else None) or \
                    (row_new.get(bi) if bi is not None else None)
                if known is not None:
                    problem = _conflict(person, (known.name, known.gender, known.birth_date))
                    if problem:
                        reasons.append(problem)
                    chosen.append(known)
                    continue
                customer = _new_customer(person, actor=actor, now=now)
                if bi is not None:
                    row_new[bi] = customer
                chosen.append(customer)
            if reasons:
                bad.append(BadRow(line, reasons))
                continue
            taken.add(record.policy_number)
            new.update(row_new)
            plans.append((record, chosen))
        to_create = list({id(c): c for _, cs in plans for c in cs if c.pk is None}.values())
        Customer.objects.bulk_create(to_create, batch_size=500)
        policies = [InsurancePolicy(
            number=r.policy_number, product=r.product, signed_on=r.signed_on,
            agent=agents[r.agent_code], policyholder=cs[0], insured=cs[1], created_at=now,
            created_by=actor) for r, cs in plans]
        InsurancePolicy.objects.bulk_create(policies, batch_size=500)
        through = InsurancePolicy.beneficiaries.through
        through.objects.bulk_create([
            through(insurancepolicy_id=p.pk, customer_id=c.pk)
            for p, (_, cs) in zip(policies, plans, strict=True) for c in cs[2:]
        ], batch_size=500, ignore_conflicts=True)
        if policies:
            lines = [line for line, _ in records]
            audit_append(actor=actor, action=action,
                         target=policies[0] if len(policies) == 1 else None,
                         detail={"policies": len(policies), "customers": len(to_create),
                                 "lines": f"{min(lines)}-{max(lines)}",
                                 "refused": len(bad)})
    return policies, bad


def policy_register(*, actor: Person, data: Mapping[str, Any]) -> InsurancePolicy:
    """One policy from a form or the API (R-CUS-1, R-CUS-2); bad input → ApplicationError."""
    require(may_work_with_customers(actor), actor=actor, action="policy.register")
    checked = check_record(data, today=timezone.localdate())
    if isinstance(checked, list):
        raise ApplicationError("客户资料不完整或有误", fields=problems_by_field(checked))
    policies, bad = _store([(1, checked)], actor=actor, action="policy.register")
    if bad:
        raise ApplicationError("客户资料与已登记资料不符",
                               fields={"non_field_errors": bad[0].reasons})
    return policies[0]


def policies_import(*, actor: Person, rows: Iterable[tuple[int, Mapping[str, Any]]],
                    progress: Callable[[int], None] | None = None) -> ImportResult:
    """Import (line, row) pairs; returns what was stored and every bad line with reasons."""
    require(may_work_with_customers(actor), actor=actor, action="customers.import")
    size = get_policy().customers.import_batch_rows
    result = ImportResult()
    today = timezone.localdate()
    batch: list[tuple[int, PolicyRecord]] = []

    def flush() -> None:
        if batch:
            stored, bad = _store(batch, actor=actor, action="customers.import")
            result.stored += len(stored)
            result.bad.extend(bad)
            batch.clear()

    for line, raw in rows:
        result.rows += 1
        checked = check_record(raw, today=today)
        if isinstance(checked, list):
            result.bad.append(BadRow(line, [p.message for p in checked]))
        else:
            batch.append((line, checked))
        if len(batch) >= size:
            flush()
        if progress is not None:
            progress(1)
    flush()
    result.bad.sort(key=lambda b: b.line)
    return result


def agency_create(*, actor: Person, code: str, name: str) -> Any:
    from baomi.customers.models import Agency
    from baomi.policy.customers import may_oversee_list

    require(may_oversee_list(actor), actor=actor, action="agency.create")
    agency = Agency(code=code.strip(), name=name.strip())
    _clean(agency)
    with transaction.atomic():
        agency.save()
        audit_append(actor=actor, action="agency.create", target=agency,
                     detail={"code": agency.code})
    return agency


def agent_create(*, actor: Person, code: str, name: str, kind: str = Agent.Kind.SALES,
                 agency: Any = None) -> Agent:
    from baomi.policy.customers import may_oversee_list

    require(may_oversee_list(actor), actor=actor, action="agent.create")
    agent = Agent(code=code.strip(), name=name.strip(), kind=kind, agency=agency)
    _clean(agent)
    with transaction.atomic():
        agent.save()
        audit_append(actor=actor, action="agent.create", target=agent,
                     detail={"code": agent.code, "agency": agency.code if agency else ""})
    return agent


def _clean(obj: Any) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError("请更正标出的字段", fields=exc.message_dict) from exc


__all__ = ["BadRow", "ImportResult", "Problem", "agency_create", "agent_create",
           "policies_import", "policy_register"]
