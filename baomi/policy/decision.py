"""`Decision`: what every policy function returns — allowed or not, which rule, which clause."""

from __future__ import annotations

from dataclasses import dataclass

from baomi.core.errors import PolicyDenied
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
