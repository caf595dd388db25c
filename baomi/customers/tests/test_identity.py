"""R-CUS-2: ID numbers checked as python-stdnum does, each failure named; phones, cards."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from baomi.customers.identity import (
    IdProblem,
    id_problems,
    normalise_account,
    normalise_phone,
    parse_id_number,
    upgrade_legacy,
)

from .conftest import luhn_card, make_id

REGIONS = ("110105", "360426", "440106", "310101", "999999", "000000", "110100")


def ours_valid(number: str) -> bool:
    try:
        parse_id_number(number)
    except IdProblem:
        return False
    return True


digits = st.text(alphabet="0123456789", min_size=17, max_size=17)


@st.composite
def plausible(draw: st.DrawFn) -> str:
    """Mostly well-formed numbers (region, date, order) with a right or wrong check digit."""
    region = draw(st.sampled_from(REGIONS))
    year = draw(st.integers(1900, 2030))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    order = draw(st.integers(0, 999))
    body = f"{region}{year:04d}{month:02d}{day:02d}{order:03d}"
    right = ric.calc_check_digit(body + "0")
    check = draw(st.sampled_from([right, right, "X", "0", "5"]))
    return body + check


@settings(max_examples=400, deadline=None)
@given(st.one_of(plausible(), digits.map(lambda d: d + "X"), digits.map(lambda d: d + "1"),
                 st.text(alphabet="0123456789Xx ", min_size=16, max_size=19)))
def test_agrees_with_python_stdnum_on_eighteen_digit_numbers(number: str) -> None:
    compact = ric.compact(number)
    if len(compact) == 15:  # the legacy form is upgraded first (see the next test)
        return
    assert ours_valid(number) == stdnum_valid(number)


def stdnum_valid(number: str) -> bool:
    """python-stdnum's verdict; its KeyError on some region codes means "not valid"."""
    try:
        return bool(ric.is_valid(number))
    except KeyError:
        return False


def test_region_code_stdnum_cannot_place_is_refused_not_a_crash() -> None:
    number = "311438483302155221"  # found by hypothesis: ric.get_birth_place raises KeyError
    assert not ours_valid(number)


@settings(max_examples=200, deadline=None)
@given(st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31)),
       st.integers(0, 999), st.sampled_from(("110105", "310101", "310104", "110108")))
def test_legacy_fifteen_digit_numbers_are_upgraded_as_gb_11643_says(
        birth: datetime.date, order: int, region: str) -> None:
    legacy = f"{region}{birth:%y%m%d}{order:03d}"
    upgraded = upgrade_legacy(legacy)
    assert upgraded[:6] == region and upgraded[6:14] == f"{birth:%Y%m%d}"
    assert ric.is_valid(upgraded)
    parsed = parse_id_number(legacy)
    assert parsed.legacy and parsed.number == upgraded
    assert parsed.gender == ("M" if order % 2 else "F")


@pytest.mark.parametrize(("number", "check"), [
    ("11010519491231002", "length"),
    ("1101051949123100A2", "format"),
    ("110105194912310021", "checksum"),
    ("11010519491331002", "length"),
    ("11010519491A310021", "format"),
])
def test_each_failure_names_its_check(number: str, check: str) -> None:
    with pytest.raises(IdProblem) as exc:
        parse_id_number(number)
    assert exc.value.check == check


def test_birth_date_and_region_failures_are_told_apart() -> None:
    bad_date = "110105194913310" + "01"
    bad_date += ric.calc_check_digit(bad_date + "0")
    with pytest.raises(IdProblem) as exc:
        parse_id_number(bad_date)
    assert exc.value.check == "birth_date"
    bad_region = "000000199001010" + "01"
    bad_region += ric.calc_check_digit(bad_region + "0")
    with pytest.raises(IdProblem) as exc:
        parse_id_number(bad_region)
    assert exc.value.check == "region"


def test_gender_and_birth_date_must_agree_with_the_number() -> None:
    today = datetime.date(2026, 1, 1)
    number = make_id(datetime.date(1980, 5, 6), male=True)
    _, ok = id_problems("id", number, gender="M", birth_date=datetime.date(1980, 5, 6),
                        today=today)
    assert ok == []
    _, wrong = id_problems("id", number, gender="F", birth_date=datetime.date(1980, 5, 7),
                           today=today)
    assert {p.check for p in wrong} == {"gender", "birth_date"}
    assert any("性别与证件号码不符" in p.message for p in wrong)
    assert any("出生日期与证件号码不符" in p.message for p in wrong)


def test_phones_are_checked_and_normalised() -> None:
    assert normalise_phone("138 0013 8000") == normalise_phone("+86 13800138000")
    for bad in ("12345", "abc", "1380013800"):
        with pytest.raises(ValueError, match="电话号码"):
            normalise_phone(bad)


def test_bank_cards_pass_luhn() -> None:
    card = luhn_card("622202123456789")
    assert normalise_account(card[:4] + " " + card[4:]) == card
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    with pytest.raises(ValueError, match="Luhn"):
        normalise_account(wrong)
