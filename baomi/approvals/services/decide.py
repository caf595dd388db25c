"""Deciding a step: approve or reject with a reason (R-ACC-4, R-ACC-5).

Exactly one decision per step, whatever the concurrency: the request row and the step row
are locked (`select_for_update`) and their status re-read inside the transaction, and a
signer may sign a step once (a unique constraint backs that up). The whole decision is
one durable transaction; the notices go out once it has committed. Two-person steps need two
different people, each re-authenticating with their password.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.approvals.actions import sign_verdict
from baomi.approvals.models import (
    ApprovalRequest,
    ApprovalSignature,
    ApprovalStep,
)
from baomi.approvals.selectors import current_step, step_candidates
from baomi.approvals.services._common import notify
from baomi.audit.services import audit_append, audit_denial
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.selectors import person_reauthenticates
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person

Sig = ApprovalSignature.Decision
St = ApprovalStep.Status


def _not_pending(request: ApprovalRequest) -> ApplicationError:
    return ApplicationError(_("该申请已处理"), fields={"status": [request.get_status_display()]})


def notify_step(request: ApprovalRequest, step: ApprovalStep) -> None:
    """Tell the people who may sign `step` that it waits for them (ids and level only)."""
    level = get_policy().level(request.level).label
    notify(recipients=step_candidates(step=step, request=request), kind="approval.pending",
           key=f"pending:{step.pk}",
           text=f"审批单 {request.number}({request.get_kind_display()},{level})待您审批",
           link=reverse("approvals:detail", args=[request.pk]))


def _reauthenticated(actor: Person, password: str, *, action: str, target: object) -> None:
    """The signer re-enters their password. Not a policy decision: a wrong password is bad
    input (400), but the failed re-authentication is recorded as a denial (R-ACC-5,
    R-ACC-6) — one of the few direct uses of `audit_denial` outside `require`."""
    if not person_reauthenticates(actor, password):
        audit_denial(actor=actor, action=action, target=target, rule="R-ACC-5",
                     reason="签字人身份验证失败")  # the audit record: Chinese
        raise ApplicationError(_("身份验证失败,请输入本人登录密码"), fields={"password": [_("密码不正确")]})


@durable_service
def step_decide(*, actor: Person, request: ApprovalRequest, decision: str, reason: str = "",
                password: str = "") -> ApprovalRequest:
    """Approve (同意) or reject (驳回) the request's current step as `actor`."""
    if decision not in Sig.values:
        raise ApplicationError(_("请选择同意或驳回"), fields={"decision": [_("同意或驳回")]})
    reason = (reason or "").strip()
    fresh = ApprovalRequest.objects.select_related("carrier").get(pk=request.pk)
    if fresh.status != ApprovalRequest.Status.PENDING:
        raise _not_pending(fresh)
    step = current_step(request=fresh)
    if step is None:
        raise _not_pending(fresh)
    verdict, delegation = sign_verdict(viewer=actor, request=fresh, step=step)
    action = "approval.approve" if decision == Sig.APPROVE else "approval.reject"
    require(verdict, actor=actor, action=action, target=fresh)
    two_person = step.signatures_required > 1
    if two_person or password:
        _reauthenticated(actor, password, action=action, target=fresh)
    if decision == Sig.REJECT and not reason:
        raise ApplicationError(_("驳回须写明理由"), fields={"reason": [_("请填写驳回理由")]})
    principal = delegation.grantor_id if delegation else actor.id
    current = ApprovalRequest.objects.select_for_update().get(pk=fresh.pk)
    if current.status != ApprovalRequest.Status.PENDING:
        raise _not_pending(current)
    locked = ApprovalStep.objects.select_for_update().get(pk=step.pk)
    if locked.status != St.PENDING:
        raise _not_pending(current)
    earlier = list(locked.signatures.all())
    if any(s.signer_id == actor.id or (s.on_behalf_of_id or s.signer_id) == principal
           for s in earlier):
        raise ApplicationError(_("您已签署此步骤"), fields={"status": [_("已签署,等待另一人签字")]})
    now = timezone.now()
    ApprovalSignature.objects.create(
        step=locked, signer=actor, on_behalf_of=delegation.grantor if delegation else None,
        decision=decision, reason=reason[:500],
        reauthenticated=bool(password) or two_person, at=now)
    next_step: ApprovalStep | None = None
    if decision == Sig.REJECT:
        locked.status, locked.decided_at = St.REJECTED, now
        current.status, current.decided_at = ApprovalRequest.Status.REJECTED, now
        current.steps.filter(status=St.WAITING).update(status=St.CANCELLED)
    elif len(earlier) + 1 >= locked.signatures_required:
        locked.status, locked.decided_at = St.APPROVED, now
        next_step = (current.steps.select_for_update().filter(status=St.WAITING)
                     .order_by("seq").first())
        if next_step is None:
            current.status, current.decided_at = ApprovalRequest.Status.APPROVED, now
        else:
            hours = get_policy().approvals.step_due_hours
            next_step.status = St.PENDING
            next_step.due_at = now + timedelta(hours=hours)
            next_step.save(update_fields=["status", "due_at"])
    locked.save(update_fields=["status", "decided_at"])
    current.save(update_fields=["status", "decided_at"])
    audit_append(actor=actor, action=action, target=current, rule=verdict.rule,
                 detail={"number": current.number, "step": locked.seq,
                         "signatures": len(earlier) + 1,
                         "on_behalf_of": delegation.grantor.staff_no if delegation else None,
                         "reason": reason[:500]})
    transaction.on_commit(lambda: _notify_decided(current, next_step))
    return current


def _notify_decided(current: ApprovalRequest, next_step: ApprovalStep | None) -> None:
    """After the decision is committed: tell the next signers, or the requester."""
    if next_step is not None:
        notify_step(current, next_step)
    if current.status != ApprovalRequest.Status.PENDING:
        notify(recipients=[current.requester], kind="approval.decided",
               key=f"decided:{current.pk}",
               text=f"审批单 {current.number}({current.get_kind_display()})"
                    f"{current.get_status_display()}",
               link=reverse("approvals:detail", args=[current.pk]))
