"""Reads of approvals, scoped to the viewer (rule of the house 2).

A request is visible to its requester, its recipient, anyone who signed it or may sign its
current step, the secrecy office, and anyone who may see its carrier; to anyone else it
does not exist (404, R-ACC-1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from baomi.approvals.models import (
    ApprovalRequest,
    ApprovalSignature,
    ApprovalStep,
    Delegation,
    Incident,
    Notification,
)
from baomi.carriers.models import Carrier
from baomi.carriers.selectors import pending_confirmations
from baomi.core.errors import NotVisible
from baomi.people.models import Person
from baomi.people.selectors import in_secrecy_office, secrecy_office_people
from baomi.policy.access import INACTIVE, sight_annotations, visible_q
from baomi.policy.approval import ROLE_RANK, ROLE_SECRECY_OFFICE, approver_ranks
from baomi.policy.runtime import get_policy
from baomi.policy.supervision import oversees, supervises

if TYPE_CHECKING:
    from collections.abc import Iterable


def current_step(*, request: ApprovalRequest) -> ApprovalStep | None:
    return (ApprovalStep.objects.filter(request=request, status=ApprovalStep.Status.PENDING)
            .order_by("seq").first())


def active_delegations(*, delegate: Person) -> QuerySet[Delegation]:
    now = timezone.now()
    return (Delegation.objects.filter(delegate=delegate, revoked_at__isnull=True,
                                      starts_at__lte=now, ends_at__gt=now,
                                      grantor__status=Person.Status.ACTIVE)
            .select_related("grantor"))


def delegation_for(*, delegate: Person, kind: str, ranks: Iterable[str]) -> Delegation | None:
    """A delegation in force that lets `delegate` sign a step of these ranks (授权人)."""
    return (active_delegations(delegate=delegate)
            .filter(kinds__contains=f",{kind},", grantor__rank__in=list(ranks))
            .order_by("ends_at").first())


def step_candidates(*, step: ApprovalStep, request: ApprovalRequest) -> list[Person]:
    """People who may sign `step` now (for notices): rank or office, clearance, not the
    requester, not yet signed. Delegates are added from delegations in force."""
    policy = get_policy()
    clearances = [c.code for c in policy.clearances
                  if request.level in policy.levels_within(c.code)]
    qs = Person.objects.filter(status=Person.Status.ACTIVE, clearance__in=clearances)
    if step.role == ROLE_SECRECY_OFFICE:
        qs = qs.filter(id__in=secrecy_office_people().values("id"))
    else:
        now = timezone.now()
        delegates = Delegation.objects.filter(
            revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now,
            kinds__contains=f",{request.kind},", grantor__rank__in=step.rank_list,
        ).values("delegate_id")
        qs = qs.filter(Q(rank__in=step.rank_list) | Q(id__in=delegates))
    signed = ApprovalSignature.objects.filter(step=step).values("signer_id")
    return list(qs.exclude(id=request.requester_id).exclude(id__in=signed))


def _visible_requests_q(viewer: Person) -> Q:
    signed = ApprovalSignature.objects.filter(step__request=OuterRef("pk"), signer=viewer)
    return (Q(requester=viewer) | Q(recipient=viewer) | Exists(signed)
            | Q(carrier__in=Carrier.objects.filter(visible_q(viewer))))


def request_get(*, viewer: Person | None, pk: int) -> ApprovalRequest:
    """One request the viewer may see; NotVisible (404) otherwise."""
    if viewer is None or viewer.status in INACTIVE:
        raise NotVisible
    qs = ApprovalRequest.objects.filter(pk=pk)
    if not in_secrecy_office(viewer):
        qs = qs.filter(_visible_requests_q(viewer) | Q(pk__in=_inbox_request_ids(viewer)))
    # the carrier's title as this viewer may read it (hidden above a supervisor's clearance,
    # decision 0006): the secrecy office reads every request
    qs = qs.annotate(**sight_annotations(viewer, supervisor=oversees(viewer),
                                         prefix="carrier__"))
    request = qs.select_related("carrier", "copy", "requester", "requester__unit",
                                "recipient").first()
    if request is None:
        raise NotVisible
    return request


def my_requests(*, viewer: Person) -> QuerySet[ApprovalRequest]:
    return (ApprovalRequest.objects.filter(requester=viewer)
            .select_related("carrier", "copy", "recipient").order_by("-created_at", "-id"))


def _inbox_steps(viewer: Person) -> QuerySet[ApprovalStep]:
    policy = get_policy()
    may = Q(role=ROLE_RANK, ranks__contains=f",{viewer.rank},")
    for delegation in active_delegations(delegate=viewer):
        kinds = [k for k in delegation.kinds.split(",") if k]
        may |= Q(role=ROLE_RANK, ranks__contains=f",{delegation.grantor.rank},",
                 request__kind__in=kinds)
    if in_secrecy_office(viewer):
        may |= Q(role=ROLE_SECRECY_OFFICE)
    signed = ApprovalSignature.objects.filter(step=OuterRef("pk"), signer=viewer)
    return (ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING,
                                        request__status=ApprovalRequest.Status.PENDING,
                                        request__level__in=policy.levels_within(viewer.clearance))
            .filter(may).exclude(request__requester=viewer).exclude(Exists(signed)))


def _inbox_request_ids(viewer: Person) -> QuerySet[Any]:
    return _inbox_steps(viewer).values("request_id")


def my_inbox(*, viewer: Person | None) -> QuerySet[ApprovalStep]:
    """Steps waiting for this viewer's signature (待我审批), oldest first."""
    if viewer is None or viewer.status in INACTIVE:
        return ApprovalStep.objects.none()
    return (_inbox_steps(viewer)
            .select_related("request", "request__carrier", "request__requester",
                            "request__requester__unit")
            .order_by("due_at", "id"))


