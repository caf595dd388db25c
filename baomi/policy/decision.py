"""`Decision`: what every policy function returns — allowed or not, which rule, which clause."""

from __future__ import annotations

from dataclasses import dataclass

from baomi.core.errors import PolicyDenied
from baomi.core.writes import record_denial
from baomi.policy.clauses import clause_for


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    clause: str
    reason: str = ""

    @classmethod
    def allow(cls, rule: str, reason: str = "") -> Decision:
        return cls(True, rule, clause_for(rule), reason)

    @classmethod
    def deny(cls, rule: str, reason: str = "") -> Decision:
        return cls(False, rule, clause_for(rule), reason)

    def __bool__(self) -> bool:
        return self.allowed

    def error(self) -> PolicyDenied:
        return PolicyDenied(rule=self.rule, clause=self.clause, reason=self.reason)


def require(decision: Decision, *, actor: object, action: str, target: object = None,
            detail: dict[str, object] | None = None) -> None:
    """The one way a service refuses (rule of the house 1, R-ACC-3, R-ACC-6).

    Allowed: returns. Refused: the denial is audited (after the rollback when inside a
    `durable_service`, at once otherwise) and `PolicyDenied` with the rule id and the
    Chinese clause is raised — a 403 in the page and the API, exit 3 in the CLI.
    """
    if decision.allowed:
        return
    error = decision.error()
    error.audit = {"actor": actor, "action": action, "target": target,
                   "rule": decision.rule, "reason": decision.reason, "detail": detail}
    record_denial(error)
    raise error
