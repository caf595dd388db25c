"""The working-day calendar (mainland China) that R-CUS-3 deadlines are counted in.

A day is a working day when it is Monday–Friday and not a statutory holiday, or when it
is a make-up working day (调休上班). The calendar is data kept by the secrecy office:
seeded from the `chinese-calendar` package for the years it knows (it stops at 2026 and
raises for 2027), and for later years entered from the State Council's annual notice. For
a year with no data the deadlines fall back to weekends only, and the page and the scan
say the calendar needs that year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers.models import CalendarDay, CalendarYear
from baomi.customers.services import require
from baomi.policy.customers import may_keep_calendar

if TYPE_CHECKING:
    from collections.abc import Iterable

    from baomi.people.models import Person

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class WorkCalendar:
    """The stored calendar for a range of years, loaded once for many date computations."""

    days: dict[datetime.date, str]
    known_years: set[int]

    @classmethod
    def load(cls, first_year: int, last_year: int) -> WorkCalendar:
        days = dict(CalendarDay.objects.filter(
            day__year__gte=first_year, day__year__lte=last_year).values_list("day", "kind"))
        years = set(CalendarYear.objects.filter(
            year__gte=first_year, year__lte=last_year).values_list("year", flat=True))
        return cls(days=days, known_years=years)

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.days.get(day)
        if kind == CalendarDay.Kind.HOLIDAY:
            return False
        if kind == CalendarDay.Kind.WORKDAY:
            return True
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `start` (start itself is not counted)."""
        day = start
        while count > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def next_working_day(self, start: datetime.date) -> datetime.date:
        return self.add_working_days(start, 1)

    def missing_years(self, *days: datetime.date) -> list[int]:
        return sorted({d.year for d in days} - self.known_years)


def calendar_for(*days: datetime.date) -> WorkCalendar:
    years = [d.year for d in days]
    return WorkCalendar.load(min(years), max(years) + 1)


def deadline(start: datetime.date, working_days: int) -> tuple[datetime.date, list[int]]:
    """(due date, years without calendar data that the computation crossed)."""
    cal = calendar_for(start)
    due = cal.add_working_days(start, working_days)
    return due, cal.missing_years(start, due)


def missing_year_warning(years: Iterable[int]) -> str:
    """The warning shown on the pages and printed by the commands, in the active language
    (the commands run in the default zh-hans, so `ScanRun.calendar_warning` is Chinese)."""
    wanted = sorted(set(years))
    if not wanted:
        return ""
    listed = pgettext("separator between listed items", "、").join(str(y) for y in wanted)
    return ngettext(
        "工作日历缺少 %(years)s 年的节假日安排,期限暂按周末计算;"
        "请保密办根据国务院办公厅通知录入该年度的节假日和调休上班日。",
        "工作日历缺少 %(years)s 年的节假日安排,期限暂按周末计算;"
        "请保密办根据国务院办公厅通知录入该年度的节假日和调休上班日。",
        len(wanted)) % {"years": listed}


def package_years() -> list[int]:
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.holidays} |
                  {d.year for d in chinese_calendar.workdays})


def calendar_seed(*, actor: Person | None, years: Iterable[int] | None = None) -> int:
    """Load holidays and make-up working days from `chinese-calendar` (idempotent).

    Years already entered (from the package or by hand) are left as they are. Returns the
    number of years added. `actor=None` is the installer (`customers_calendar --seed`).
    """
    import chinese_calendar

    if actor is not None:
        require(may_keep_calendar(actor), actor=actor, action="calendar.seed")
    wanted = set(years) if years is not None else set(package_years())
    wanted &= set(package_years())
    with transaction.atomic():
        have = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
        todo = sorted(wanted - have)
        if not todo:
            return 0
        rows = [CalendarDay(day=d, kind=CalendarDay.Kind.HOLIDAY, name=str(name or ""))
                for d, name in chinese_calendar.holidays.items() if d.year in todo]
        rows += [CalendarDay(day=d, kind=CalendarDay.Kind.WORKDAY, name=str(name or ""))
                 for d, name in chinese_calendar.workdays.items() if d.year in todo]
        CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
        now = timezone.now()
        CalendarYear.objects.bulk_create([
            CalendarYear(year=y, source=CalendarYear.Source.PACKAGE,
                         note=f"chinese-calendar {chinese_calendar.__version__}",
                         updated_at=now) for y in todo], ignore_conflicts=True)
        audit_append(actor=actor, action="calendar.seed", target=None,
                     detail={"years": f"{todo[0]}-{todo[-1]}", "days": len(rows)},
                     actor_label="" if actor else "installer")
    return len(todo)


def calendar_day_set(*, actor: Person, day: datetime.date, kind: str, name: str = "") -> CalendarDay:
    """Enter a statutory holiday or a make-up working day (from the annual notice)."""
    require(may_keep_calendar(actor), actor=actor, action="calendar.day_set")
    if kind not in CalendarDay.Kind.values:
        raise ApplicationError(_("请更正标出的字段"),
                               fields={"kind": [gettext("类别应为法定节假日或调休上班")]})
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise ApplicationError(_("请更正标出的字段"),
                               fields={"kind": [gettext("调休上班日应为周六或周日")]})
    with transaction.atomic():
        entry, _created = CalendarDay.objects.update_or_create(
            day=day, defaults={"kind": kind, "name": name.strip()[:50]})
        audit_append(actor=actor, action="calendar.day_set", target=entry,
                     detail={"day": day.isoformat(), "kind": kind, "name": entry.name})
    return entry


def calendar_day_remove(*, actor: Person, day: datetime.date) -> None:
    require(may_keep_calendar(actor), actor=actor, action="calendar.day_remove")
    with transaction.atomic():
        deleted, _counts = CalendarDay.objects.filter(day=day).delete()
        if deleted:
            audit_append(actor=actor, action="calendar.day_remove", target=None,
                         detail={"day": day.isoformat()})


def calendar_year_confirm(*, actor: Person, year: int, note: str) -> CalendarYear:
    """Mark a year's holidays as entered from the State Council notice (ends the warning)."""
    require(may_keep_calendar(actor), actor=actor, action="calendar.year_confirm")
    if not 2000 <= year <= 2200:
        raise ApplicationError(_("请更正标出的字段"),
                               fields={"year": [gettext("年份应在 2000–2200 之间")]})
    if not note.strip():
        raise ApplicationError(_("请更正标出的字段"),
                               fields={"note": [gettext("请填写依据,如国务院办公厅通知文号")]})
    if not CalendarDay.objects.filter(day__year=year, kind=CalendarDay.Kind.HOLIDAY).exists():
        raise ApplicationError(_("请更正标出的字段"),
                               fields={"year": [gettext("%(year)s 年还没有录入任何法定节假日")
                                                % {"year": year}]})
    with transaction.atomic():
        entry, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": CalendarYear.Source.NOTICE, "note": note.strip()[:200],
                                 "updated_at": timezone.now()})
        audit_append(actor=actor, action="calendar.year_confirm", target=entry,
                     detail={"year": year, "note": entry.note})
    return entry
