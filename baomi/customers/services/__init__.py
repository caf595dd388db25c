"""Writes of the customers app (rule of the house 1): each service asks policy, validates,
writes in one transaction and appends its audit event; refusals are audited first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baomi.policy.customers import module_on
from baomi.policy.decision import require as policy_require

if TYPE_CHECKING:
    from baomi.people.models import Person
    from baomi.policy.decision import Decision


def require(decision: Decision, *, actor: Person | None, action: str,
            target: object = None) -> None:
    """`baomi.policy.require` behind the module switch: with the customers module off
    nothing of it exists (404); otherwise a refusal is audited and raised as PolicyDenied."""
    if not module_on():
        from baomi.core.errors import NotVisible

        raise NotVisible
    policy_require(decision, actor=actor, action=action, target=target)
