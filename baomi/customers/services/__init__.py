"""Writes of the customers app (rule of the house 1): each service asks policy, validates,
writes in one transaction and appends its audit event; refusals are audited first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baomi.audit.services import audit_denial
from baomi.policy.customers import module_on

if TYPE_CHECKING:
    from baomi.people.models import Person
    from baomi.policy.decision import Decision


def require(decision: Decision, *, actor: Person | None, action: str,
            target: object = None) -> None:
    """Raise PolicyDenied (after auditing the refusal) unless the decision allows."""
    if not module_on():
        from baomi.core.errors import NotVisible

        raise NotVisible
    if not decision.allowed:
        audit_denial(actor=actor, action=action, target=target, rule=decision.rule,
                     reason=decision.reason)
        raise decision.error()
