"""Registering policies and their customers: one by form or API, many by import.

`policy_register` stores one checked record; `policies_import` streams rows in batches of
`[customers] import_batch_rows`, one transaction per batch: a bad row (R-CUS-1, R-CUS-2, or
a conflict with stored data) is reported with its line and reasons and never stored, the
good rows of the batch are stored together, so no row is ever half-written.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers.identity import Problem
from baomi.customers.models import Agent, InsurancePolicy
from baomi.customers.records import problems_by_field
from baomi.customers.services import bulk, require, shared
from baomi.customers.services.prepare import (
    Prepared,
    Preparer,
    frozen_heap,
    prepared_rows,
)
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
    columns: tuple[Any, ...] | None = None   # a new customer: its prepared insert values


def _conflict(name: str, gender: str, birth: Any, known: _Party) -> str:
    if known.name != name:
        return _("证件号码已登记为另一姓名的客户(%(name)s**)") % {"name": known.name[:1]}
    if (known.gender and known.gender != gender) or (
            known.birth_date and known.birth_date != birth):
        return _("证件号码已登记,但性别或出生日期与登记不符")
    return ""


def _store(records: list[tuple[int, Prepared]], *, actor: Person | None,
           action: str) -> tuple[list[int], list[BadRow]]:
    """Check prepared records (services/prepare.py) against stored data and store the good
    ones in one transaction; returns the new policies' ids and the refused rows.

    Raw inserts (services/bulk.py) of the prepared values: no model instances and no
    cryptography here; one query finds the batch's stored customers by blind index.
    """
    now = timezone.now()
    bad: list[BadRow] = []
    with transaction.atomic(), connection.cursor() as cursor:
        # one customer-writing transaction at a time: the shared-value triggers (R-CUS-3)
        # and the same-person check below then see every earlier batch's customers
        shared.serialise_customer_writes(cursor)
        agents: dict[str, int] = {}
        inactive: set[str] = set()
        for code, pk, active in Agent.objects.filter(
                code__in={r[1] for _, r in records}).values_list("code", "id", "active"):
            if active:
                agents[code] = pk
            else:
                inactive.add(code)   # no new policies for a deactivated agent
        taken = bulk.taken_numbers(cursor, sorted({r[0] for _, r in records}))
        ids = {p[0] for _, r in records for p in r[4] if p[0] is not None}
        stored = {bi: _Party(name, gender, birth, pk=pk)
                  for pk, bi, name, gender, birth in bulk.known_customers(cursor, sorted(ids))}
        new: dict[int, _Party] = {}
        to_create: list[_Party] = []   # in order of first use
        plans: list[tuple[Prepared, list[_Party]]] = []
        known_get, new_get = stored.get, new.get
        for line, record in records:
            number, agent, _kind, _date, people = record
            reasons = []
            if agent not in agents:
                reasons.append(_("代理人工号 %(agent)s 已停用") % {"agent": agent} if agent in inactive
                               else _("代理人工号 %(agent)s 未登记") % {"agent": agent})
            if number in taken:
                reasons.append(_("保单号 %(number)s 已存在") % {"number": number})
            chosen: list[_Party] = []
            row_new: dict[int, _Party] = {}
            created: list[_Party] = []
            for bi, name, gender, birth, columns in people:
                known = None if bi is None else (
                    known_get(bi) or new_get(bi) or row_new.get(bi))
                if known is not None:
                    problem = _conflict(name, gender, birth, known)
                    if problem:
                        reasons.append(problem)
                    chosen.append(known)
                    continue
                party = _Party(name, gender, birth, None, columns)
                if bi is not None:
                    row_new[bi] = party
                chosen.append(party)
                created.append(party)
            if reasons:
                bad.append(BadRow(line, reasons))
                continue
            taken.add(number)
            new.update(row_new)
            to_create += created
            plans.append((record, chosen))
        actor_id = actor.pk if actor is not None else None
        stamp = connection.ops.adapt_datetimefield_value(now)
        tail = (stamp, actor_id)
        rows = []
        for party, pk in zip(to_create, bulk.allocate_ids(
                cursor, bulk.CUSTOMER_TABLE, len(to_create)), strict=True):
            party.pk = pk
            rows.append((pk, *(party.columns or ()), *tail))
        bulk.insert_rows(cursor, bulk.CUSTOMER_TABLE, rows)
        policy_ids = bulk.allocate_ids(cursor, bulk.POLICY_TABLE, len(plans))
        bulk.insert_rows(cursor, bulk.POLICY_TABLE, [
            (pk, r[0], r[2], r[3], agents[r[1]], cs[0].pk, cs[1].pk, *tail)
            for pk, (r, cs) in zip(policy_ids, plans, strict=True)])
        bulk.insert_rows(cursor, bulk.BENEFICIARY_TABLE, [
            (pk, c.pk) for pk, (_, cs) in zip(policy_ids, plans, strict=True) for c in cs[2:]])
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
    checked = Preparer(timezone.localdate())(data)
    if isinstance(checked, list):
        raise ApplicationError(_("客户资料不完整或有误"), fields=problems_by_field(checked))
    policies, bad = _store([(1, checked)], actor=actor, action="policy.register")
    if bad:
        raise ApplicationError(_("客户资料与已登记资料不符"),
                               fields={"non_field_errors": bad[0].reasons})
    return InsurancePolicy.objects.get(pk=policies[0])


def policies_import(*, actor: Person, rows: Iterable[tuple[int, Mapping[str, Any]]],
                    progress: Callable[[int], None] | None = None,
                    parallel: bool | None = None) -> ImportResult:
    """Import (line, row) pairs; returns what was stored and every bad line with reasons.

    Rows are checked and prepared (services/prepare.py) in worker processes when the
    import is larger than two batches and there is more than one core (`parallel`: force
    them on or off), else inline; they are stored in file order either way, in batches.
    """
    require(may_work_with_customers(actor), actor=actor, action="customers.import")
    size = get_policy().customers.import_batch_rows
    result = ImportResult()
    batch: list[tuple[int, Prepared]] = []

    def flush() -> None:
        if batch:
            stored, bad = _store(batch, actor=actor, action="customers.import")
            result.stored += len(stored)
            result.bad.extend(bad)
            batch.clear()

    stream = prepared_rows(rows, today=timezone.localdate(), min_rows=2 * size,
                           parallel=parallel)
    with frozen_heap(), closing(stream):   # closing: the workers stop if storing fails
        for line, prepared in stream:
            result.rows += 1
            if isinstance(prepared, list):
                result.bad.append(BadRow(line, prepared))
            else:
                batch.append((line, prepared))
            if len(batch) >= size:
                flush()
            if progress is not None:
                progress(1)
        flush()
    result.bad.sort(key=lambda b: b.line)
    # the whole import in one event, refused rows included — a file whose every row was
    # refused stores nothing and would otherwise leave no trace (R-ACC-6)
    with transaction.atomic():
        audit_append(actor=actor, action="customers.import.done",
                     detail={"rows": result.rows, "stored": result.stored,
                             "refused": len(result.bad)})
    return result


__all__ = ["BadRow", "ImportResult", "Problem",
           "policies_import", "policy_register"]
