"""The suspicious-customer list (R-CUS-3): scan, assign, close with findings and evidence.

`suspicious_scan(scan_date=T)` lists the phone and bank-account blind indexes held by two
or more customers entered by the end of day T: it starts from the shared values the
database records as customers are stored (services/shared.py) and counts each one's
customers before the cut-off; `full=True` (`customers_scan --full`) first regroups every
customer to prove none was missed. The scan never decrypts. Each shared value becomes one open item, listed on T+1 working day
and due `investigation_working_days` working days later. Re-running for any date adds no
duplicate: a value with an open item only gains its new customers (a partial unique index
allows one open item per value, so concurrent runs cannot duplicate either), and a value
whose item was closed comes back only when a customer not yet investigated shares it.
"""

# S608: the statements below are built from model table names (quoted) and the whitelisted
# blind-index columns (_COLUMNS); every value is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.models import (
    Agent,
    Customer,
    Evidence,
    ScanRun,
    SharedValue,
    SuspiciousItem,
    SuspiciousMember,
)
from baomi.customers.services import require
from baomi.customers.services.calendar import calendar_for, missing_year_warning
from baomi.customers.services.shared import reconcile, shared_since
from baomi.people.selectors import active_people
from baomi.policy.customers import may_close_item, may_oversee_list
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person

CHUNK = 500
KINDS = ((SuspiciousItem.Kind.PHONE, "phone_bi"), (SuspiciousItem.Kind.ACCOUNT, "account_bi"))
_COLUMNS = frozenset(column for _, column in KINDS)


@dataclass
class ScanResult:
    run: ScanRun
    warning: str
    missing: dict[str, int] | None = None   # full=True: shared values the triggers lacked


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    content: bytes
    content_type: str = ""


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
        share = item_ids[index::len(people)]
        for start in range(0, len(share), CHUNK):
            SuspiciousItem.objects.filter(pk__in=share[start:start + CHUNK]).update(
                assignee=person)


def suspicious_scan(*, scan_date: datetime.date, actor: Person | None = None,
                    full: bool = False) -> ScanResult:
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
    missing = reconcile() if full else None
    with transaction.atomic():
        minimum = settings.shared_min_customers
        for kind, column in KINDS:
            run.groups += len(shared_since(kind, cutoff=cutoff, minimum=minimum))
            new, joined = _merge(kind, column, minimum=minimum, cutoff=cutoff,
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
                             "due_on": due_on.isoformat(),
                             **({"full": True, "missing": sum(missing.values())}
                                if missing is not None else {})},
                     actor_label="" if actor else "customers_scan")
    return ScanResult(run=run, warning=warning, missing=missing)


