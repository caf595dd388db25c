"""`Decision`: what every policy function returns — allowed or not, which rule, which clause.

The reason is given as its Chinese source string, marked with `gettext_noop` so that
makemessages extracts it, and named parameters:
`Decision.deny("R-CLS-3", gettext_noop("%(level)s级须由%(ranks)s确认"), level=..., ranks=[...])`.
`reason` is the formatted Chinese text (what the audit log records, stable whatever the
reader's language); `reason_shown` translates it when it is shown (docs/decisions/0008).
"""

from __future__ import annotations

from dataclasses import dataclass

from baomi.core.errors import PolicyDenied
from baomi.core.reasons import Params, freeze, reason_shown, reason_text
from baomi.core.writes import record_denial
from baomi.policy.clauses import clause_for


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    clause: str
    #: the reason in Chinese, formatted (the audit record)
    reason: str = ""
    #: its source msgid ("" when `reason` is itself the msgid) and parameters
    reason_msgid: str = ""
    reason_params: Params = ()

    @classmethod
    def allow(cls, rule: str, reason: str = "", **params: object) -> Decision:
        frozen = freeze(params)
        return cls(True, rule, clause_for(rule), reason_text(reason, frozen), reason, frozen)

    @classmethod
    def deny(cls, rule: str, reason: str = "", **params: object) -> Decision:
        frozen = freeze(params)
        return cls(False, rule, clause_for(rule), reason_text(reason, frozen), reason, frozen)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def reason_shown(self) -> str:
        """The reason in the active language (pages, API, CLI)."""
        return reason_shown(self.reason_msgid or self.reason, self.reason_params)

    def error(self) -> PolicyDenied:
        return PolicyDenied(rule=self.rule, clause=self.clause, reason=self.reason,
                            reason_msgid=self.reason_msgid or self.reason,
                            reason_params=self.reason_params)


def require(decision: Decision, *, actor: object, action: str, target: object = None,
            detail: dict[str, object] | None = None) -> None:
    """The one way a service refuses (rule of the house 1, R-ACC-3, R-ACC-6).

    Allowed: returns. Refused: the denial is audited (after the rollback when inside a
    `durable_service`, at once otherwise) with its reason in Chinese, and `PolicyDenied`
    with the rule id and the Chinese clause is raised — a 403 in the page and the API,
    exit 3 in the CLI, each showing the reason in the reader's language.
    """
    if decision.allowed:
        return
    error = decision.error()
    error.audit = {"actor": actor, "action": action, "target": target,
                   "rule": decision.rule, "reason": decision.reason, "detail": detail}
    record_denial(error)
    raise error
