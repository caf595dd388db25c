"""Cleared people (涉密人员, RULES.md §6–7): the `[personnel]` table and its rules.

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

Every decision is a `Decision(rule, clause)` (rule of the house 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from baomi.policy.decision import Decision

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.policy.document import Policy

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


class Someone(Protocol):
    id: int
    rank: str
    clearance: str
    status: str


def _active(person: Someone | None) -> bool:
    return person is not None and person.status != "LEFT"


def may_view_file(viewer: Someone | None, subject: Someone, *, viewer_in_office: bool) -> Decision:
    """A person's secrecy file (涉密人员档案): the person and the secrecy office — not colleagues,
    not even leaders (篇十 监管分离, R-ACC-4)."""
    if not _active(viewer):
        return Decision.deny("R-ACC-4", "没有在职人员身份")
    assert viewer is not None  # noqa: S101 - checked above
    if viewer.id == subject.id:
        return Decision.allow("R-ACC-4", "本人")
    if viewer_in_office:
        return Decision.allow("R-ACC-4", "保密办")
    return Decision.deny("R-ACC-4", "涉密人员档案仅本人和保密办可以查看")


def may_manage_people(viewer: Someone | None, *, viewer_in_office: bool) -> Decision:
    """Posts, commitments, exits, reviews are run by the secrecy office (保密办)."""
    if _active(viewer) and viewer_in_office:
        return Decision.allow("R-PPL-1")
    return Decision.deny("R-PPL-1", "涉密人员管理由保密办办理")


def approver_ranks(policy: Policy) -> set[str]:
    ranks: set[str] = set()
    for level in policy.levels:
        for key in ("view_approver_ranks", "copy_approver_ranks", "print_approver_ranks",
                    "distribute_approver_ranks", "network_approver_ranks",
                    "external_approver_ranks", "destroy_approver_ranks"):
            ranks.update(getattr(level, key))
    return ranks


def needs_second_factor(person: Someone, *, policy: Policy, in_office: bool) -> Decision:
    """Two factors for 核心/重要 clearance, approvers and the secrecy office (policy decides)."""
    settings = policy.personnel
    if person.clearance in settings.otp_clearances:
        return Decision.allow("R-ACC-3", "核心、重要涉密人员须双因素认证")
    if settings.otp_approvers and person.rank in approver_ranks(policy):
        return Decision.allow("R-ACC-3", "审批人须双因素认证")
    if settings.otp_secrecy_office and in_office:
        return Decision.allow("R-ACC-3", "保密办人员须双因素认证")
    return Decision.deny("R-ACC-3", "无须双因素认证")


def may_decide(approver: Someone | None, *, ranks: tuple[str, ...], requester_id: int,
               rule: str) -> Decision:
    """A leader of a listed rank decides; never the requester (R-ACC-4)."""
    if not _active(approver):
        return Decision.deny(rule, "没有在职人员身份")
    assert approver is not None  # noqa: S101 - checked above
    if approver.id == requester_id:
        return Decision.deny(rule, "申请人不得审批本人的申请")
    if approver.rank not in ranks:
        return Decision.deny(rule, "须由相关领导签批")
    return Decision.allow(rule)
