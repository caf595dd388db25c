"""The approval engine's policy keys: per-level approver ranks and the `[approvals]` table.

Parsed as part of the policy file (baomi/policy/document.py); numbers are policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ApprovalSettings:
    """The `[approvals]` table: numbers of the approval engine (rule of the house 5)."""

    borrow_max_days: int = 30
    step_due_hours: int = 48
    delegation_max_days: int = 90
    delegable_actions: tuple[str, ...] = ("BORROW",)
    secrecy_office_countersign: tuple[str, ...] = ("DESTROY", "EXTERNAL")


#: the request kinds of the approval engine (baomi.approvals), as named in the policy file
APPROVAL_ACTIONS = ("BORROW", "COPY", "PRINT", "DISTRIBUTE", "NETWORK", "EXTERNAL", "DESTROY",
                    "DECLASSIFY", "EXTEND", "CHANGE_LEVEL")


def approval_keys(item: dict[str, Any], where: str, check_ranks: Any,
                   fail: Any) -> dict[str, Any]:
    """Per-level approver ranks (optional keys; absent means no approver is named)."""
    out: dict[str, Any] = {}
    for key in ("print_approver_ranks", "distribute_approver_ranks", "network_approver_ranks",
                "external_approver_ranks", "destroy_approver_ranks"):
        out[key] = check_ranks(item.get(key, []), f"{where}.{key}")
    out["change_approver_ranks"] = check_ranks(
        item.get("change_approver_ranks", item.get("confirm_ranks", [])),
        f"{where}.change_approver_ranks")
    network = item.get("network_allowed", True)
    if not isinstance(network, bool):
        raise fail(f"{where}.network_allowed: expected true or false", "network_allowed")
    out["network_allowed"] = network
    two = item.get("two_person_actions", [])
    if not isinstance(two, list) or any(a not in APPROVAL_ACTIONS for a in two):
        raise fail(f"{where}.two_person_actions: expected a list of "
                   f"{', '.join(APPROVAL_ACTIONS)}", "two_person_actions")
    out["two_person_actions"] = tuple(two)
    return out


def parse_approval_settings(raw: Any, fail: Any) -> ApprovalSettings:
    if not isinstance(raw, dict):
        raise fail("approvals must be a table", "[approvals]")
    numbers: dict[str, int] = {}
    for key, low, high in (("borrow_max_days", 1, 3650), ("step_due_hours", 1, 8760),
                           ("delegation_max_days", 1, 3650)):
        value = raw.get(key, getattr(ApprovalSettings, key))
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise fail(f"approvals.{key} must be a whole number between {low} and {high}",
                       f"{key} =")
        numbers[key] = value
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("delegable_actions", "secrecy_office_countersign"):
        value = raw.get(key, list(getattr(ApprovalSettings, key)))
        if not isinstance(value, list) or any(a not in APPROVAL_ACTIONS for a in value):
            raise fail(f"approvals.{key}: expected a list of {', '.join(APPROVAL_ACTIONS)}",
                       f"{key} =")
        lists[key] = tuple(value)
    return ApprovalSettings(
        borrow_max_days=numbers["borrow_max_days"], step_due_hours=numbers["step_due_hours"],
        delegation_max_days=numbers["delegation_max_days"],
        delegable_actions=lists["delegable_actions"],
        secrecy_office_countersign=lists["secrecy_office_countersign"])
