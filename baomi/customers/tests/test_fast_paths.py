"""The import's fast paths agree with the libraries they short-cut (R-CUS-2)."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from baomi.customers.identity import IdProblem, normalise_phone, parse_id_number


def _library_phone(value: str) -> str | None:
    try:
        parsed = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"1[0-9]{10}", fullmatch=True))
def test_mobile_fast_path_equals_phonenumbers(value: str) -> None:
    try:
        ours: str | None = normalise_phone(value)
    except ValueError:
        ours = None
    assert ours == _library_phone(value)


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[1-6][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9])[0-9]{3}",
                     fullmatch=True), st.booleans())
def test_cached_region_check_equals_stdnum(body: str, lower: bool) -> None:
    check = ric.calc_check_digit(body + "0")
    number = body + (check.lower() if lower else check)
    try:
        parse_id_number(number)
        ours = True
    except IdProblem:
        ours = False
    try:
        library = ric.is_valid(number)
    except KeyError:   # python-stdnum's table gap ('county'): a refusal for us
        library = False
    assert ours == library


@settings(max_examples=600, deadline=None)
@given(st.from_regex(r"[0-9]{1,19}", fullmatch=True), st.integers(0, 9))
def test_luhn_fast_path_equals_stdnum(digits: str, last: int) -> None:
    from stdnum import luhn

    from baomi.customers.identity import luhn_valid

    for value in (digits, digits[:-1] + luhn.calc_check_digit(digits[:-1] or "0"),
                  digits + str(last)):
        assert luhn_valid(value) == luhn.is_valid(value), value
