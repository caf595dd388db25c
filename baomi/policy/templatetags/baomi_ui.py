"""Template helpers for policy labels: levels, ranks and clearances come from the policy file.

The labels are the organisation's own words (Chinese); the defaults are also gettext
messages so that the English interface can translate them (rule of the house 8).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

from baomi.policy.runtime import get_policy

register = template.Library()

#: default policy labels, listed so that makemessages picks them up for translation
DEFAULT_LABELS = (
    gettext_noop("绝密"), gettext_noop("机密"), gettext_noop("秘密"), gettext_noop("一般"),
    gettext_noop("内部"), gettext_noop("非密"), gettext_noop("内部资料"),
    gettext_noop("受控文件"), gettext_noop("董事/监事"), gettext_noop("总经理"),
    gettext_noop("副总经理"), gettext_noop("总监(助理)"), gettext_noop("项目经理"),
    gettext_noop("部门经理"), gettext_noop("员工"), gettext_noop("核心"), gettext_noop("重要"),
    gettext_noop("非涉密"),
)

#: CSS class per level weight (4 = 绝密 … 0 = 非密), so a renamed level keeps its colour
_BADGE_BY_WEIGHT = {4: "lv-4", 3: "lv-3", 2: "lv-2", 1: "lv-1", 0: "lv-0"}


@register.filter
def level_label(code: str) -> str:
    try:
        return gettext(get_policy().level(code).label)
    except KeyError:
        return code


@register.filter
def rank_label(code: str) -> str:
    try:
        return gettext(get_policy().rank(code).label)
    except KeyError:
        return code


@register.filter
def clearance_label(code: str) -> str:
    try:
        return gettext(get_policy().clearance(code).label)
    except KeyError:
        return code


@register.simple_tag
def level_badge(code: str) -> str:
    """A coloured badge for a level (R-CLS-1): 绝密 dark red … 非密 grey."""
    try:
        spec = get_policy().level(code)
    except KeyError:
        return format_html('<span class="badge lv-unknown">{}</span>', code)
    css = _BADGE_BY_WEIGHT.get(spec.weight, "lv-0")
    return format_html('<span class="badge level-badge {}" title="{}">{}</span>',
                       css, spec.code, gettext(spec.label))


@register.filter
def minutes(value: Any) -> int:
    """A timedelta (or hours as a number) in whole minutes, for the lockout page."""
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    try:
        return int(float(value) * 60)
    except (TypeError, ValueError):
        return 0
