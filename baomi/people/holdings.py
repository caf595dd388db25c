"""What a person still holds in custody, for the exit checks (R-DOC-8) — a port
(docs/decisions/0007-layers.md).

Copies are kept by `baomi.carriers`, which sits above people; people must not import it.
Each app that hands things into a person's custody registers a counter here when it is
ready (`CarriersConfig.ready` registers the copies held); `custody_count` adds them up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baomi.people.models import Person

HoldingCounter = Callable[..., int]
_counters: dict[str, HoldingCounter] = {}


def register_holding(name: str, counter: HoldingCounter) -> None:
    """`counter(person=…)` is how many things of kind `name` the person holds now."""
    _counters[name] = counter


def custody_count(*, person: Person) -> int:
    """Everything in this person's custody now, across the apps that registered (R-DOC-8)."""
    return sum(counter(person=person) for counter in _counters.values())
