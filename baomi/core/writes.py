"""Writes that happen once: the entry point of a multi-row service (rule of the house 1).

`@durable_service` runs the service in one `transaction.atomic(durable=True)`. A refusal
raised inside it — by `baomi.policy.require`, or audited by `audit_denial` before an
error is raised (a failed re-authentication) — is rolled back with everything else and
then recorded in its own transaction, so the denial survives (R-ACC-6) while nothing of
the refused change does.

`service_batch()` runs several services as one all-or-nothing unit (the demo loader):
the services inside join its durable transaction instead of opening their own.

The recorder is a port: `baomi.audit` registers `audit_denial` here when the app is
ready (`set_denial_recorder`); core and policy import no app (docs/decisions/0004).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import transaction

if TYPE_CHECKING:
    from baomi.core.errors import PolicyDenied

P = ParamSpec("P")
R = TypeVar("R")

DenialRecorder = Callable[..., Any]
_recorder: list[DenialRecorder] = []
# Inside a durable service: the refusals to write once its transaction has ended.
_pending: contextvars.ContextVar[list[dict[str, Any]] | None] = contextvars.ContextVar(
    "baomi_pending_denials", default=None)


def set_denial_recorder(recorder: DenialRecorder) -> None:
    """Called once by the audit app: `recorder(actor=, action=, target=, rule=, reason=,
    detail=)` appends the denial event."""
    _recorder[:] = [recorder]


def in_durable_service() -> bool:
    """True inside a `durable_service` (or a `service_batch`)."""
    return _pending.get() is not None


def defer_denial(audit: dict[str, Any]) -> bool:
    """Inside a durable service keep a refusal's event (the recorder's keywords) to write
    after its transaction has ended, and return True; outside one return False."""
    pending = _pending.get()
    if pending is None:
        return False
    pending.append(audit)
    return True


def record_denial(denied: PolicyDenied) -> None:
    """Write the refusal's audit event now, or, inside a `durable_service`, once its
    transaction has rolled back."""
    if denied.audit is None or denied.recorded:
        return
    denied.recorded = True
    if defer_denial(denied.audit):
        return  # the service's wrapper records it after the rollback
    _record(denied.audit)


def _record(audit: dict[str, Any]) -> None:
    if not _recorder:  # pragma: no cover - the audit app is always installed
        raise RuntimeError("no denial recorder registered (is baomi.audit installed?)")
    _recorder[0](**audit)


@contextlib.contextmanager
def service_batch() -> Iterator[None]:
    """One durable transaction for several services (all or nothing); the refusals
    audited inside are written after it ends. Nested, it joins the outer one."""
    if _pending.get() is not None:
        yield
        return
    pending: list[dict[str, Any]] = []
    token = _pending.set(pending)
    try:
        with transaction.atomic(durable=True):
            yield
    finally:
        _pending.reset(token)
        for audit in pending:
            _record(audit)


def durable_service(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a service in one durable transaction; record a refusal after the rollback.

    Nested calls (a service calling another service) join the outer transaction.
    """

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if _pending.get() is not None:
            return fn(*args, **kwargs)
        with service_batch():
            return fn(*args, **kwargs)

    return run
