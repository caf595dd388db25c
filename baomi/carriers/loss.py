"""Reporting a copy that a stock-take found missing (R-DOC-7) — a port
(docs/decisions/0007-layers.md).

The report opens an incident and alerts the leaders, which is `baomi.approvals`' work;
approvals sits above carriers, and carriers must not import it. The approvals app
registers its service here when it is ready (`ApprovalsConfig.ready`); the stock-take
page calls `stocktake_loss_report` and gets the incident back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baomi.carriers.models import StockTakeItem
    from baomi.people.models import Person

LossReporter = Callable[..., Any]
_reporter: list[LossReporter] = []


def set_loss_reporter(reporter: LossReporter) -> None:
    """Called once by the approvals app: `reporter(actor=, item=, note=)` reports the
    missing copy of a stock-take line lost and returns the incident."""
    _reporter[:] = [reporter]


def stocktake_loss_report(*, actor: Person, item: StockTakeItem, note: str = "") -> Any:
    """R-DOC-7: report the missing copy of `item` lost; returns the incident opened."""
    if not _reporter:  # pragma: no cover - the approvals app is always installed
        raise RuntimeError("no loss reporter registered (is baomi.approvals installed?)")
    return _reporter[0](actor=actor, item=item, note=note)
