"""Reads of carriers, always scoped to the viewer (rule of the house 2).

The access rule comes from `baomi.policy.access`; nothing here decides who sees what.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Sum
from django.utils.functional import cached_property

from baomi.carriers.models import Carrier, CarrierCopy, CarrierScope, CarrierTally
from baomi.core.errors import NotVisible
from baomi.people.models import Person
from baomi.policy.access import INACTIVE, UNCONFIRMED, may_view, visible_q
from baomi.policy.runtime import get_policy


@dataclass(frozen=True)
class CarrierFilters:
    level: str = ""
    kind: str = ""
    status: str = ""
    department: int | None = None
    text: str = ""

    def q(self, prefix: str = "") -> Q:
        q = Q()
        if self.level:
            q &= Q(**{f"{prefix}level": self.level})
        if self.kind:
            q &= Q(**{f"{prefix}kind": self.kind})
        if self.status:
            q &= Q(**{f"{prefix}status": self.status})
        if self.department:
            q &= Q(**{f"{prefix}department_id": self.department})
        return q

    def text_q(self) -> Q:
        if not self.text:
            return Q()
        return Q(title__icontains=self.text) | Q(number__icontains=self.text)


def carrier_list(*, viewer: Person | None, filters: CarrierFilters | None = None) -> QuerySet[Carrier]:
    """Carriers the viewer may see, newest first."""
    filters = filters or CarrierFilters()
    return (Carrier.objects.filter(visible_q(viewer)).filter(filters.q()).filter(filters.text_q())
            .select_related("department", "drafter", "confirmer")
            .order_by("-created_at", "-id"))


def carrier_count(*, viewer: Person | None, filters: CarrierFilters | None = None) -> int:
    """How many carriers `carrier_list` returns, from the tally when no text filter is set.

    Exact: confirmed carriers admitted by rank come from CarrierTally; those admitted only by
    being named, and the viewer's own unconfirmed drafts, are counted directly (few rows).
    """
    filters = filters or CarrierFilters()
    if filters.text:
        return carrier_list(viewer=viewer, filters=filters).count()
    if viewer is None or viewer.status in INACTIVE:
        return 0
    policy = get_policy()
    levels = policy.levels_within(viewer.clearance)
    ranks = policy.ranks_at_or_below(viewer.rank)
    by_rank = (CarrierTally.objects.filter(filters.q())
               .exclude(status__in=UNCONFIRMED)
               .filter(level__in=levels, scope_rank__in=ranks)
               .aggregate(total=Sum("n"))["total"]) or 0
    named_only = (Carrier.objects.filter(filters.q())
                  .filter(id__in=CarrierScope.objects.filter(person_id=viewer.id)
                          .values("carrier_id"))
                  .exclude(status__in=UNCONFIRMED)
                  .filter(level__in=levels).exclude(scope_rank__in=ranks).count())
    own_drafts = (Carrier.objects.filter(filters.q()).filter(status__in=UNCONFIRMED)
                  .filter(Q(drafter_id=viewer.id) | Q(confirmer_id=viewer.id)).count())
    return int(by_rank) + named_only + own_drafts


class _CountedPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Carrier], per_page: int, *, total: int) -> None:
        super().__init__(object_list, per_page)
        self._total = total

    @cached_property
    def count(self) -> int:
        return self._total


def carrier_page(*, viewer: Person | None, filters: CarrierFilters | None = None,
                 page: int | str = 1, per_page: int = 50) -> Page:
    """One page of the scoped list with its total, in a fixed number of queries."""
    total = carrier_count(viewer=viewer, filters=filters)
    paginator = _CountedPaginator(carrier_list(viewer=viewer, filters=filters), per_page,
                                  total=total)
    return paginator.get_page(page)


def carrier_get(*, viewer: Person | None, pk: int | None = None,
                number: str | None = None) -> Carrier:
    """One carrier the viewer may see; NotVisible (404) otherwise, existence undisclosed."""
    lookup = Q(pk=pk) if pk is not None else Q(number=number)
    carrier = (Carrier.objects.filter(lookup)
               .select_related("department", "drafter", "confirmer").first())
    if carrier is None or viewer is None:
        raise NotVisible
    named = CarrierScope.objects.filter(carrier=carrier, person_id=viewer.id).exists()
    decision = may_view(viewer, carrier, named=named)
    if not decision.allowed:
        raise NotVisible(decision)
    return carrier


def carrier_exists_unseen(*, pk: int | None = None, number: str | None = None) -> Carrier | None:
    """The carrier behind a refused look-up, for the audit record only (never shown)."""
    lookup = Q(pk=pk) if pk is not None else Q(number=number)
    return Carrier.objects.filter(lookup).only("id", "level").first()


def carrier_copies(*, carrier: Carrier) -> QuerySet[CarrierCopy]:
    return carrier.copies.select_related("custodian").order_by("copy_no")


def carrier_scope_people(*, carrier: Carrier) -> QuerySet[Person]:
    return Person.objects.filter(
        id__in=CarrierScope.objects.filter(carrier=carrier).values("person_id")
    ).select_related("unit")


def pending_confirmations(*, viewer: Person) -> QuerySet[Carrier]:
    """Drafts waiting for this viewer to confirm them (R-CLS-2/3)."""
    return (Carrier.objects.filter(confirmer_id=viewer.id, status=Carrier.Status.DRAFT)
            .select_related("drafter", "department").order_by("created_at"))


def my_drafts(*, viewer: Person) -> QuerySet[Carrier]:
    return (Carrier.objects.filter(drafter_id=viewer.id, status__in=UNCONFIRMED)
            .select_related("confirmer").order_by("-created_at"))


def my_custody(*, viewer: Person) -> QuerySet[CarrierCopy]:
    """Copies this viewer holds now."""
    return (CarrierCopy.objects.filter(custodian_id=viewer.id, status=CarrierCopy.Status.HELD)
            .select_related("carrier").order_by("-carrier__created_at", "copy_no"))


def confirmer_candidates(*, level: str, department_id: int, exclude: int | None = None) -> QuerySet[Person]:
    """People who may confirm at `level` for a department (R-CLS-3)."""
    policy = get_policy()
    spec = policy.level(level)
    qs = Person.objects.filter(rank__in=spec.confirm_ranks, status=Person.Status.ACTIVE,
                               clearance__in=[c.code for c in policy.clearances
                                              if c.max_weight >= spec.weight])
    if spec.confirm_same_department:
        qs = qs.filter(unit_id=department_id)
    if exclude:
        qs = qs.exclude(id=exclude)
    return qs.select_related("unit").order_by("rank", "staff_no")
