"""The suspicious-customer list (R-CUS-3): scan, assign, close with findings and evidence.

`suspicious_scan(scan_date=T)` groups the blind-index columns of customers entered by the
end of day T (`GROUP BY phone_bi HAVING COUNT(*) >= 2`, the same for bank accounts): the
scan never decrypts. Each shared value becomes one open item, listed on T+1 working day
and due `investigation_working_days` working days later. Re-running for any date adds no
duplicate: a value with an open item only gains its new customers (a partial unique index
allows one open item per value, so concurrent runs cannot duplicate either), and a value
whose item was closed comes back only when a customer not yet investigated shares it.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.models import (
    Agent,
    Customer,
    Evidence,
    ScanRun,
    SuspiciousItem,
    SuspiciousMember,
)
from baomi.customers.services import require
from baomi.customers.services.calendar import calendar_for, missing_year_warning
from baomi.people.selectors import active_people
from baomi.policy.customers import may_close_item, may_oversee_list
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person

CHUNK = 500
KINDS = ((SuspiciousItem.Kind.PHONE, "phone_bi", "phone_masked"),
         (SuspiciousItem.Kind.ACCOUNT, "account_bi", "account_masked"))


@dataclass
class ScanResult:
    run: ScanRun
    warning: str


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    content: bytes
    content_type: str = ""


def _chunks(items: list[Any], size: int = CHUNK) -> Any:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def shared_values(column: str, *, cutoff: datetime.datetime, minimum: int) -> list[int]:
    """Blind-index values held by `minimum` or more customers entered before `cutoff`."""
    return list(Customer.objects.filter(created_at__lt=cutoff, **{f"{column}__isnull": False})
                .order_by().values(column).annotate(n=Count("id")).filter(n__gte=minimum)
                .values_list(column, flat=True))


def _cutoff(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)


def _assignees() -> list[Any]:
    units = get_policy().customers.service_units
    return list(active_people().filter(unit__code__in=units).order_by("id"))


def _assign_new(item_ids: list[int]) -> None:
    """Round-robin over the customer-service people, least loaded first."""
    people = _assignees()
    if not people or not item_ids:
        return
    load = dict(SuspiciousItem.objects.filter(status=SuspiciousItem.Status.OPEN,
                                              assignee__in=people)
                .order_by().values("assignee").annotate(n=Count("id"))
                .values_list("assignee", "n"))
    people.sort(key=lambda p: (load.get(p.id, 0), p.id))
    for index, person in enumerate(people):
        SuspiciousItem.objects.filter(pk__in=item_ids[index::len(people)]).update(assignee=person)


def suspicious_scan(*, scan_date: datetime.date, actor: Person | None = None) -> ScanResult:
    """Build the T+1 list for business date T (idempotent, cron-safe)."""
    settings = get_policy().customers
    cal = calendar_for(scan_date)
    listed_on = cal.next_working_day(scan_date)
    due_on = cal.add_working_days(listed_on, settings.investigation_working_days)
    warning = missing_year_warning(cal.missing_years(scan_date, listed_on, due_on))
    cutoff = _cutoff(scan_date)
    now = timezone.now()
    run = ScanRun(scan_date=scan_date, listed_on=listed_on, due_on=due_on, started_at=now,
                  calendar_warning=warning[:300])
    with transaction.atomic():
        for kind, column, masked in KINDS:
            keys = shared_values(column, cutoff=cutoff, minimum=settings.shared_min_customers)
            run.groups += len(keys)
            new, joined = _merge(kind, column, masked, keys, cutoff=cutoff,
                                 scan_date=scan_date, listed_on=listed_on, due_on=due_on,
                                 now=now)
            run.new_items += len(new)
            run.joined += joined
            _assign_new(new)
        run.finished_at = timezone.now()
        run.save()
        audit_append(actor=actor, action="customers.scan", target=run,
                     detail={"date": scan_date.isoformat(), "groups": run.groups,
                             "new_items": run.new_items, "joined": run.joined,
                             "due_on": due_on.isoformat()},
                     actor_label="" if actor else "customers_scan")
    return ScanResult(run=run, warning=warning)


def _merge(kind: str, column: str, masked: str, keys: list[int], *,
           cutoff: datetime.datetime, scan_date: datetime.date, listed_on: datetime.date,
           due_on: datetime.date, now: datetime.datetime) -> tuple[list[int], int]:
    """Open items for new shared values, new members for open ones; (new item ids, joined)."""
    members: dict[int, set[int]] = {}
    masks: dict[int, str] = {}
    for chunk in _chunks(keys):
        for pk, key, mask in Customer.objects.filter(
                created_at__lt=cutoff, **{f"{column}__in": chunk}).values_list("id", column, masked):
            members.setdefault(key, set()).add(pk)
            masks.setdefault(key, mask)
    open_items: dict[int, int] = {}
    seen: dict[int, set[int]] = {}   # customers already investigated or listed per value
    for chunk in _chunks(keys):
        for item_id, key, status, customer_id in SuspiciousMember.objects.filter(
                item__kind=kind, item__key_bi__in=chunk).values_list(
                "item_id", "item__key_bi", "item__status", "customer_id"):
            seen.setdefault(key, set()).add(customer_id)
            if status == SuspiciousItem.Status.OPEN:
                open_items[key] = item_id
    fresh = [SuspiciousItem(kind=kind, key_bi=key, masked=masks[key], scan_date=scan_date,
                            listed_on=listed_on, due_on=due_on, created_at=now)
             for key in keys if key not in open_items and members[key] - seen.get(key, set())]
    SuspiciousItem.objects.bulk_create(fresh, batch_size=CHUNK, ignore_conflicts=True)
    new_ids: list[int] = []
    if fresh:
        fresh_keys = [item.key_bi for item in fresh]
        for chunk in _chunks(fresh_keys):
            for item_id, key in SuspiciousItem.objects.filter(
                    kind=kind, key_bi__in=chunk, status=SuspiciousItem.Status.OPEN,
                    scan_date=scan_date, created_at=now).values_list("id", "key_bi"):
                open_items[key] = item_id
                new_ids.append(item_id)
    rows = [SuspiciousMember(item_id=open_items[key], customer_id=pk)
            for key in keys if key in open_items
            for pk in members[key] - seen.get(key, set())]
    SuspiciousMember.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    fresh_ids = set(new_ids)
    joined = sum(1 for r in rows if r.item_id not in fresh_ids)
    return new_ids, joined


def _locked(item: SuspiciousItem) -> SuspiciousItem:
    return SuspiciousItem.objects.select_for_update().get(pk=item.pk)


def item_assign(*, actor: Person, item: SuspiciousItem, assignee: Person) -> SuspiciousItem:
    require(may_oversee_list(actor), actor=actor, action="suspicious.assign", target=item)
    if assignee.status == "LEFT":
        raise ApplicationError("请更正标出的字段", fields={"assignee": ["此人已离职"]})
    with transaction.atomic():
        item = _locked(item)
        if item.status != SuspiciousItem.Status.OPEN:
            raise ApplicationError("此可疑件已办结", fields={"status": ["已办结"]})
        item.assignee = assignee
        item.save(update_fields=["assignee"])
        audit_append(actor=actor, action="suspicious.assign", target=item,
                     detail={"assignee": assignee.staff_no})
    return item


def item_close(*, actor: Person, item: SuspiciousItem, outcome: str, findings: str,
               evidence: list[EvidenceFile], responsible_agent: Agent | None = None
               ) -> SuspiciousItem:
    """Close with findings and at least one evidence file (R-CUS-3, 第十三条)."""
    require(may_close_item(actor, assignee_id=item.assignee_id, viewer_id=actor.id),
            actor=actor, action="suspicious.close", target=item)
    errors: dict[str, list[str]] = {}
    if outcome not in SuspiciousItem.Outcome.values:
        errors["outcome"] = ["请选择排查结论"]
    if not findings.strip():
        errors["findings"] = ["请填写排查情况"]
    if not evidence:
        errors["evidence"] = ["请上传至少一份证明材料(客户证明、签名确认或调查报告)"]
    limit = get_policy().customers.evidence_max_mb * 1024 * 1024
    too_big = [f.name for f in evidence if len(f.content) > limit]
    if too_big:
        errors["evidence"] = [f"文件过大(上限 {limit // 1048576} MB):" + "、".join(too_big)]
    if outcome == SuspiciousItem.Outcome.FALSE_DATA and responsible_agent is None:
        errors["responsible_agent"] = ["虚假资料须注明提供资料的代理人(R-CUS-6 季度报告)"]
    if errors:
        raise ApplicationError("请更正标出的字段", fields=errors)
    now = timezone.now()
    with transaction.atomic():
        item = _locked(item)
        if item.status != SuspiciousItem.Status.OPEN:
            raise ApplicationError("此可疑件已办结", fields={"status": ["已办结"]})
        for f in evidence:
            Evidence.objects.create(
                item=item, name=f.name[:200], content_type=f.content_type[:100],
                size=len(f.content), sha256=hashlib.sha256(f.content).hexdigest(),
                blob=crypto.encrypt_bytes("evidence", f.content), uploaded_by=actor,
                uploaded_at=now)
        item.status = SuspiciousItem.Status.CLOSED
        item.outcome = outcome
        item.findings = findings.strip()
        item.responsible_agent = responsible_agent if outcome == "FALSE_DATA" else None
        item.closed_at = now
        item.closed_by = actor
        item.save()
        audit_append(actor=actor, action="suspicious.close", target=item,
                     detail={"outcome": outcome, "evidence": len(evidence),
                             "late": timezone.localdate(now) > item.due_on,
                             "agent": responsible_agent.code if responsible_agent else ""})
    return item


def evidence_read(*, actor: Person, evidence: Evidence) -> bytes:
    """The decrypted file, for the people who may see the item (audited)."""
    from baomi.policy.customers import may_work_with_customers

    require(may_work_with_customers(actor), actor=actor, action="evidence.read",
            target=evidence)
    with transaction.atomic():
        audit_append(actor=actor, action="evidence.read", target=evidence,
                     detail={"item": evidence.item_id, "sha256": evidence.sha256})
    return crypto.decrypt_bytes("evidence", evidence.blob)
