"""Reads of people and units."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.people.models import OrgUnit, Person
from baomi.policy.supervision import SUPERVISOR_RANKS

if TYPE_CHECKING:
    from django.db.models import QuerySet


def person_for(user: Any) -> Person | None:
    """The Person behind a login, or None (an account without a person sees nothing)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_baomi_person", None)
    if cached is not None:
        return cached
    person = Person.objects.filter(user_id=user.pk).select_related("unit").first()
    user._baomi_person = person
    return person


def person_by_staff_no(staff_no: str) -> Person | None:
    return Person.objects.filter(staff_no=staff_no).select_related("unit", "user").first()


def person_by_username(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).select_related("unit", "user").first()


def departments() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent__isnull=False).order_by("sort", "name")


def active_people() -> QuerySet[Person]:
    return Person.objects.filter(status=Person.Status.ACTIVE).select_related("unit")


def person_by_id(pk: int) -> Person | None:
    return Person.objects.filter(pk=pk).select_related("unit", "user").first()


def person_reauthenticates(person: Person, password: str) -> bool:
    """Re-authentication for a signature (签收, R-ACC-5): the person's own password, now.

    A person without a login, or who has left, cannot sign.
    """
    user = person.user if person.user_id else None
    if user is None or not password or person.status == Person.Status.LEFT:
        return False
    return bool(user.is_active and user.check_password(password))


def secrecy_office_people() -> QuerySet[Person]:
    """Active members of the secrecy office (保密办) and the departments' secrecy officers."""
    from django.db.models import Q

    return (Person.objects.filter(status=Person.Status.ACTIVE)
            .filter(Q(unit__is_secrecy_office=True) | Q(is_secrecy_officer=True)))


def leaders() -> QuerySet[Person]:
    """Active top leaders (BOARD, GM): alerted on a loss (R-DOC-7)."""
    return Person.objects.filter(status=Person.Status.ACTIVE, rank__in=SUPERVISOR_RANKS)


def in_secrecy_office(person: Person) -> bool:
    return bool(person.is_secrecy_officer or person.unit.is_secrecy_office)


def in_secrecy_office_unit(person: Person) -> bool:
    """A member of the secrecy office itself (保密办), not a department's secrecy officer."""
    return bool(person.unit.is_secrecy_office)


def unit_by_id(pk: int) -> OrgUnit | None:
    return OrgUnit.objects.filter(pk=pk).first()