def _merge(kind: str, column: str, *, minimum: int, cutoff: datetime.datetime, scan_date: datetime.date, listed_on: datetime.date,
           due_on: datetime.date, now: datetime.datetime) -> tuple[list[int], int]:
    """Set-based, two statements per column, no Python loop over customers.

    1. one open item for every value shared by `minimum` customers that has no open item
       and has a customer not yet in one of its items (a closed item comes back only with
       someone new); the partial unique index makes a concurrent duplicate a no-op;
    2. every open item of the kind gains its customers not yet listed for the value.
    The candidates are the recorded shared values (services/shared.py) held by `minimum`
    customers before the cut-off, as `shared_since` counts them. Returns (new item ids,
    customers joined to items that already existed).
    """
    if column not in _COLUMNS:
        raise ValueError(column)
    ops = connection.ops
    q = ops.quote_name
    cust = q(Customer._meta.db_table)
    item = q(SuspiciousItem._meta.db_table)
    member = q(SuspiciousMember._meta.db_table)
    shared_table = q(SharedValue._meta.db_table)
    cut = ops.adapt_datetimefield_value(cutoff)
    created = ops.adapt_datetimefield_value(now)
    day = ops.adapt_datefield_value
    open_ = SuspiciousItem.Status.OPEN.value
    seen = (f"SELECT 1 FROM {member} m JOIN {item} j ON j.id = m.item_id "
            f"WHERE j.kind = %s AND j.key_bi = {{key}} AND m.customer_id = c.id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {item} (kind, key_bi, masked, scan_date, listed_on, due_on, status, "
            f"created_at, outcome, findings) "
            f"SELECT %s, s.key_bi, s.masked, %s, %s, %s, %s, %s, '', '' "
            f"FROM {shared_table} s WHERE s.kind = %s "
            f"AND (SELECT COUNT(*) FROM {cust} c WHERE c.{column} = s.key_bi "
            f"AND c.created_at < %s) >= %s "
            f"AND NOT EXISTS (SELECT 1 FROM {item} i WHERE i.kind = %s AND i.key_bi = s.key_bi "
            f"AND i.status = %s) "
            f"AND EXISTS (SELECT 1 FROM {cust} c WHERE c.{column} = s.key_bi "
            f"AND c.created_at < %s AND NOT EXISTS ({seen.format(key='s.key_bi')})) "
            f"ON CONFLICT DO NOTHING",
            [kind, day(scan_date), day(listed_on), day(due_on), open_, created, kind,
             cut, minimum, kind, open_, cut, kind])
        cursor.execute(f"SELECT id FROM {item} WHERE kind = %s AND created_at = %s "
                       f"AND scan_date = %s ORDER BY id", [kind, created, day(scan_date)])
        new_ids = [pk for (pk,) in cursor.fetchall()]
        cursor.execute(
            f"INSERT INTO {member} (item_id, customer_id) "
            f"SELECT i.id, c.id FROM {item} i JOIN {cust} c ON c.{column} = i.key_bi "
            f"WHERE i.kind = %s AND i.status = %s AND c.created_at < %s "
            f"AND NOT EXISTS ({seen.format(key='i.key_bi')}) "
            f"ON CONFLICT DO NOTHING",
            [kind, open_, cut, kind])
        added = max(cursor.rowcount, 0)
        cursor.execute(f"SELECT COUNT(*) FROM {member} m JOIN {item} i ON i.id = m.item_id "
                       f"WHERE i.kind = %s AND i.created_at = %s AND i.scan_date = %s",
                       [kind, created, day(scan_date)])
        in_new = int(cursor.fetchone()[0])
    return new_ids, added - in_new


def _locked(item: SuspiciousItem) -> SuspiciousItem:
    return SuspiciousItem.objects.select_for_update().get(pk=item.pk)


def item_assign(*, actor: Person, item: SuspiciousItem, assignee: Person) -> SuspiciousItem:
    require(may_oversee_list(actor), actor=actor, action="suspicious.assign", target=item)
    if assignee.status == "LEFT":
        raise ApplicationError(_("请更正标出的字段"), fields={"assignee": [_("此人已离职")]})
    with transaction.atomic():
        item = _locked(item)
        if item.status != SuspiciousItem.Status.OPEN:
            raise ApplicationError(_("此可疑件已办结"), fields={"status": [_("已办结")]})
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
        errors["outcome"] = [_("请选择排查结论")]
    if not findings.strip():
        errors["findings"] = [_("请填写排查情况")]
    if not evidence:
        errors["evidence"] = [_("请上传至少一份证明材料(客户证明、签名确认或调查报告)")]
    limit = get_policy().customers.evidence_max_mb * 1024 * 1024
    too_big = [f.name for f in evidence if len(f.content) > limit]
    if too_big:
        errors["evidence"] = [_("文件过大(上限 %(limit)s MB):") % {"limit": limit // 1048576} + "、".join(too_big)]
    if outcome == SuspiciousItem.Outcome.FALSE_DATA and responsible_agent is None:
        errors["responsible_agent"] = [_("虚假资料须注明提供资料的代理人(R-CUS-6 季度报告)")]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    now = timezone.now()
    with transaction.atomic():
        item = _locked(item)
        if item.status != SuspiciousItem.Status.OPEN:
            raise ApplicationError(_("此可疑件已办结"), fields={"status": [_("已办结")]})
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
