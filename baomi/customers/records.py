"""One policy record (投保单) as entered by a form, the API or a row of an import file:
completeness (R-CUS-1) and identity (R-CUS-2) checked before anything is stored.

`check_record(raw, today=…)` returns a `PolicyRecord` or the list of problems, each naming
its field in Chinese and the check that failed. It touches no database: the checks that
need stored data (agent known, policy number unused, same ID number → same person) are in
services/registry.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.customers.identity import (
    IdNumber,
    Problem,
    id_problems,
    normalise_account,
    normalise_phone,
)
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Mapping

#: every field of a record: key → Chinese label (also the import file's column header)
LABELS: dict[str, str] = {
    "policy_number": "保单号",
    "agent_code": "代理人工号",
    "product": "险种",
    "signed_on": "投保日期",
    "holder_name": "投保人姓名",
    "holder_gender": "投保人性别",
    "holder_birth_date": "投保人出生日期",
    "holder_id_number": "投保人证件号码",
    "holder_address": "投保人联系地址",
    "holder_phone": "投保人电话",
    "holder_account": "投保人银行账号",
    "insured_relation": "被保险人与投保人关系",
    "insured_name": "被保险人姓名",
    "insured_gender": "被保险人性别",
    "insured_birth_date": "被保险人出生日期",
    "insured_id_number": "被保险人证件号码",
    "insured_phone": "被保险人电话",
    "beneficiary_name": "受益人姓名",
    "beneficiary_id_number": "受益人证件号码",
    "beneficiary_phone": "受益人电话",
}
#: header (Chinese label or English key) → key
HEADERS = {**{label: key for key, label in LABELS.items()}, **{key: key for key in LABELS}}

#: R-CUS-1 (第五条): key fields of the policyholder and of the insured
HOLDER_REQUIRED = ("name", "gender", "birth_date", "id_number", "address", "phone")
INSURED_REQUIRED = ("name", "gender", "birth_date", "id_number")
SELF = ("本人", "self", "SELF")

#: a person's fields
_PERSON_FIELDS = ("name", "gender", "birth_date", "id_number", "address", "phone", "account")
#: per role, the keys of its fields in `_PERSON_FIELDS` order ("": the role has no such
#: column, e.g. a beneficiary's gender — a value sent under such a key is ignored)
_ROLE_KEYS = {role: tuple(f"{role}_{f}" if f"{role}_{f}" in LABELS else ""
                          for f in _PERSON_FIELDS)
              for role in ("holder", "insured", "beneficiary")}
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_GENDERS = {"男": "M", "男性": "M", "M": "M", "m": "M", "女": "F", "女性": "F", "F": "F", "f": "F"}


@dataclass(frozen=True)
class PersonRecord:
    name: str
    gender: str = ""
    birth_date: datetime.date | None = None
    id_number: IdNumber | None = None
    phone: str = ""
    account: str = ""
    address: str = ""


@dataclass(frozen=True)
class PolicyRecord:
    policy_number: str
    agent_code: str
    signed_on: datetime.date
    holder: PersonRecord
    insured: PersonRecord
    product: str = ""
    insured_is_holder: bool = False
    beneficiaries: tuple[PersonRecord, ...] = field(default=())


def text(value: Any) -> str:
    """A cell as text: xlsx numbers without '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = value.strip() if value.__class__ is str else text(value)
    if not _ISO_DAY.fullmatch(raw):   # (an ISO day has no "/" or "." to replace)
        raw = raw.replace("/", "-").replace(".", "-")
    if _ISO_DAY.fullmatch(raw):
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("%(raw)s 不是有效的日期") % {"raw": raw}) from None
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(_("日期格式应为 YYYY-MM-DD"))


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class _Checker:
    def __init__(self, raw: Mapping[str, Any], today: datetime.date) -> None:
        self.raw = raw
        self.today = today
        self.problems: list[Problem] = []
        self.missing: list[str] = []
        self.invalid: set[str] = set()   # keys given a value that could not be read
        self._dates: dict[str, datetime.date | None] = {}

    def get(self, key: str) -> str:
        value = self.raw.get(key)
        if value.__class__ is str:   # the common case (a CSV cell, a form field): text()
            cell: str = value
            return cell.strip()
        if isinstance(value, float) and key.endswith(("id_number", "account", "phone")) \
                and value >= 1e15:
            self.problems.append(Problem(key, "format", _("%(key)s在表格中被存成了数字,"
                                         "末几位已丢失,请把该列设为文本") % {"key": LABELS[key]}))
            return ""
        return text(value)

    def date(self, key: str) -> datetime.date | None:
        """The date of `key`, read once: a second call reports no problem again."""
        if key in self._dates:
            return self._dates[key]
        day = self._dates[key] = self._read_date(key)
        return day

    def _read_date(self, key: str) -> datetime.date | None:
        value = self.raw.get(key)
        if value in (None, ""):
            return None
        try:
            day = parse_date(value)
        except ValueError as exc:
            self.invalid.add(key)   # given but unreadable: not also "missing"
            self.problems.append(Problem(key, "format", f"{LABELS[key]}:{exc}"))
            return None
        if day is not None and day > self.today and key != "signed_on":
            self.problems.append(Problem(key, "birth_date", _("%(key)s晚于今天") % {"key": LABELS[key]}))
        return day

    def person(self, role: str, required: tuple[str, ...]) -> PersonRecord:
        k_name, k_gender, k_birth, k_id, k_address, k_phone, k_account = _ROLE_KEYS[role]
        gender_raw = self.get(k_gender) if k_gender else ""
        gender = _GENDERS.get(gender_raw, "")
        if gender_raw and not gender:
            self.problems.append(Problem(k_gender, "format", _("%(k_gender)s应为“男”或“女”") % {"k_gender": LABELS[k_gender]}))
        birth = self.date(k_birth) if k_birth else None
        values = {"name": self.get(k_name), "gender": gender_raw, "birth_date": birth,
                  "id_number": self.get(k_id),
                  "address": self.get(k_address) if k_address else "",
                  "phone": self.get(k_phone)}
        self.missing += [LABELS[f"{role}_{key}"] for key in required
                         if not values[key] and f"{role}_{key}" not in self.invalid]
        parsed_id = None
        if values["id_number"]:
            parsed_id, found = id_problems(k_id, str(values["id_number"]),
                                           gender=gender or None, birth_date=birth,
                                           today=self.today)
            self.problems += [Problem(p.field, p.check, f"{LABELS[p.field]}:{p.message}")
                              for p in found]
        phone = ""
        if values["phone"]:
            try:
                phone = normalise_phone(str(values["phone"]))
            except ValueError as exc:
                self.problems.append(Problem(k_phone, "phone", f"{LABELS[k_phone]}:{exc}"))
        account = ""
        raw_account = self.get(k_account) if k_account else ""
        if raw_account:
            try:
                account = normalise_account(raw_account)
            except ValueError as exc:
                self.problems.append(Problem(k_account, "luhn", f"{LABELS[k_account]}:{exc}"))
        return PersonRecord(name=str(values["name"]), gender=gender, birth_date=birth,
                            id_number=parsed_id, phone=phone, account=account,
                            address=str(values["address"]))


