"""Cleared people (涉密人员, RULES.md §6–7): the rules that read the `[personnel]` table
(the table itself is parsed in baomi/policy/personnel_settings.py, which the policy
document imports; this module imports it, never the other way round).

Every decision is a `Decision(rule, clause)` (rule of the house 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.personnel_settings import CLEARANCES

if TYPE_CHECKING:
    from baomi.policy.document import Policy

__all__ = ["CLEARANCES", "approver_ranks", "may_decide",
           "may_manage_people", "may_view_file", "needs_second_factor"]


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
        return Decision.deny("R-ACC-4", gettext_noop("没有在职人员身份"))
    assert viewer is not None  # noqa: S101 - checked above
    if viewer.id == subject.id:
        return Decision.allow("R-ACC-4", gettext_noop("本人"))
    if viewer_in_office:
        return Decision.allow("R-ACC-4", gettext_noop("保密办"))
    return Decision.deny("R-ACC-4", gettext_noop("涉密人员档案仅本人和保密办可以查看"))


def may_manage_people(viewer: Someone | None, *, viewer_in_office: bool) -> Decision:
    """Posts, commitments, exits, reviews are run by the secrecy office (保密办)."""
    if _active(viewer) and viewer_in_office:
        return Decision.allow("R-PPL-1")
    return Decision.deny("R-PPL-1", gettext_noop("涉密人员管理由保密办办理"))


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
        return Decision.allow("R-ACC-3", gettext_noop("核心、重要涉密人员须双因素认证"))
    if settings.otp_approvers and person.rank in approver_ranks(policy):
        return Decision.allow("R-ACC-3", gettext_noop("审批人须双因素认证"))
    if settings.otp_secrecy_office and in_office:
        return Decision.allow("R-ACC-3", gettext_noop("保密办人员须双因素认证"))
    return Decision.deny("R-ACC-3", gettext_noop("无须双因素认证"))


def may_decide(approver: Someone | None, *, ranks: tuple[str, ...], requester_id: int,
               rule: str) -> Decision:
    """A leader of a listed rank decides; never the requester (R-ACC-4)."""
    if not _active(approver):
        return Decision.deny(rule, gettext_noop("没有在职人员身份"))
    assert approver is not None  # noqa: S101 - checked above
    if approver.id == requester_id:
        return Decision.deny(rule, gettext_noop("申请人不得审批本人的申请"))
    if approver.rank not in ranks:
        return Decision.deny(rule, gettext_noop("须由相关领导签批"))
    return Decision.allow(rule)
