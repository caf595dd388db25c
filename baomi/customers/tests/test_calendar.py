"""Working-day deadlines across Spring Festival and National Day 2026 (make-up days
included), the fallback for a year without data, and who keeps the calendar."""

from __future__ import annotations

import datetime

import pytest

from baomi.core.errors import PolicyDenied
from baomi.customers.models import CalendarDay, CalendarYear
from baomi.customers.services.calendar import (
    calendar_day_set,
    calendar_for,
    calendar_seed,
    calendar_year_confirm,
    deadline,
)

D = datetime.date


@pytest.mark.parametrize(("start", "due"), [
    # 春节 2026: holidays 15–23 Feb, make-up working days Sat 14 Feb and Sat 28 Feb
    (D(2026, 2, 12), D(2026, 2, 24)),   # Thu → 13, 14 (Sat, 调休), 24
    (D(2026, 2, 13), D(2026, 2, 25)),   # Fri → 14, 24, 25
    (D(2026, 2, 23), D(2026, 2, 26)),   # last holiday → 24, 25, 26
    (D(2026, 2, 26), D(2026, 3, 2)),    # Thu → 27, 28 (Sat, 调休), Mon 2 Mar
    # 国庆 2026: holidays 1–7 Oct, make-up Sun 20 Sep and Sat 10 Oct
    (D(2026, 9, 18), D(2026, 9, 22)),   # Fri → 20 (Sun, 调休), 21, 22
    (D(2026, 9, 29), D(2026, 10, 9)),   # Tue → 30, 8, 9
    (D(2026, 9, 30), D(2026, 10, 10)),  # Wed → 8, 9, 10 (Sat, 调休)
    (D(2026, 10, 1), D(2026, 10, 10)),
    (D(2026, 3, 2), D(2026, 3, 5)),     # an ordinary week
])
def test_three_working_days(db, start: datetime.date, due: datetime.date) -> None:
    got, missing = deadline(start, 3)
    assert got == due and missing == []


def test_seeded_from_the_package_up_to_2026_only(db) -> None:
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert 2026 in years and 2027 not in years
    assert calendar_seed(actor=None) == 0  # idempotent
    assert CalendarDay.objects.get(day=D(2026, 2, 14)).kind == "WORKDAY"


def test_a_year_without_data_falls_back_to_weekends_and_says_so(db) -> None:
    due, missing = deadline(D(2026, 12, 30), 3)
    assert due == D(2027, 1, 4) and missing == [2027]   # 1 Jan 2027 counted as working
    cal = calendar_for(D(2027, 2, 5))
    assert cal.is_working_day(D(2027, 2, 8)) and cal.missing_years(D(2027, 2, 8)) == [2027]


def test_the_secrecy_office_enters_the_next_year(people) -> None:
    with pytest.raises(PolicyDenied):
        calendar_day_set(actor=people["staff"], day=D(2027, 1, 1), kind="HOLIDAY")
    office = people["gm"]  # the 总经办 is the secrecy office in the fixtures
    calendar_day_set(actor=office, day=D(2027, 1, 1), kind="HOLIDAY", name="元旦")
    calendar_year_confirm(actor=office, year=2027, note="国办发明电〔2026〕X号")
    due, missing = deadline(D(2026, 12, 30), 3)
    assert due == D(2027, 1, 5) and missing == []