def check_record(raw: Mapping[str, Any], *, today: datetime.date) -> PolicyRecord | list[Problem]:
    """R-CUS-1 and R-CUS-2 for one record; every problem is reported, not just the first."""
    if "__error__" in raw:  # the reader could not parse the line
        return [Problem("file", "format", str(raw["__error__"]))]
    c = _Checker(raw, today)
    number = c.get("policy_number")
    agent = c.get("agent_code")
    c.missing += [LABELS[k] for k, v in (("policy_number", number), ("agent_code", agent)) if not v]
    signed_on = c.date("signed_on") or today
    holder = c.person("holder", HOLDER_REQUIRED)
    relation = c.get("insured_relation")
    insured_is_holder = relation in SELF and not c.get("insured_name")
    if insured_is_holder:
        insured = holder
    else:
        # R-CUS-1: an insured person under `adult_age` on the signing day may lack an ID
        birth = c.date("insured_birth_date")
        minor = birth is not None and age_on(birth, signed_on) < get_policy().customers.adult_age
        required = tuple(k for k in INSURED_REQUIRED if not (minor and k == "id_number"))
        insured = c.person("insured", required)
    beneficiaries: tuple[PersonRecord, ...] = ()
    if c.get("beneficiary_name") or c.get("beneficiary_id_number"):
        beneficiaries = (c.person("beneficiary", ("name",)),)
    if c.missing:
        c.problems.insert(0, Problem("missing", "completeness",
                                     _("缺少关键信息:") + "、".join(c.missing)))
    if (holder.id_number and insured.id_number and not insured_is_holder
            and holder.id_number.number == insured.id_number.number
            and holder.name != insured.name):
        c.problems.append(Problem("insured_name", "conflict",
                                  _("被保险人与投保人证件号码相同但姓名不同")))
    if c.problems:
        return c.problems
    return PolicyRecord(policy_number=number, agent_code=agent, signed_on=signed_on,
                        holder=holder, insured=insured, product=c.get("product"),
                        insured_is_holder=insured_is_holder, beneficiaries=beneficiaries)


def problems_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for problem in problems:
        out.setdefault(problem.field, []).append(problem.message)
    return out
