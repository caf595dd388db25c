"""Integer parameters from a request: the one parser for GET, POST and DRF query params.

Bad input gets a clear field error, never a 500 (rule of the house 4): a value that is not
a whole number, or lies outside the bounds, raises `ApplicationError` naming the field.
`int_or_none` is the lenient form for values that only select something (an id in a URL
or a form key): anything that is not a valid number selects nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError

if TYPE_CHECKING:
    from collections.abc import Mapping

#: the largest value a database integer column holds (ids beyond it do not exist)
MAX_INT = 2**63 - 1

#: digits accepted at most (longer input is refused before int() sees it)
MAX_DIGITS = 19


def _parse(raw: Any, *, minimum: int, maximum: int) -> int | None:
    """The integer in `raw`, or None when it is not one within [minimum, maximum]."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not digits.isascii() or not digits.isdigit() or len(digits) > MAX_DIGITS:
            return None
        value = int(text)
    return value if minimum <= value <= maximum else None


def int_or_none(raw: Any, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The integer in `raw` within bounds, else None (blank, not a number, out of range)."""
    if raw is None or raw == "":
        return None
    return _parse(raw, minimum=minimum, maximum=maximum)


def int_param(params: Mapping[str, Any], name: str, *, default: int | None = None,
              required: bool = False, minimum: int = 0,
              maximum: int = MAX_INT) -> int | None:
    """`params[name]` as an integer within [minimum, maximum].

    Blank or absent: `default`, or a field error when `required`. Not a whole number or
    out of bounds: a field error (`ApplicationError`, shown as 400 or a form message).
    """
    raw = params.get(name, "")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ApplicationError(_("缺少参数"), fields={name: [_("必填")]})
        return default
    value = _parse(raw, minimum=minimum, maximum=maximum)
    if value is None:
        if maximum >= MAX_INT:
            bound = _("不小于 %(min)d 的整数") % {"min": minimum}
        else:
            bound = _("%(min)d 至 %(max)d 之间的整数") % {"min": minimum, "max": maximum}
        raise ApplicationError(_("参数应为%(bound)s") % {"bound": bound},
                               fields={name: [_("“%(value)s”不是%(bound)s")
                                              % {"value": str(raw)[:20], "bound": bound}]})
    return value


__all__ = ["MAX_INT", "int_or_none", "int_param"]
