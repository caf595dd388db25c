"""Domain errors shared by every app.

`PolicyDenied` carries the rule id and the Chinese clause (R-ACC-3: denials explain
themselves). `NotVisible` is raised for a carrier the viewer may not see at all: it is
shown as "not found" so that its existence is never confirmed (R-ACC-1).
`ApplicationError` carries field messages for bad input (400/422, never a 500).
"""

from __future__ import annotations

from baomi.core.reasons import reason_shown


class PolicyDenied(Exception):
    """`reason` is the Chinese text the audit event records; `reason_shown` is what the
    person reads, translated into the active language (docs/decisions/0008)."""

    def __init__(self, *, rule: str, clause: str, reason: str = "", reason_msgid: str = "",
                 reason_params: tuple[tuple[str, object], ...] = ()) -> None:
        self.rule = rule
        self.clause = clause
        self.reason = reason
        self.reason_msgid = reason_msgid or reason
        self.reason_params = reason_params
        # set by `baomi.policy.require`: what the audit event of this refusal records
        self.audit: dict[str, object] | None = None
        self.recorded = False
        super().__init__(f"{rule}: {reason or clause}")

    @property
    def reason_shown(self) -> str:
        return reason_shown(self.reason_msgid, self.reason_params)

    def as_dict(self) -> dict[str, str]:
        data = {"rule": self.rule, "clause": self.clause}
        if self.reason:
            data["detail"] = self.reason_shown
        return data


class NotVisible(Exception):
    """The object does not exist for this viewer (404, never 403)."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        self.message = message
        self.fields = fields or {}
        super().__init__(message)

    def as_dict(self) -> dict[str, object]:
        return {"detail": self.message, "fields": self.fields}
