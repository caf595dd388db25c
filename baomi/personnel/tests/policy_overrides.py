"""A policy with some `[personnel]` keys changed, for tests and demos."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from baomi.policy.runtime import get_policy, policy_override

if TYPE_CHECKING:
    from collections.abc import Iterator

    from baomi.policy.document import Policy


@contextmanager
def policy_with(**personnel: Any) -> Iterator[Policy]:
    policy = get_policy()
    changed = dataclasses.replace(
        policy, personnel=dataclasses.replace(policy.personnel, **personnel))
    with policy_override(changed) as active:
        yield active
