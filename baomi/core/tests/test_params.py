"""The one integer-parameter parser: bad input is a field error, never a 500."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from baomi.core.errors import ApplicationError
from baomi.core.params import MAX_INT, int_or_none, int_param


@pytest.mark.parametrize(("raw", "expected"), [
    ("7", 7), (" 42 ", 42), ("0", 0), (5, 5), (str(MAX_INT), MAX_INT),
    ("", None), (None, None), ("abc", None), ("-1", None), ("1.5", None), ("١٢", None),
    (str(MAX_INT + 1), None), ("9" * 40, None), (True, None),
])
def test_int_or_none(raw: object, expected: int | None) -> None:
    assert int_or_none(raw) == expected


def test_int_param_reads_query_dicts_and_defaults() -> None:
    params = QueryDict("seq=12&blank=")
    assert int_param(params, "seq") == 12
    assert int_param(params, "blank", default=3) == 3
    assert int_param(params, "absent") is None


def test_int_param_required_is_a_field_error() -> None:
    with pytest.raises(ApplicationError) as exc:
        int_param(QueryDict(""), "seq", required=True)
    assert exc.value.message == "缺少参数" and exc.value.fields == {"seq": ["必填"]}


@pytest.mark.parametrize("raw", ["x", "-3", "10001", "1e3", "9" * 30])
def test_int_param_bad_or_out_of_bounds_names_the_field(raw: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        int_param({"minutes": raw}, "minutes", maximum=10_000)
    assert "0 至 10000 之间的整数" in exc.value.message
    assert list(exc.value.fields) == ["minutes"]


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_field_error(raw: str) -> None:
    try:
        value = int_param({"n": raw}, "n", minimum=1, maximum=1000)
    except ApplicationError as exc:
        assert list(exc.fields) == ["n"]
    else:
        assert value is None or 1 <= value <= 1000


def test_field_error_in_english() -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        int_param({"seq": "x"}, "seq")
    assert exc.value.message == "The parameter must be a whole number of at least 0"
    assert exc.value.fields["seq"] == ["“x” is not a whole number of at least 0"]
