"""Appending an audit event from a floor below the audit app — a port
(docs/decisions/0007-layers.md).

`baomi.audit` is the only writer of the log (R-ACC-6) and sits above core and policy;
those floors must not import it. The audit app registers `audit_append` here when it is
ready (`AuditConfig.ready`), beside the denial recorder of `baomi.core.writes`. Apps
above audit call `baomi.audit.services.audit_append` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

EventRecorder = Callable[..., Any]
_recorder: list[EventRecorder] = []


def set_event_recorder(recorder: EventRecorder) -> None:
    """Called once by the audit app: `recorder(actor=, action=, target=, detail=, rule=,
    actor_label=)` appends the event in the caller's transaction."""
    _recorder[:] = [recorder]


def record_event(*, actor: Any = None, action: str, target: Any = None,
                 detail: dict[str, Any] | None = None, rule: str = "",
                 actor_label: str = "") -> Any:
    """Append one audit event in the current transaction; returns the event."""
    if not _recorder:  # pragma: no cover - the audit app is always installed
        raise RuntimeError("no event recorder registered (is baomi.audit installed?)")
    return _recorder[0](actor=actor, action=action, target=target, detail=detail, rule=rule,
                        actor_label=actor_label)
