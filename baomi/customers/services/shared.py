"""Shared phones and accounts (R-CUS-3): the scan's candidates and their reconciliation.

Database triggers (migration 0005) record in `SharedValue` every phone or account index
that a second customer takes. The daily scan reads those few rows and counts, for each,
the customers entered before its cut-off (`shared_since`): its cost follows the number of
shared values, not the size of the customer table. `regroup` is the from-scratch
answer — `GROUP BY … HAVING COUNT(*) >= 2` over the covering index of each column —
used by `reconcile` (`customers_scan --full`) to prove the triggers missed nothing and
to repair the table if they ever did (a restore from an old backup, a bulk load with the
triggers off).

Customer writes are serialised (`serialise_customer_writes`): SQLite has one writer at a
time anyway; on PostgreSQL two transactions inserting the same new value at once would
each miss the other's uncommitted row in the trigger's check, so every transaction that
stores customers first takes one transaction-scoped advisory lock.
"""

# S608: statements are built from the whitelisted columns below; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from django.db import connection

from baomi.customers.models import Customer, SharedValue, SuspiciousItem

if TYPE_CHECKING:
    import datetime

    from django.db.backends.utils import CursorWrapper

#: (kind, blind-index column) of the two clues the scan looks for
CLUES = ((SuspiciousItem.Kind.PHONE.value, "phone_bi"),
         (SuspiciousItem.Kind.ACCOUNT.value, "account_bi"))
_COLUMNS = dict(CLUES)
#: the advisory lock of customer writes on PostgreSQL (an arbitrary, fixed 64-bit key)
CUSTOMER_WRITE_LOCK = 0x6261_6F6D_6963_7573   # "baomicus"
_HALVES = ((None, 0), (0, None))   # key ranges walked in parallel: [min, 0) and [0, max]


def serialise_customer_writes(cursor: CursorWrapper) -> None:
    """Call first in every transaction that inserts customers or changes their phone or
    account index (see the module docstring)."""
    if not connection.in_atomic_block:
        raise RuntimeError("customer writes are serialised inside their transaction")
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CUSTOMER_WRITE_LOCK])


def _column(kind: str) -> str:
    try:
        return _COLUMNS[kind]
    except KeyError:
        raise ValueError(kind) from None


def shared_since(kind: str, *, cutoff: datetime.datetime, minimum: int) -> list[int]:
    """Values of `kind` held by `minimum` or more customers entered before `cutoff`:
    each recorded shared value is counted on the covering index `(column, created_at)`."""
    column = _column(kind)
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.key_bi FROM {q(SharedValue._meta.db_table)} s WHERE s.kind = %s "
            f"AND (SELECT COUNT(*) FROM {q(Customer._meta.db_table)} c "
            f"WHERE c.{column} = s.key_bi AND c.created_at < %s) >= %s ORDER BY s.key_bi",
            [kind, connection.ops.adapt_datetimefield_value(cutoff), minimum])
        return [key for (key,) in cursor.fetchall()]


def _grouped(column: str, *, cutoff: datetime.datetime | None, minimum: int,
             bounds: tuple[int | None, int | None] = (None, None)) -> list[int]:
    table = connection.ops.quote_name(Customer._meta.db_table)
    where = ""
    params: list[Any] = []
    if cutoff is not None:
        where += " AND created_at < %s"
        params.append(connection.ops.adapt_datetimefield_value(cutoff))
    low, high = bounds
    if low is not None:
        where += f" AND {column} >= %s"
        params.append(low)
    if high is not None:
        where += f" AND {column} < %s"
        params.append(high)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL{where} "
                       f"GROUP BY {column} HAVING COUNT(*) >= %s", [*params, minimum])
        return [key for (key,) in cursor.fetchall()]


def _in_thread(column: str, cutoff: datetime.datetime | None, minimum: int,
               bounds: tuple[int | None, int | None]) -> list[int]:
    try:
        return _grouped(column, cutoff=cutoff, minimum=minimum, bounds=bounds)
    finally:
        connection.close()   # this thread's own connection


def regroup(*, cutoff: datetime.datetime | None = None, minimum: int = 2) -> dict[str, list[int]]:
    """Every shared value by kind, from scratch: one pass over each column's covering index,
    walked in two key ranges. With committed data and more than one core the four walks
    run in threads on their own connections (the database releases the GIL while it
    works); inside a transaction (tests, an enclosing atomic block) they run in order on
    this connection, which sees the transaction's rows."""
    tasks = [(kind, column, bounds) for kind, column in CLUES for bounds in _HALVES]
    workers = min(len(tasks), os.cpu_count() or 1)
    memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    out: dict[str, list[int]] = {kind: [] for kind, _ in CLUES}
    if connection.in_atomic_block or memory or workers < 2:
        for kind, column, bounds in tasks:
            out[kind] += _grouped(column, cutoff=cutoff, minimum=minimum, bounds=bounds)
        return out
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(kind, pool.submit(_in_thread, column, cutoff, minimum, bounds))
                   for kind, column, bounds in tasks]
        for kind, future in futures:
            out[kind] += future.result()
    return out


def reconcile() -> dict[str, int]:
    """Regroup every customer and record the shared values the table lacks; returns how
    many were missing per kind (0 while the triggers work)."""
    grouped = regroup()
    missing: dict[str, int] = {}
    for kind, keys in grouped.items():
        known = set(SharedValue.objects.filter(kind=kind).values_list("key_bi", flat=True))
        new = [SharedValue(kind=kind, key_bi=k) for k in keys if k not in known]
        SharedValue.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)
        missing[kind] = len(new)
    return missing


__all__ = ["CLUES", "reconcile", "regroup", "serialise_customer_writes", "shared_since"]
