"""Writes of units and people. Each change is validated and audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.people.models import OrgUnit, Person


def _clean(obj: object, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise ApplicationError("请更正标出的字段", fields=exc.message_dict) from exc


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
        raise ApplicationError("用户名已存在", fields={"username": ["用户名已存在"]})
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
