"""Identity checks of customer data (R-CUS-2): ID number, gender, birth date, phone, card.

ID numbers (居民身份证号码, GB 11643-1999) are checked with python-stdnum's `stdnum.cn.ric`
step by step, so that each failure names the check that failed: length, format, the
ISO 7064 MOD 11-2 check digit, the birth date, the region code. A 15-digit number is the
legacy (first-generation) form: six region digits, a two-digit year of the 1900s, month,
day, a three-digit order code and no check digit. GB 11643-1999 upgrades it by inserting
"19" before the year and appending the check digit; it is checked and stored in that
18-digit form, so that both forms of one person's number are the same customer.
Gender (odd order code = male) and birth date must agree with the number.

Phones are parsed with phonenumbers (region CN) and kept in E.164; bank card numbers must
pass the Luhn check (`stdnum.luhn`'s, computed by `luhn_valid`; tested equal).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError
from stdnum.util import isdigits

#: an already compact number (ASCII digits, optional final X): stdnum's `compact` would
#: only upper-case it, so the per-character Unicode clean-up can be skipped
_PLAIN_ID = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
_PLAIN_PHONE = re.compile(r"[0-9]{11}")
#: phonenumbers' own CN mobile pattern (its metadata, compiled once): an 11-digit number
#: that matches it is valid and its E.164 form is +86 and the digits
_CN_MOBILE = re.compile(str(
    phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile  # type: ignore[union-attr]
    .national_number_pattern))


#: the Luhn digit sum of 2·d for each digit d
_LUHN_DOUBLED = dict(zip("0123456789", (0, 2, 4, 6, 8, 1, 3, 5, 7, 9), strict=True))


def luhn_valid(digits: str) -> bool:
    """`stdnum.luhn.is_valid` for a string of ASCII digits, without its per-call clean-up
    and generic-alphabet arithmetic (test_fast_paths.py checks the two agree)."""
    odd = sum(map(int, digits[-1::-2]))
    even = sum(map(_LUHN_DOUBLED.__getitem__, digits[-2::-2]))
    return (odd + even) % 10 == 0


@functools.lru_cache(maxsize=16384)
def _region_known(region: str, year: str) -> bool:
    """stdnum's region check for a region code in a birth year (its table look-up is the
    slowest step of the check; the answer depends on these two parts only)."""
    try:
        ric.get_birth_place(f"{region}{year}0101000")
    except (ValidationError, KeyError):
        # python-stdnum raises KeyError ('county') for some region codes in its table
        return False
    return True


@dataclass(frozen=True)
class Problem:
    field: str
    check: str   # which check failed: length, format, checksum, birth_date, region, …
    message: str


@dataclass(frozen=True)
class IdNumber:
    number: str                  # 18 digits (a 15-digit legacy number upgraded)
    birth_date: datetime.date
    gender: str                  # "M" / "F"
    legacy: bool = False


class IdProblem(ValueError):
    def __init__(self, check: str, message: str) -> None:
        self.check = check
        self.message = message
        super().__init__(message)


def upgrade_legacy(number: str) -> str:
    """15-digit legacy number → its 18-digit form (GB 11643-1999: year 19xx, check digit)."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def parse_id_number(value: str) -> IdNumber:
    """The checked number, or IdProblem naming the failed check (same order as stdnum)."""
    number = value.upper() if _PLAIN_ID.fullmatch(value) else ric.compact(value)
    legacy = False
    if len(number) == 15:
        if not isdigits(number):
            raise IdProblem("format", _("15位旧证件号码应全部为数字"))
        number, legacy = upgrade_legacy(number), True
    if len(number) != 18:
        raise IdProblem("length", _("证件号码应为18位(或旧版15位),实为%(n)s位") % {"n": len(number)})
    if not isdigits(number[:-1]):
        raise IdProblem("format", _("证件号码前17位应为数字,末位为数字或X"))
    if number[-1] != ric.calc_check_digit(number):
        raise IdProblem("checksum", _("证件号码校验码错误(GB 11643 校验位不符)"))
    try:
        # ric.get_birth_date without its second compact(): the number is compact already
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdProblem("birth_date", _("证件号码中的出生日期无效")) from None
    if not _region_known(number[:6], number[6:10]):
        raise IdProblem("region", _("证件号码中的地区码无效"))
    gender = "M" if int(number[16]) % 2 else "F"
    return IdNumber(number=number, birth_date=birth, gender=gender, legacy=legacy)


def id_problems(field: str, value: str, *, gender: str | None,
                birth_date: datetime.date | None, today: datetime.date) -> tuple[
                    IdNumber | None, list[Problem]]:
    """Check an ID number and its agreement with gender and birth date (R-CUS-2)."""
    try:
        parsed = parse_id_number(value)
    except IdProblem as exc:
        return None, [Problem(field, exc.check, exc.message)]
    problems = []
    if parsed.birth_date > today:
        problems.append(Problem(field, "birth_date", _("证件号码中的出生日期晚于今天")))
    if gender and gender != parsed.gender:
        problems.append(Problem(field, "gender", _("性别与证件号码不符(第17位奇数为男、偶数为女)")))
    if birth_date and birth_date != parsed.birth_date:
        problems.append(Problem(field, "birth_date",
                                _("出生日期与证件号码不符(证件号码为%(date)s)")
                                % {"date": f"{parsed.birth_date:%Y-%m-%d}"}))
    return parsed, problems


def normalise_phone(value: str) -> str:
    """E.164 form of a valid phone number; ValueError with the failed check otherwise."""
    if _PLAIN_PHONE.fullmatch(value) and _CN_MOBILE.fullmatch(value):
        return "+86" + value   # what parse + is_valid_number + format E164 give (tested)
    try:
        parsed = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise ValueError(_("电话号码无法识别")) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(_("电话号码无效(号码段或位数不符)"))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_account(value: str) -> str:
    """Digits of a bank card number that passes the Luhn check; ValueError otherwise."""
    digits = value.replace(" ", "").replace("-", "")
    if not isdigits(digits):
        raise ValueError(_("银行账号应为数字"))
    if not 12 <= len(digits) <= 19:
        raise ValueError(_("银行账号应为12到19位,实为%(n)s位") % {"n": len(digits)})
    if not luhn_valid(digits):
        raise ValueError(_("银行账号未通过 Luhn 校验"))
    return digits
