"""`{% if me|can_audit %}`: show the audit menu only to auditors (R-ACC-4)."""

from __future__ import annotations

from typing import Any

from django import template

from baomi.policy.audit_access import may_audit

register = template.Library()


@register.filter
def can_audit(person: Any) -> bool:
    return bool(person is not None and may_audit(person))
