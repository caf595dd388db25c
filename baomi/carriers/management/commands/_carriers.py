"""Shared by the carriers_* commands: turning command-line words into what services take.

Levels, kinds and statuses may be given as codes (SECRET) or Chinese labels (秘密);
people by staff number or login name; carriers by number (BM-2026-000001) or id.
Bad words are ApplicationError, which BaomiCommand prints with the field and exits 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError
from baomi.people.selectors import departments, person_by_staff_no, person_by_username
from baomi.policy.labels import level_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from datetime import datetime

    from django.db.models import TextChoices

    from baomi.carriers.models import Carrier
    from baomi.people.models import OrgUnit, Person

MAX_ID = 2**63 - 1
LIST_HEADERS = ("编号", "名称", "密级", "类型", "状态", "部门")


def bad(field: str, message: str) -> ApplicationError:
    return ApplicationError(_("请更正标出的字段"), fields={field: [message]})


def level_code(value: str, field: str = "level") -> str:
    policy = get_policy()
    for spec in policy.levels:
        if value in (spec.code, spec.label):
            return spec.code
    known = "、".join(f"{s.label}({s.code})" for s in policy.levels)
    raise bad(field, _("未知密级 %(value)s,可选: %(known)s") % {"value": value, "known": known})


def choice_code(choices: type[TextChoices], value: str, field: str, what: str) -> str:
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    known = "、".join(f"{label}({code})" for code, label in choices.choices)
    raise bad(field, _("未知%(what)s %(value)s,可选: %(known)s") % {"what": what, "value": value, "known": known})


def rank_code(value: str, field: str = "scope_rank") -> str:
    for spec in get_policy().ranks:
        if value in (spec.code, spec.label):
            return spec.code
    raise bad(field, _("未知职级 %(value)s") % {"value": value})


def category_for(level: str, value: str) -> str:
    """The category as written in the policy; a unique leading number ("2.1") suffices."""
    categories = get_policy().categories.get(level, ())
    if not value or value in categories:
        return value
    matches = [c for c in categories if c.split(" ", 1)[0] == value or c.startswith(value)]
    if len(matches) == 1:
        return matches[0]
    listed = "; ".join(categories) or _("无")
    raise bad("category", _("本密级没有定密依据 %(value)s,可选: %(listed)s") % {"value": value, "listed": listed})


def person_ref(value: str, field: str) -> Person:
    person = person_by_staff_no(value) or person_by_username(value)
    if person is None:
        raise bad(field, _("没有这个人员: %(value)s") % {"value": value})
    return person


def department_ref(value: str) -> int:
    if value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    unit: OrgUnit | None = departments().filter(code=value).first()
    if unit is None:
        raise bad("department", _("没有这个部门: %(value)s") % {"value": value})
    return unit.pk


def carrier_ref(value: str) -> dict[str, Any]:
    """`pk=` for a number, `number=` otherwise; ids too large exist for nobody."""
    value = value.strip()
    if value.isdigit():
        return {"pk": int(value)} if 0 < int(value) <= MAX_ID else {"number": value}
    return {"number": value}


def when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def list_row(carrier: Carrier) -> tuple[str, ...]:
    """A row of the scoped list: the title as the viewer may read it (decision 0006)."""
    return (carrier.number or "", carrier.shown_title, level_label(carrier.level),
            carrier.get_kind_display(), carrier.get_status_display(), carrier.department.name)


def summary(carrier: Carrier) -> str:
    return (f"{carrier.number}「{carrier.title}」{level_label(carrier.level)}"
            f",{carrier.get_status_display()}")
