"""Reads of carriers, always scoped to the viewer (rule of the house 2).

The access rule comes from `baomi.policy.access` (what a viewer sees: everything, metadata
only, or nothing) and `baomi.policy.supervision.oversees` (who sees metadata); nothing here
decides who sees what. Every list is annotated with `sight` and `shown_title` (the title,
or "(标题不可见)" where the viewer may not read it); pages, API, CLI and exports show
`shown_title`, never `title`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Sum
from django.utils.functional import cached_property

from baomi.carriers.models import Carrier, CarrierCopy, CarrierScope, CarrierTally
from baomi.core.errors import NotVisible
from baomi.people.models import Person
from baomi.policy.access import (
    HIDDEN_TITLE,
    INACTIVE,
    UNCONFIRMED,
    Sight,
    may_view,
    seen_q,
    sight,
    title_match_q,
    title_shown,
    with_sight,
)
from baomi.policy.runtime import get_policy
from baomi.policy.supervision import oversees


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

    def text_q(self, viewer: Person | None = None, *, supervisor: bool = False) -> Q:
        """Text in the number, or in a title the viewer may read."""
        if not self.text:
            return Q()
        return (title_match_q(viewer, supervisor=supervisor, text=self.text)
                | Q(number__icontains=self.text))


def carrier_list(*, viewer: Person | None, filters: CarrierFilters | None = None) -> QuerySet[Carrier]:
    """Carriers the viewer sees (in full or metadata only), newest first, each with
    `sight` and `shown_title`."""
    filters = filters or CarrierFilters()
    sup = oversees(viewer)
    qs = (Carrier.objects.filter(seen_q(viewer, supervisor=sup)).filter(filters.q())
          .filter(filters.text_q(viewer, supervisor=sup))
          .select_related("department", "drafter", "confirmer")
          .order_by("-created_at", "-id"))
    return with_sight(qs, viewer, supervisor=sup)


def carrier_count(*, viewer: Person | None, filters: CarrierFilters | None = None) -> int:
    """How many carriers `carrier_list` returns, from the tally when no text filter is set.

    Exact: confirmed carriers admitted by rank come from CarrierTally; those admitted only by
    being named, and the viewer's own unconfirmed drafts, are counted directly (few rows).
    A supervisor sees every confirmed carrier (metadata at least): the tally's confirmed
    groups plus their own drafts.
    """
    filters = filters or CarrierFilters()
    if filters.text:
        return carrier_list(viewer=viewer, filters=filters).count()
    if viewer is None or viewer.status in INACTIVE:
        return 0
    own_drafts = (Carrier.objects.filter(filters.q()).filter(status__in=UNCONFIRMED)
                  .filter(Q(drafter_id=viewer.id) | Q(confirmer_id=viewer.id)).count())
    if oversees(viewer):
        confirmed = (CarrierTally.objects.filter(filters.q()).exclude(status__in=UNCONFIRMED)
                     .aggregate(total=Sum("n"))["total"]) or 0
        return int(confirmed) + own_drafts
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


def carrier_seen(*, viewer: Person | None, pk: int | None = None,
                 number: str | None = None) -> Carrier:
    """One carrier the viewer sees at all (in full or metadata only), with `sight` and
    `shown_title` set; NotVisible (404) otherwise, existence undisclosed."""
    lookup = Q(pk=pk) if pk is not None else Q(number=number)
    carrier = (Carrier.objects.filter(lookup)
               .select_related("department", "drafter", "confirmer").first())
    if carrier is None or viewer is None:
        raise NotVisible
    named = CarrierScope.objects.filter(carrier=carrier, person_id=viewer.id).exists()
    seen = sight(viewer, carrier, named=named, supervisor=oversees(viewer))
    if seen == Sight.NONE:
        raise NotVisible(may_view(viewer, carrier, named=named))
    carrier.sight = seen.value
    carrier.shown_title = (carrier.title if title_shown(viewer, carrier, seen)
                           else str(HIDDEN_TITLE))
    return carrier


def carrier_get(*, viewer: Person | None, pk: int | None = None,
                number: str | None = None) -> Carrier:
    """One carrier the viewer may see in full (to act on it, read its files, ask for it);
    NotVisible (404) otherwise, existence undisclosed — also for a supervisor who sees only
    its metadata."""
    carrier = carrier_seen(viewer=viewer, pk=pk, number=number)
    if carrier.sight != Sight.FULL:
        raise NotVisible(may_view(viewer, carrier, named=False))
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
