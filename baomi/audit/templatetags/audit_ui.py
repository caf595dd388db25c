"""`{% if me|can_audit %}`: show the audit menu only to auditors (R-ACC-4)."""

from __future__ import annotations

from typing import Any

from django import template

from baomi.audit.labels import action_label as label_for
from baomi.audit.labels import detail_label as detail_label_for
from baomi.policy.audit_access import may_audit

register = template.Library()


@register.filter
def can_audit(person: Any) -> bool:
    return bool(person is not None and may_audit(person))


@register.filter
def action_label(action: str) -> str:
    """The readable name of an audit action (baomi/audit/labels.py)."""
    return label_for(action)


@register.filter
def detail_label(key: str) -> str:
    """The readable name of a key of an event's detail (baomi/audit/labels.py)."""
    return detail_label_for(key)
