"""Reminders (`baomi approvals_remind`): idempotent and safe to run at any frequency.

Overdue returns (R-DOC-4), pending steps past their due time, and terms ending within the
policy's notice period (R-CLS-5) become in-app notices. A notice says which id and which
level, never the content (R-DOC-3); each is posted at most once per day (or once per term).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest, ApprovalStep
from baomi.approvals.selectors import step_candidates
from baomi.approvals.services._common import notify
from baomi.audit.services import audit_append
from baomi.carriers.ledger import all_overdue, terms_ending
from baomi.people.selectors import secrecy_office_people
from baomi.policy.runtime import get_policy


def remind_run(*, now: datetime | None = None) -> dict[str, int]:
    """Post what is due; returns how many new notices of each kind were posted."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    policy = get_policy()
    office = list(secrecy_office_people())
    counts = {"overdue": 0, "steps": 0, "terms": 0}
    for copy in all_overdue(today=today):
        level = policy.level(copy.carrier.level).label
        text = (f"借阅逾期:{copy.carrier.number} 第 {copy.copy_no} 份({level}),"
                f"应还日期 {copy.due_back:%Y-%m-%d}")
        recipients = [copy.custodian, *([copy.lent_by] if copy.lent_by else []), *office]
        counts["overdue"] += notify(recipients=recipients, kind="custody.overdue",
                                    key=f"overdue:{copy.pk}:{copy.due_back}:{today}",
                                    text=text, link=reverse("home"))
    late = (ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING, due_at__lt=now,
                                        request__status=ApprovalRequest.Status.PENDING)
            .select_related("request"))
    for step in late:
        request = step.request
        level = policy.level(request.level).label
        counts["steps"] += notify(
            recipients=step_candidates(step=step, request=request), kind="approval.late",
            key=f"late:{step.pk}:{today}",
            text=f"审批单 {request.number}({request.get_kind_display()},{level})已超过审批时限",
            link=reverse("approvals:detail", args=[request.pk]))
    for carrier in terms_ending(before=today + timedelta(days=policy.remind_days_before_end)):
        level = policy.level(carrier.level).label
        counts["terms"] += notify(
            recipients=[carrier.drafter, *office], kind="carrier.term",
            key=f"term:{carrier.pk}:{carrier.term_ends}",
            text=f"保密期限将到:{carrier.number}({level}),至 {carrier.term_ends:%Y-%m-%d},"
                 "请办理解密或延期",
            link=reverse("carriers:detail", args=[carrier.pk]))
    if any(counts.values()):
        audit_append(actor=None, action="approvals.remind", detail=dict(counts))
    return counts
