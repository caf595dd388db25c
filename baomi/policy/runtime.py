"""The policy in force: loaded once at start-up, replaceable in tests."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings

from baomi.policy.document import DEFAULT_FILE, Policy, load_policy_file

if TYPE_CHECKING:
    from collections.abc import Iterator

_active: Policy | None = None


def policy_path() -> str:
    return getattr(settings, "BAOMI_POLICY_FILE", "") or str(DEFAULT_FILE)


def load_active() -> Policy:
    """Load (or reload) the configured file; raises PolicyError with line and reason."""
    global _active
    _active = load_policy_file(policy_path())
    return _active


def get_policy() -> Policy:
    return _active if _active is not None else load_active()


@contextmanager
def policy_override(policy: Policy) -> Iterator[Policy]:
    global _active
    previous = _active
    _active = policy
    try:
        yield policy
    finally:
        _active = previous
