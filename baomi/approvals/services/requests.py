"""Submitting and withdrawing approval requests (审批单).

A forbidden action (copying 机密 R-DOC-5, 机密 over a network R-DOC-3) is refused here with
its rule and never sent for approval; the chain of steps comes from the policy by level.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.approvals.models import ApprovalRequest, ApprovalStep
from baomi.approvals.services._common import notify
from baomi.audit.services import audit_append
from baomi.carriers.models import Carrier, CarrierCopy
from baomi.carriers.selectors import carrier_get
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.models import Person
from baomi.policy.access import may_view
from baomi.policy.approval import action_allowed, chain_for
from baomi.policy.approval_actions import may_submit, may_withdraw, nda_in_place
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from baomi.people.models import Person
    from baomi.policy.approval import StepSpec

Kind = ApprovalRequest.Kind
COPY_KINDS = (Kind.BORROW, Kind.DISTRIBUTE, Kind.DESTROY, Kind.EXTERNAL)


def _validate(*, kind: str, carrier: Carrier, copy: CarrierCopy | None, reason: str,
              due_back: date | None, count: int, recipient: Person | None, party: str,
              nda_signed: bool, nda_ref: str, new_level: str,
              new_term_years: int | None) -> dict[str, list[str]]:
    policy = get_policy()
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("请填写事由")]
    if copy is not None and copy.carrier_id != carrier.pk:
        errors["copy"] = [_("该份不属于此载体")]
    if kind in COPY_KINDS and copy is not None and copy.status != CarrierCopy.Status.HELD:
        errors["copy"] = [_("该份%(status)s") % {"status": copy.get_status_display()}]
    if kind == Kind.BORROW:
        longest = policy.approvals.borrow_max_days
        today = timezone.localdate()
        if due_back is None:
            errors["due_back"] = [_("请填写归还日期")]
        elif not today <= due_back <= today + timedelta(days=longest):
            errors["due_back"] = [_("R-DOC-4: 归还日期应在今天起 %(longest)s 天以内") % {"longest": longest}]
    if kind in (Kind.PRINT, Kind.COPY) and not 1 <= count <= policy.max_copies_per_carrier:
        errors["count"] = [_("份数应在 1 到 %(max_copies_per_carrier)s 之间") % {"max_copies_per_carrier": policy.max_copies_per_carrier}]
    if kind == Kind.DISTRIBUTE:
        if recipient is None:
            errors["recipient"] = [_("请选择收件人")]
        elif not may_view(recipient, carrier, named=False).allowed:
            errors["recipient"] = [_("R-DOC-2: 收件人不在知悉范围内")]
    if kind == Kind.EXTERNAL and not party.strip():
        errors["party"] = [_("请填写接收单位")]
    if kind == Kind.CHANGE_LEVEL and (new_level not in policy.level_codes()
                                      or new_level == carrier.level):
        errors["new_level"] = [_("请选择新的密级")]
    if kind == Kind.EXTEND:
        spec = policy.level(carrier.level)
        if new_term_years is None or not (
                (carrier.term_years or 0) < new_term_years <= spec.max_term_years):
            errors["new_term_years"] = [_("R-CLS-5: 应长于现期限且不超过 %(max_term_years)s 年") % {"max_term_years": spec.max_term_years}]
    del nda_signed, nda_ref
    return errors


class PendingRequestExists(ApplicationError):
    """A second pending request for the same carrier, requester and kind.

    A conflict with what is already stored, not a policy denial: no rule forbids asking
    twice, the first request simply already asks (docs/decisions/0005). It names — and
    the page links — the existing request.
    """

    def __init__(self, existing: ApprovalRequest) -> None:
        self.existing = existing
        text = _("已有同一载体的同类申请 %(number)s 正在审批中,请勿重复提交") % {
            "number": existing.number}
        super().__init__(text, fields={"kind": [text]})

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "existing": {"id": self.existing.pk,
                                                  "number": self.existing.number}}


def _refuse_second_pending(*, actor: Person, carrier: Carrier, kind: str) -> None:
    """Lock the carrier row (concurrent submissions queue here), then refuse a second
    pending request of `actor` for it of the same kind."""
    Carrier.objects.select_for_update().filter(pk=carrier.pk).exists()
    existing = (ApprovalRequest.objects.filter(
        carrier=carrier, requester=actor, kind=kind, status=ApprovalRequest.Status.PENDING)
        .order_by("created_at").first())
    if existing is not None:
        raise PendingRequestExists(existing)


def _steps(request: ApprovalRequest, chain: Sequence[StepSpec]) -> list[ApprovalStep]:
    hours = get_policy().approvals.step_due_hours
    now = timezone.now()
    return [ApprovalStep(request=request, seq=i, role=spec.role,
                         ranks="," + ",".join(spec.ranks) + "," if spec.ranks else "",
                         signatures_required=spec.signatures, rule=spec.rule,
                         status=ApprovalStep.Status.PENDING if i == 1 else ApprovalStep.Status.WAITING,
                         due_at=now + timedelta(hours=hours) if i == 1 else None)
            for i, spec in enumerate(chain, start=1)]


@durable_service
def request_submit(*, actor: Person, kind: str, carrier: Carrier, reason: str,
                   copy: CarrierCopy | None = None, due_back: date | None = None,
                   count: int = 1, recipient: Person | None = None, party: str = "",
                   nda_signed: bool = False, nda_ref: str = "", new_level: str = "",
                   new_term_years: int | None = None) -> ApprovalRequest:
    """Fill in an approval request (审批单). Refused at once when the policy forbids the
    action; approved at once when the level needs no approval; otherwise pending at step 1.
    The requester must see the carrier (else NotVisible → 404, R-ACC-1)."""
    if kind not in Kind.values:
        raise ApplicationError(_("未知的申请类型"), fields={"kind": [_("未知的申请类型 %(kind)s") % {"kind": kind}]})
    carrier = carrier_get(viewer=actor, pk=carrier.pk)
    require(may_submit(actor), actor=actor, action=f"approval.{kind.lower()}", target=carrier)
    if carrier.status != Carrier.Status.CONFIRMED:
        raise ApplicationError(_("只有已定密的载体可以申请"),
                               fields={"carrier": [carrier.get_status_display()]})
    allowed = action_allowed(kind, carrier.level)
    require(allowed, actor=actor, action=f"approval.{kind.lower()}", target=carrier)
    if kind == Kind.EXTERNAL:
        require(nda_in_place(signed=nda_signed, ref=nda_ref), actor=actor,
                action="approval.external", target=carrier)
    errors = _validate(kind=kind, carrier=carrier, copy=copy, reason=reason, due_back=due_back,
                       count=count, recipient=recipient, party=party, nda_signed=nda_signed,
                       nda_ref=nda_ref, new_level=new_level, new_term_years=new_term_years)
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    _refuse_second_pending(actor=actor, carrier=carrier, kind=kind)
    chain = chain_for(kind, carrier.level)
    now = timezone.now()
    request = ApprovalRequest(
        kind=kind, carrier=carrier, copy=copy, level=carrier.level, requester=actor,
        reason=reason.strip(), due_back=due_back if kind == Kind.BORROW else None,
        count=count if kind in (Kind.PRINT, Kind.COPY) else 1,
        recipient=recipient if kind == Kind.DISTRIBUTE else None, party=party.strip(),
        nda_signed=nda_signed, nda_ref=nda_ref.strip(), new_level=new_level,
        new_term_years=new_term_years, created_at=now,
        status=ApprovalRequest.Status.PENDING if chain else ApprovalRequest.Status.APPROVED,
        decided_at=None if chain else now)
    request.save(force_insert=True)
    request.number = f"SP-{timezone.localdate(now).year}-{request.pk:06d}"
    request.save(update_fields=["number"])
    ApprovalStep.objects.bulk_create(_steps(request, chain))
    audit_append(actor=actor, action="approval.submit", target=request,
                 rule=allowed.rule,
                 detail={"number": request.number, "kind": kind,
                         "carrier": carrier.number, "level": carrier.level,
                         "steps": len(chain), "auto_approved": not chain})
    transaction.on_commit(lambda: _notify_submitted(request, actor=actor, chained=bool(chain)))
    return request


def _notify_submitted(request: ApprovalRequest, *, actor: Person, chained: bool) -> None:
    """After the request is committed: tell the first signers, or the requester."""
    if chained:
        from baomi.approvals.services.decide import notify_step

        notify_step(request, request.steps.get(seq=1))
    else:
        notify(recipients=[actor], kind="approval.decided", key=f"decided:{request.pk}",
               text=f"审批单 {request.number}({request.kind})无需审批,已批准",
               link=reverse("approvals:detail", args=[request.pk]))


@durable_service
def request_withdraw(*, actor: Person, request: ApprovalRequest) -> ApprovalRequest:
    """The requester withdraws a pending request."""
    require(may_withdraw(actor_id=actor.id, requester_id=request.requester_id), actor=actor,
            action="approval.withdraw", target=request)
    current = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != ApprovalRequest.Status.PENDING:
        raise ApplicationError(_("该申请已处理"), fields={"status": [current.get_status_display()]})
    current.status = ApprovalRequest.Status.WITHDRAWN
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_at"])
    current.steps.filter(status__in=(ApprovalStep.Status.PENDING, ApprovalStep.Status.WAITING)
                         ).update(status=ApprovalStep.Status.CANCELLED)
    audit_append(actor=actor, action="approval.withdraw", target=current,
                 detail={"number": current.number})
    return current
