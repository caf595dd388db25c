"""Registering policies and their customers: one by form or API, many by import.

`policy_register` stores one checked record; `policies_import` streams rows in batches of
`[customers] import_batch_rows`, one transaction per batch: a bad row (R-CUS-1, R-CUS-2, or
a conflict with stored data) is reported with its line and reasons and never stored, the
good rows of the batch are stored together, so no row is ever half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.identity import Problem
from baomi.customers.models import Agent, InsurancePolicy
from baomi.customers.records import (
    PersonRecord,
    PolicyRecord,
    check_record,
    problems_by_field,
)
from baomi.customers.services import bulk, require, shared
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


@dataclass(slots=True)
class _Party:
    """A person of a stored row: a stored customer (pk known) or one this batch adds."""

    name: str
    gender: str
    birth_date: Any
    pk: int | None = None
    person: PersonRecord | None = None   # a new customer: what to store


def _conflict(person: PersonRecord, stored: tuple[str, str, Any]) -> str:
    name, gender, birth = stored
    if name != person.name:
        return f"证件号码已登记为另一姓名的客户({name[:1]}**)"
    if (gender and gender != person.gender) or (birth and birth != person.birth_date):
        return "证件号码已登记,但性别或出生日期与登记不符"
    return ""


def _customer_rows(parties: list[_Party], id_index: Callable[[PersonRecord], int | None], *,
                   actor_id: int | None, now: Any) -> list[tuple[Any, ...]]:
    """Rows of `bulk.INSERT_CUSTOMER`: the values `Customer.save()` would write (encrypted
    fields, blind indexes and masks as in crypto.py)."""
    seal = {f: crypto.encrypter(f) for f in ("id", "phone", "account")}
    index = {f: crypto.indexer(f) for f in ("phone", "account")}
    date = connection.ops.adapt_datefield_value
    rows = []
    for party in parties:
        p = party.person
        if p is None:   # a stored customer: nothing to insert
            continue
        number = p.id_number.number if p.id_number else ""
        rows.append((
            party.pk, p.name, p.gender, date(p.birth_date),
            seal["id"](number) if number else None,
            id_index(p),
            crypto.mask_id(number) if number else "",
            seal["phone"](p.phone) if p.phone else None,
            index["phone"](p.phone) if p.phone else None,
            crypto.mask_phone(p.phone) if p.phone else "",
            seal["account"](p.account) if p.account else None,
            index["account"](p.account) if p.account else None,
            crypto.mask_account(p.account) if p.account else "",
            p.address, now, actor_id))
    return rows


def _store(records: list[tuple[int, PolicyRecord]], *, actor: Person | None,
           action: str) -> tuple[list[int], list[BadRow]]:
    """Check records against stored data and store the good ones in one transaction;
    returns the new policies' ids and the refused rows.

    Raw `executemany` inserts (services/bulk.py) in place of model instances: the same
    columns and values; one query finds the batch's stored customers by blind index.
    """
    now = timezone.now()
    bad: list[BadRow] = []
    index_id = crypto.indexer("id")
    bis: dict[str, int] = {}

    def identity(person: PersonRecord) -> int | None:
        if not person.id_number:
            return None
        number = person.id_number.number
        bi = bis.get(number)
        if bi is None:
            bi = bis[number] = index_id(number)
        return bi

    with transaction.atomic(), connection.cursor() as cursor:
        # one customer-writing transaction at a time: the shared-value triggers (R-CUS-3)
        # and the same-person check below then see every earlier batch's customers
        shared.serialise_customer_writes(cursor)
        agents: dict[str, int] = {}
        inactive: set[str] = set()
        for code, pk, active in Agent.objects.filter(
                code__in={r.agent_code for _, r in records}).values_list("code", "id", "active"):
            if active:
                agents[code] = pk
            else:
                inactive.add(code)   # no new policies for a deactivated agent
        taken = set(InsurancePolicy.objects.filter(
            number__in=[r.policy_number for _, r in records]).values_list("number", flat=True))
        ids = {bi for _, r in records for p in (r.holder, r.insured, *r.beneficiaries)
               if (bi := identity(p)) is not None}
        stored = {bi: _Party(name, gender, birth, pk=pk)
                  for pk, bi, name, gender, birth in bulk.known_customers(cursor, sorted(ids))}
        new: dict[int, _Party] = {}
        plans: list[tuple[PolicyRecord, list[_Party]]] = []
        for line, record in records:
            reasons = []
            if record.agent_code in inactive:
                reasons.append(f"代理人工号 {record.agent_code} 已停用")
            elif record.agent_code not in agents:
                reasons.append(f"代理人工号 {record.agent_code} 未登记")
            if record.policy_number in taken:
                reasons.append(f"保单号 {record.policy_number} 已存在")
            chosen: list[_Party] = []
            row_new: dict[int, _Party] = {}
            for person in (record.holder, record.insured, *record.beneficiaries):
                bi = identity(person)
                known = None if bi is None else (
                    stored.get(bi) or new.get(bi) or row_new.get(bi))
                if known is not None:
                    problem = _conflict(person, (known.name, known.gender, known.birth_date))
                    if problem:
                        reasons.append(problem)
                    chosen.append(known)
                    continue
                party = _Party(person.name, person.gender, person.birth_date, person=person)
                if bi is not None:
                    row_new[bi] = party
                chosen.append(party)
            if reasons:
                bad.append(BadRow(line, reasons))
                continue
            taken.add(record.policy_number)
            new.update(row_new)
            plans.append((record, chosen))
        to_create = list({id(c): c for _, cs in plans for c in cs if c.pk is None}.values())
        actor_id = actor.pk if actor is not None else None
        stamp = connection.ops.adapt_datetimefield_value(now)
        for party, pk in zip(to_create, bulk.allocate_ids(
                cursor, bulk.CUSTOMER_TABLE, len(to_create)), strict=True):
            party.pk = pk
        if to_create:
            cursor.executemany(bulk.INSERT_CUSTOMER,
                               _customer_rows(to_create, identity, actor_id=actor_id,
                                              now=stamp))
        policy_ids = bulk.allocate_ids(cursor, bulk.POLICY_TABLE, len(plans))
        date = connection.ops.adapt_datefield_value
        if plans:
            cursor.executemany(bulk.INSERT_POLICY, [
                (pk, r.policy_number, r.product, date(r.signed_on), agents[r.agent_code],
                 cs[0].pk, cs[1].pk, stamp, actor_id)
                for pk, (r, cs) in zip(policy_ids, plans, strict=True)])
        links = [(pk, c.pk) for pk, (_, cs) in zip(policy_ids, plans, strict=True)
                 for c in cs[2:]]
        if links:
            cursor.executemany(bulk.INSERT_BENEFICIARY, links)
        if plans:
            lines = [line for line, _ in records]
            audit_append(actor=actor, action=action,
                         target=("insurancepolicy", policy_ids[0]) if len(plans) == 1 else None,
                         detail={"policies": len(plans), "customers": len(to_create),
                                 "lines": f"{min(lines)}-{max(lines)}",
                                 "refused": len(bad)})
    return policy_ids, bad


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
    return InsurancePolicy.objects.get(pk=policies[0])


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


__all__ = ["BadRow", "ImportResult", "Problem", "policies_import", "policy_register"]
