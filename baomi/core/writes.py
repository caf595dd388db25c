"""Writes that happen once: the entry point of a multi-row service (rule of the house 1).

`@durable_service` runs the service in one `transaction.atomic(durable=True)`. A refusal
raised inside it by `baomi.policy.require` is rolled back with everything else and then
recorded in its own transaction, so the denial survives (R-ACC-6) while nothing of the
refused change does.

The recorder is a port: `baomi.audit` registers `audit_denial` here when the app is
ready (`set_denial_recorder`); core and policy import no app (docs/decisions/0004).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from baomi.core.errors import PolicyDenied

P = ParamSpec("P")
R = TypeVar("R")

DenialRecorder = Callable[..., Any]
_recorder: list[DenialRecorder] = []
_deferring: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "baomi_deferring_denials", default=False)


def set_denial_recorder(recorder: DenialRecorder) -> None:
    """Called once by the audit app: `recorder(actor=, action=, target=, rule=, reason=,
    detail=)` appends the denial event."""
    _recorder[:] = [recorder]


def record_denial(denied: PolicyDenied) -> None:
    """Write the refusal's audit event now, or, inside a `durable_service`, once its
    transaction has rolled back."""
    if denied.audit is None or denied.recorded:
        return
    if _deferring.get():
        return  # the service's wrapper records it after the rollback
    if not _recorder:  # pragma: no cover - the audit app is always installed
        raise RuntimeError("no denial recorder registered (is baomi.audit installed?)")
    denied.recorded = True
    _recorder[0](**denied.audit)


def durable_service(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a service in one durable transaction; record a refusal after the rollback.

    Nested calls (a service calling another service) join the outer transaction.
    """

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if _deferring.get():
            return fn(*args, **kwargs)
        token = _deferring.set(True)
        try:
            with transaction.atomic(durable=True):
                return fn(*args, **kwargs)
        except PolicyDenied as denied:
            _deferring.reset(token)
            token = _deferring.set(False)
            record_denial(denied)
            raise
        finally:
            _deferring.reset(token)

    return run
