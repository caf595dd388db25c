"""Which actions a viewer may take on one request: the facts read from the database, the
decisions made by `baomi.policy.approval_actions` (the page, the API and the services ask
the same functions, so nobody is offered an action the service would refuse)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baomi.approvals.models import ApprovalRequest, ApprovalStep, Delegation
from baomi.approvals.selectors import current_step, delegation_for
from baomi.carriers.ledger import available_copies
from baomi.people.selectors import in_secrecy_office
from baomi.policy.approval import ROLE_RANK, may_sign
from baomi.policy.approval_actions import RequestFacts, StepFacts, actions_for

if TYPE_CHECKING:
    from baomi.carriers.models import CarrierCopy
    from baomi.people.models import Person
    from baomi.policy.decision import Decision

Kind = ApprovalRequest.Kind


def action_copy(request: ApprovalRequest) -> CarrierCopy | None:
    """The copy a destroy or a provision works on: the request's, else the first held."""
    return request.copy or available_copies(carrier=request.carrier).first()


def request_facts(request: ApprovalRequest, *, with_copy: bool = False) -> RequestFacts:
    copy = request.copy
    custodian_id = None
    if with_copy and request.kind == Kind.DESTROY:
        target = action_copy(request)
        custodian_id = target.custodian_id if target is not None else None
    return RequestFacts(kind=request.kind, status=request.status, level=request.level,
                        requester_id=request.requester_id, recipient_id=request.recipient_id,
                        lent_by_id=copy.lent_by_id if copy is not None else None,
                        custodian_id=custodian_id)


def _delegation(viewer: Person, request: ApprovalRequest,
                step: ApprovalStep) -> Delegation | None:
    if step.role == ROLE_RANK and viewer.rank not in step.rank_list:
        return delegation_for(delegate=viewer, kind=request.kind, ranks=step.rank_list)
    return None


def sign_verdict(*, viewer: Person, request: ApprovalRequest,
                 step: ApprovalStep) -> tuple[Decision, Delegation | None]:
    """May `viewer` sign `step` now, in person or for the grantor of a delegation in force
    (R-ACC-4, R-ACC-5)? The same decision `actions_for` offers as approve / reject."""
    delegation = _delegation(viewer, request, step)
    verdict = may_sign(viewer, role=step.role, ranks=step.rank_list, rule=step.rule,
                       level=request.level, requester_id=request.requester_id,
                       in_secrecy_office=in_secrecy_office(viewer),
                       delegated_rank=delegation.grantor.rank if delegation else None)
    return verdict, delegation


def request_actions(*, viewer: Person | None, request: ApprovalRequest) -> dict[str, Decision]:
    """`actions_for(viewer, request)` with the facts read: each action this request's state
    allows, with the decision the service will apply to `viewer`."""
    if viewer is None:
        return {}
    step = current_step(request=request) if request.status == ApprovalRequest.Status.PENDING \
        else None
    delegation = _delegation(viewer, request, step) if step is not None else None
    return actions_for(
        viewer, request_facts(request, with_copy=True), in_office=in_secrecy_office(viewer),
        step=StepFacts(role=step.role, ranks=tuple(step.rank_list), rule=step.rule)
        if step is not None else None,
        delegated_rank=delegation.grantor.rank if delegation else None)
