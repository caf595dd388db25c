"""Cleared people (涉密人员, RULES.md §6–7): the `[personnel]` table of the policy
file (its rules are in baomi/policy/personnel.py).

    [personnel]
    decryption_years = { CORE = 3, IMPORTANT = 2, GENERAL = 1 }  # R-PPL-3 脱密期
    non_compete_years = 3             # R-PPL-3: 篇十二 第十一条 离开本单位三年内
    certificate_valid_years = 5       # R-PPL-2: 篇十 岗位认证 每五年重新进行一次考核
    certificate_remind_days = 90      # remind before a certificate ends
    training_interval_days = 365      # R-PPL-2: periodic training
    review_interval_days = 365        # R-PPL-6: periodic review of people in key posts
    key_post_clearances = ["CORE", "IMPORTANT"]
    allowance_percent = { CORE = 15, IMPORTANT = 10, GENERAL = 5 }   # R-PPL-6 mechanism 4
    project_leave_approver_ranks = ["GM", "DEPUTY_GM"]   # R-PPL-4
    foreign_approver_ranks = ["GM", "DEPUTY_GM"]         # R-FOR-1..3 相关领导签批
    otp_clearances = ["CORE", "IMPORTANT"]   # two factors required
    otp_approvers = true              # … for people of an approver rank
    otp_secrecy_office = true         # … for the secrecy office
    otp_enforce_login = false         # ask for the second factor at login
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

CLEARANCES = ("CORE", "IMPORTANT", "GENERAL", "NONE")

_NUMBERS = {
    "non_compete_years": (0, 20),
    "certificate_valid_years": (1, 20),
    "certificate_remind_days": (0, 3650),
    "training_interval_days": (1, 3650),
    "review_interval_days": (1, 3650),
}


@dataclass(frozen=True)
class PersonnelSettings:
    decryption_years: dict[str, int] = field(
        default_factory=lambda: {"CORE": 3, "IMPORTANT": 2, "GENERAL": 1})
    non_compete_years: int = 3
    certificate_valid_years: int = 5
    certificate_remind_days: int = 90
    training_interval_days: int = 365
    review_interval_days: int = 365
    key_post_clearances: tuple[str, ...] = ("CORE", "IMPORTANT")
    allowance_percent: dict[str, int] = field(
        default_factory=lambda: {"CORE": 15, "IMPORTANT": 10, "GENERAL": 5})
    project_leave_approver_ranks: tuple[str, ...] = ("GM", "DEPUTY_GM")
    foreign_approver_ranks: tuple[str, ...] = ("GM", "DEPUTY_GM")
    otp_clearances: tuple[str, ...] = ("CORE", "IMPORTANT")
    otp_approvers: bool = True
    otp_secrecy_office: bool = True
    otp_enforce_login: bool = False

    def decryption_years_for(self, clearance: str) -> int:
        return self.decryption_years.get(clearance, 0)


def parse_personnel_settings(raw: Any, *, rank_codes: set[str],
                             fail: Callable[..., Exception]) -> PersonnelSettings:
    """Validate `[personnel]`; `fail(reason, *needles)` builds the PolicyError with its line."""
    if not isinstance(raw, dict):
        raise fail("personnel must be a table", "[personnel]")
    known = set(_NUMBERS) | {
        "decryption_years", "key_post_clearances", "allowance_percent",
        "project_leave_approver_ranks", "foreign_approver_ranks", "otp_clearances",
        "otp_approvers", "otp_secrecy_office", "otp_enforce_login"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise fail(f"personnel: unknown key '{unknown[0]}'", f"{unknown[0]} =")
    values: dict[str, Any] = {}
    for key, (low, high) in _NUMBERS.items():
        value = raw.get(key, getattr(PersonnelSettings, key))
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise fail(f"personnel.{key} must be a whole number between {low} and {high}",
                       f"{key} =")
        values[key] = value
    for key in ("decryption_years", "allowance_percent"):
        table = raw.get(key, getattr(PersonnelSettings(), key))
        if not isinstance(table, dict) or any(
                k not in CLEARANCES or not isinstance(v, int) or isinstance(v, bool)
                or not 0 <= v <= 100 for k, v in table.items()):
            raise fail(f"personnel.{key}: expected a table of clearance = number (0–100)",
                       f"{key} =")
        values[key] = dict(table)
    for key in ("key_post_clearances", "otp_clearances"):
        items = raw.get(key, list(getattr(PersonnelSettings, key)))
        if not isinstance(items, list) or any(c not in CLEARANCES for c in items):
            raise fail(f"personnel.{key}: expected a list of {', '.join(CLEARANCES)}",
                       f"{key} =")
        values[key] = tuple(items)
    for key in ("project_leave_approver_ranks", "foreign_approver_ranks"):
        items = raw.get(key, list(getattr(PersonnelSettings, key)))
        if not isinstance(items, list) or any(r not in rank_codes for r in items):
            raise fail(f"personnel.{key}: expected a list of rank codes", f"{key} =")
        values[key] = tuple(items)
    for key in ("otp_approvers", "otp_secrecy_office", "otp_enforce_login"):
        flag = raw.get(key, getattr(PersonnelSettings, key))
        if not isinstance(flag, bool):
            raise fail(f"personnel.{key}: expected true or false", f"{key} =")
        values[key] = flag
    return PersonnelSettings(**values)