def request_steps(*, request: ApprovalRequest) -> list[ApprovalStep]:
    return list(ApprovalStep.objects.filter(request=request)
                .prefetch_related("signatures__signer", "signatures__on_behalf_of")
                .order_by("seq"))


def my_notifications(*, viewer: Person, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=viewer)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def my_delegations(*, viewer: Person) -> QuerySet[Delegation]:
    return (Delegation.objects.filter(Q(grantor=viewer) | Q(delegate=viewer))
            .select_related("grantor", "delegate").order_by("-created_at"))


def incidents_for(*, viewer: Person) -> QuerySet[Incident]:
    qs = Incident.objects.select_related("carrier", "copy", "reporter").order_by("-created_at")
    if supervises(viewer, in_office=in_secrecy_office(viewer)):  # R-DOC-11
        return qs
    return qs.filter(reporter=viewer)


def approved_print_requests(*, person: Person, carrier_id: int) -> list[tuple[str, int]]:
    """(number, copies) of this person's approved print requests for a carrier, oldest
    first — what baomi.files counts print outputs against (R-DOC-1)."""
    return [(str(number), int(count)) for number, count in ApprovalRequest.objects.filter(
        kind=ApprovalRequest.Kind.PRINT, carrier_id=carrier_id, requester_id=person.pk,
        status__in=(ApprovalRequest.Status.APPROVED, ApprovalRequest.Status.DONE),
        number__isnull=False,
    ).order_by("decided_at", "id").values_list("number", "count")]


def delegable_kinds_for(*, person: Person) -> list[str]:
    """The kinds `person` may delegate: listed as delegable in the policy and approved by
    their rank at some level (R-DOC-4 总经理或其授权人)."""
    policy = get_policy()
    return [kind for kind in policy.approvals.delegable_actions
            if any(person.rank in approver_ranks(kind, level.code) for level in policy.levels)]


def delegations_in_force(*, viewer: Person) -> QuerySet[Delegation]:
    """Delegations not revoked and not yet ended, granted by or to the viewer."""
    now = timezone.now()
    return (Delegation.objects.filter(Q(grantor=viewer) | Q(delegate=viewer),
                                      revoked_at__isnull=True, ends_at__gt=now)
            .select_related("grantor", "delegate", "grantor__unit", "delegate__unit")
            .order_by("ends_at", "id"))


def delegation_get(*, viewer: Person, pk: int) -> Delegation:
    """A delegation the viewer granted or received; NotVisible otherwise."""
    found = (Delegation.objects.filter(Q(grantor=viewer) | Q(delegate=viewer), pk=pk)
             .select_related("grantor", "delegate").first())
    if found is None:
        raise NotVisible
    return found


def incident_get(*, viewer: Person, pk: int) -> Incident:
    found = incidents_for(viewer=viewer).filter(pk=pk).select_related("closed_by").first()
    if found is None:
        raise NotVisible
    return found


def pending_confirmations_for(*, viewer: Person | None) -> list[Carrier]:
    """Drafts waiting for this viewer's confirmation (定密, R-CLS-3): the carriers app's own
    flow, listed in the approvals inbox so a leader has one inbox."""
    if viewer is None or viewer.status in INACTIVE:
        return []
    return list(pending_confirmations(viewer=viewer)[:200])
