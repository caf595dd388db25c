"""Exact group counts of carriers (CarrierTally), kept in the writing transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from baomi.carriers.models import Carrier, CarrierTally


def _key(carrier: Carrier) -> dict[str, object]:
    return {
        "level": carrier.level,
        "scope_rank": carrier.scope_rank,
        "status": carrier.status,
        "kind": carrier.kind,
        "department_id": carrier.department_id,
    }


def tally_add(carrier: Carrier, delta: int) -> None:
    key = _key(carrier)
    if CarrierTally.objects.filter(**key).update(n=F("n") + delta):
        return
    try:
        with transaction.atomic():
            CarrierTally.objects.create(n=delta, **key)
    except IntegrityError:  # a concurrent writer created the group first
        CarrierTally.objects.filter(**key).update(n=F("n") + delta)


def tally_move(before: Carrier, after: Carrier) -> None:
    if _key(before) != _key(after):
        tally_add(before, -1)
        tally_add(after, +1)


def tally_rebuild() -> int:
    """Recount every group from the carrier table; returns the number of groups."""
    from django.db.models import Count

    with transaction.atomic():
        CarrierTally.objects.all().delete()
        rows = (Carrier.objects.values("level", "scope_rank", "status", "kind", "department_id")
                .annotate(n=Count("id")).order_by())
        CarrierTally.objects.bulk_create([CarrierTally(**row) for row in rows], batch_size=1000)
        return len(rows)
