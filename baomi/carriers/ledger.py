"""Reads of custody and registers (台账), scoped to the viewer (rule of the house 2).

A register row is shown to whoever sees its carrier under the one access rule
(`baomi.policy.access`): in full (R-ACC-1/2), or metadata only for those who supervise or
audit (R-DOC-11, R-ACC-4: the top leaders, the secrecy office and its officers, auditors),
whose rows name a carrier above their clearance as "(标题不可见)". Rows carry `sight` and
`shown_title`; the registers print `shown_title`. Every list here is one query for the rows
(+ one for a count), whatever its length: the register pages' query count is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from baomi.carriers.models import Carrier, CarrierCopy, CustodyEntry
from baomi.people.selectors import in_secrecy_office
from baomi.policy.access import (
    INACTIVE,
    seen_q,
    title_match_q,
    visible_q,
    with_sight,
)
from baomi.policy.supervision import oversees

if TYPE_CHECKING:
    from datetime import date

    from baomi.people.models import Person

CARRIER = "carrier__"


def custody_count(*, person: Person) -> int:
    """Copies in this person's custody now (R-DOC-8)."""
    return CarrierCopy.objects.filter(custodian_id=person.pk, status=CarrierCopy.Status.HELD).count()


def overdue_copies(*, viewer: Person | None, today: date | None = None) -> QuerySet[CarrierCopy]:
    """Borrowed copies past their due date that concern the viewer: as borrower, as the
    custodian of record, or all of them for the secrecy office."""
    today = today or timezone.localdate()
    qs = CarrierCopy.objects.filter(status=CarrierCopy.Status.HELD, lent_by__isnull=False,
                                    due_back__lt=today)
    if viewer is None or viewer.status in INACTIVE:
        return qs.none()
    if not in_secrecy_office(viewer):
        qs = qs.filter(Q(custodian_id=viewer.pk) | Q(lent_by_id=viewer.pk))
    return qs.select_related("carrier", "custodian", "lent_by").order_by("due_back", "id")


def all_overdue(*, today: date | None = None) -> QuerySet[CarrierCopy]:
    """Every overdue borrowed copy (for the reminder job)."""
    today = today or timezone.localdate()
    return (CarrierCopy.objects.filter(status=CarrierCopy.Status.HELD, lent_by__isnull=False,
                                       due_back__lt=today)
            .select_related("carrier", "custodian", "lent_by").order_by("due_back", "id"))


def copy_for(*, viewer: Person | None, pk: int) -> CarrierCopy | None:
    """One copy the viewer holds, lent out, or may see the carrier of."""
    if viewer is None:
        return None
    return (CarrierCopy.objects.filter(pk=pk)
            .filter(Q(custodian_id=viewer.pk) | Q(lent_by_id=viewer.pk)
                    | Q(carrier__in=Carrier.objects.filter(visible_q(viewer))))
            .select_related("carrier", "custodian", "lent_by").first())


def available_copies(*, carrier: Carrier) -> QuerySet[CarrierCopy]:
    """Copies that can be lent or handed over now (held, not lent out)."""
    return (CarrierCopy.objects.filter(carrier=carrier, status=CarrierCopy.Status.HELD,
                                       lent_by__isnull=True)
            .select_related("custodian").order_by("copy_no"))


@dataclass(frozen=True)
class RegisterFilters:
    level: str = ""
    start: date | None = None
    end: date | None = None
    text: str = ""
    person: int | None = None

    def _text_q(self, viewer: Person | None, supervisor: bool) -> Q:
        return (Q(carrier__number__icontains=self.text)
                | title_match_q(viewer, supervisor=supervisor, text=self.text, prefix=CARRIER))

    def entry_q(self, viewer: Person | None = None, *, supervisor: bool = False) -> Q:
        q = Q()
        if self.level:
            q &= Q(level=self.level)
        if self.start:
            q &= Q(at__date__gte=self.start)
        if self.end:
            q &= Q(at__date__lte=self.end)
        if self.text:
            q &= self._text_q(viewer, supervisor) | Q(approval_ref__icontains=self.text)
        if self.person:
            q &= Q(person_id=self.person) | Q(from_person_id=self.person) | Q(actor_id=self.person)
        return q

    def copy_q(self, viewer: Person | None = None, *, supervisor: bool = False) -> Q:
        q = Q()
        if self.level:
            q &= Q(carrier__level=self.level)
        if self.start:
            q &= Q(carrier__confirmed_at__date__gte=self.start)
        if self.end:
            q &= Q(carrier__confirmed_at__date__lte=self.end)
        if self.text:
            q &= self._text_q(viewer, supervisor)
        if self.person:
            q &= Q(custodian_id=self.person)
        return q


def register_entries(*, viewer: Person | None, register: str,
                     filters: RegisterFilters | None = None) -> QuerySet[CustodyEntry]:
    """Rows of one register whose carrier the viewer sees, newest first, with everything a
    row shows in one query."""
    filters = filters or RegisterFilters()
    sup = oversees(viewer)
    qs = (CustodyEntry.objects.filter(register=register)
          .filter(filters.entry_q(viewer, supervisor=sup)))
    if viewer is None or viewer.status in INACTIVE:
        return qs.none()
    qs = qs.filter(seen_q(viewer, supervisor=sup, prefix=CARRIER))
    return with_sight(qs.select_related("carrier", "copy", "actor", "person", "from_person",
                                        "witness", "refers_to").order_by("-at", "-id"),
                      viewer, supervisor=sup, prefix=CARRIER)


def copy_ledger(*, viewer: Person | None,
                filters: RegisterFilters | None = None) -> QuerySet[CarrierCopy]:
    """The carrier ledger (载体台账), one row per copy: 编号, 名称, 密级, 保密期限, 份数, 份号,
    保管人, 状态 — confirmed carriers the viewer sees."""
    filters = filters or RegisterFilters()
    sup = oversees(viewer)
    qs = CarrierCopy.objects.filter(filters.copy_q(viewer, supervisor=sup))
    if viewer is None or viewer.status in INACTIVE:
        return qs.none()
    qs = qs.filter(seen_q(viewer, supervisor=sup, prefix=CARRIER))
    return with_sight(qs.select_related("carrier", "custodian", "lent_by")
                      .order_by("-carrier__created_at", "carrier_id", "copy_no"),
                      viewer, supervisor=sup, prefix=CARRIER)


def terms_ending(*, before: date) -> QuerySet[Carrier]:
    """Confirmed carriers whose term (保密期限) ends on or before `before` (R-CLS-5)."""
    return (Carrier.objects.filter(status=Carrier.Status.CONFIRMED, term_ends__isnull=False,
                                   term_ends__lte=before)
            .select_related("drafter").order_by("term_ends", "id"))
