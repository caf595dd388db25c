"""Template helpers for policy labels: thin filters over `baomi.policy.labels`.

Levels, ranks and clearances come from the policy file; `policy.labels` translates them
the same way for pages, the API, the CLI and registers (rule of the house 8).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.html import format_html

from baomi.policy import labels
from baomi.policy.runtime import get_policy

register = template.Library()

#: CSS class per level weight (4 = 绝密 … 0 = 非密), so a renamed level keeps its colour
_BADGE_BY_WEIGHT = {4: "lv-4", 3: "lv-3", 2: "lv-2", 1: "lv-1", 0: "lv-0"}


@register.filter
def level_label(code: str) -> str:
    return labels.level_label(code)


@register.filter
def rank_label(code: str) -> str:
    return labels.rank_label(code)


@register.filter
def clearance_label(code: str) -> str:
    return labels.clearance_label(code)


@register.simple_tag
def level_badge(code: str) -> str:
    """A coloured badge for a level (R-CLS-1): 绝密 dark red … 非密 grey."""
    try:
        spec = get_policy().level(code)
    except KeyError:
        return format_html('<span class="badge lv-unknown">{}</span>', code)
    css = _BADGE_BY_WEIGHT.get(spec.weight, "lv-0")
    return format_html('<span class="badge level-badge {}" title="{}">{}</span>',
                       css, spec.code, labels.level_label(code))


@register.filter
def minutes(value: Any) -> int:
    """A timedelta (or hours as a number) in whole minutes, for the lockout page."""
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    try:
        return int(float(value) * 60)
    except (TypeError, ValueError):
        return 0
