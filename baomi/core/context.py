"""Which channel a change came through (web, api, cli, job) — recorded on audit events."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

_channel: ContextVar[str] = ContextVar("baomi_channel", default="web")


def current_channel() -> str:
    return _channel.get()


@contextmanager
def channel(name: str) -> Iterator[None]:
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)
