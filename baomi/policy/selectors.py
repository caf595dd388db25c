"""Reads of the policy: the one in force as plain data, and its recorded versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.policy.models import PolicyVersion

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from baomi.policy.document import Policy

def policy_as_dict(policy: Policy) -> dict[str, Any]:
    """The policy as plain data (for `policy_show --json` and GET /api/policy/)."""
    return {
        "organisation": dict(policy.organisation),
        "sha256": policy.sha256,
        "levels": [
            {
                "code": spec.code,
                "label": spec.label,
                "weight": spec.weight,
                "max_term_years": spec.max_term_years,
                "scope_rank": spec.scope_rank,
                "confirm_ranks": list(spec.confirm_ranks),
                "confirm_same_department": spec.confirm_same_department,
                "view_approver_ranks": list(spec.view_approver_ranks),
                "copy_allowed": spec.copy_allowed,
                "copy_approver_ranks": list(spec.copy_approver_ranks),
                "mark": spec.mark,
                "controlled_mark": spec.controlled_mark,
                "mark_placement": spec.mark_placement,
                "kinds": list(spec.kinds),
            }
            for spec in policy.levels
        ],
        "ranks": [{"code": r.code, "label": r.label, "order": r.order} for r in policy.ranks],
        "clearances": [
            {"code": c.code, "label": c.label, "max_weight": c.max_weight,
             "levels": policy.levels_within(c.code)}
            for c in policy.clearances
        ],
        "categories": {level: list(values) for level, values in policy.categories.items()},
        "remind_days_before_end": policy.remind_days_before_end,
        "max_copies_per_carrier": policy.max_copies_per_carrier,
    }


def policy_versions() -> QuerySet[PolicyVersion]:
    """Recorded versions, newest first (in the order they were recorded)."""
    return PolicyVersion.objects.order_by("-id")


def policy_latest_version() -> PolicyVersion | None:
    return policy_versions().first()
