"""Writes of units and people. Each change is validated and audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.models import OrgUnit, Person
from baomi.policy.decision import require
from baomi.policy.exits import may_mark_leaving, no_copies_held


def _clean(obj: object, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise ApplicationError(_("请更正标出的字段"), fields=exc.message_dict) from exc


def orgunit_create(*, actor: Person | None, name: str, code: str, parent: OrgUnit | None = None,
                   is_secrecy_office: bool = False, sort: int = 0) -> OrgUnit:
    unit = OrgUnit(name=name, code=code, parent=parent, is_secrecy_office=is_secrecy_office,
                   sort=sort)
    _clean(unit)
    with transaction.atomic():
        unit.save()
        audit_append(actor=actor, action="orgunit.create", target=unit,
                     detail={"name": name, "code": code})
    return unit


def person_create(*, actor: Person | None, name: str, staff_no: str, unit: OrgUnit, rank: str,
                  clearance: str, username: str | None = None, password: str | None = None,
                  is_secrecy_officer: bool = False) -> Person:
    """Create a person, and a login when `username` is given (password hashed with Argon2)."""
    person = Person(name=name, staff_no=staff_no, unit=unit, rank=rank, clearance=clearance,
                    is_secrecy_officer=is_secrecy_officer)
    _clean(person, exclude=["user"])
    user_model = get_user_model()
    if username and user_model.objects.filter(username=username).exists():
        raise ApplicationError(_("用户名已存在"), fields={"username": [_("用户名已存在")]})
    with transaction.atomic():
        if username:
            user = user_model(username=username)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            person.user = user
        person.save()
        audit_append(actor=actor, action="person.create", target=person,
                     detail={"staff_no": staff_no, "rank": rank, "clearance": clearance})
    return person


@durable_service
def person_mark_leaving(*, actor: Person, person: Person) -> Person:
    """Mark a person as leaving (离岗). R-DOC-8: refused while any copy is in their custody.

    Only the secrecy office or a leader of DIRECTOR rank or above may do it (R-ACC-3).
    """
    from baomi.people.holdings import custody_count
    from baomi.people.selectors import in_secrecy_office

    require(may_mark_leaving(actor.rank, in_office=in_secrecy_office(actor)), actor=actor,
            action="person.leaving", target=person)
    if person.status != Person.Status.ACTIVE:
        raise ApplicationError(_("该人员不在岗"), fields={"status": [person.get_status_display()]})
    require(no_copies_held(custody_count(person=person)), actor=actor,
            action="person.leaving", target=person)
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        current.status = Person.Status.LEAVING
        current.save(update_fields=["status"])
        audit_append(actor=actor, action="person.leaving", target=current, rule="R-DOC-8",
                     detail={"staff_no": current.staff_no})
    return current


@durable_service
def person_set_clearance(*, actor: Person | None, person: Person, clearance: str,
                         rule: str = "R-PPL-1", ref: str = "") -> Person:
    """Put a new clearance (涉密等级) into effect. Called by baomi.personnel once the
    commitment is signed and the post certificate is valid (R-PPL-1, R-PPL-2)."""
    from baomi.people.models import Clearance

    if clearance not in Clearance.values:
        raise ApplicationError(_("涉密等级无效"), fields={"clearance": [_("涉密等级无效")]})
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        previous = current.clearance
        current.clearance = clearance
        current.save(update_fields=["clearance"])
        audit_append(actor=actor, action="person.clearance", target=current, rule=rule,
                     detail={"from": previous, "to": clearance, "ref": ref})
    return current


@durable_service
def person_mark_left(*, actor: Person, person: Person, ref: str = "") -> Person:
    """Finish leaving (已离职), after baomi.personnel's exit checks (R-DOC-8, R-PPL-3).
    Re-checks custody in the transaction: no copy may remain with the person."""
    from baomi.people.holdings import custody_count

    require(no_copies_held(custody_count(person=person)), actor=actor, action="person.left",
            target=person)
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        if current.status == Person.Status.LEFT:
            raise ApplicationError(_("该人员已离职"), fields={"status": [_("已离职")]})
        current.status = Person.Status.LEFT
        current.save(update_fields=["status"])
        if current.user_id:
            current.user.is_active = False  # type: ignore[union-attr]
            current.user.save(update_fields=["is_active"])  # type: ignore[union-attr]
        audit_append(actor=actor, action="person.left", target=current, rule="R-DOC-8",
                     detail={"staff_no": current.staff_no, "ref": ref})
    return current
