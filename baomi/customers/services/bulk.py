"""The import's store path in SQL: `executemany` on one cursor, inside the batch's transaction.

Building a Django model instance per customer and per policy and `bulk_create` cost about
1 ms per policy row (issue 7, docs/performance.md); these inserts write the same columns
with the same values. Only this app's tables are named; `tests/test_store_sql.py` fails if
a model's table or column names drift from the SQL below.

Ids are allocated before the insert so that policies can name their customers:
PostgreSQL takes them from the table's sequence (`nextval`, safe under concurrency);
SQLite's transaction began IMMEDIATE (settings `transaction_mode`), so this connection
holds the write lock and the next ids are those after the highest ever given
(`sqlite_sequence`, the table is AUTOINCREMENT) — nobody else can take them before commit.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.backends.utils import CursorWrapper

CUSTOMER_TABLE = "customers_customer"
POLICY_TABLE = "customers_insurancepolicy"
BENEFICIARY_TABLE = "customers_insurancepolicy_beneficiaries"

CUSTOMER_COLUMNS = ("id", "name", "gender", "birth_date", "id_enc", "id_bi", "id_masked",
                    "phone_enc", "phone_bi", "phone_masked", "account_enc", "account_bi",
                    "account_masked", "address", "created_at", "created_by_id")
POLICY_COLUMNS = ("id", "number", "product", "signed_on", "agent_id", "policyholder_id",
                  "insured_id", "created_at", "created_by_id")
BENEFICIARY_COLUMNS = ("insurancepolicy_id", "customer_id")

SELECT_KNOWN = (f"SELECT id, id_bi, name, gender, birth_date FROM {CUSTOMER_TABLE} "  # noqa: S608
                "WHERE id_bi IN ({})")


def _insert(table: str, columns: Sequence[str], *, ignore_conflicts: bool = False) -> str:
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    return sql + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")


INSERT_CUSTOMER = _insert(CUSTOMER_TABLE, CUSTOMER_COLUMNS)
INSERT_POLICY = _insert(POLICY_TABLE, POLICY_COLUMNS)
INSERT_BENEFICIARY = _insert(BENEFICIARY_TABLE, BENEFICIARY_COLUMNS, ignore_conflicts=True)


def allocate_ids(cursor: CursorWrapper, table: str, count: int) -> list[int]:
    """`count` fresh primary keys of `table` (one of this app's), within the transaction."""
    if count == 0:
        return []
    if table not in (CUSTOMER_TABLE, POLICY_TABLE):
        raise ValueError(table)
    if not connection.in_atomic_block:
        raise RuntimeError("ids are allocated inside the batch's transaction")
    if connection.vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                       "FROM generate_series(1, %s)", [table, count])
        return [int(pk) for (pk,) in cursor.fetchall()]
    if connection.vendor != "sqlite":
        raise RuntimeError(f"the bulk import supports SQLite and PostgreSQL, not {connection.vendor}")
    cursor.execute("SELECT MAX(x) FROM (SELECT seq AS x FROM sqlite_sequence WHERE name = %s "  # noqa: S608
                   f"UNION ALL SELECT MAX(id) FROM {table})", [table])
    top = int(cursor.fetchone()[0] or 0)
    return list(range(top + 1, top + 1 + count))


def known_customers(cursor: CursorWrapper, indexes: Sequence[int]) -> list[tuple[Any, ...]]:
    """(id, id_bi, name, gender, birth_date) of stored customers with these ID indexes:
    one query for a batch (a batch of 1000 rows has at most 3000 people)."""
    out: list[tuple[Any, ...]] = []
    chunk = 10_000   # under SQLite's (32766) and PostgreSQL's (65535) bound-variable limits
    for start in range(0, len(indexes), chunk):
        part = indexes[start:start + chunk]
        cursor.execute(SELECT_KNOWN.format(", ".join(["%s"] * len(part))), list(part))
        for pk, bi, name, gender, birth in cursor.fetchall():
            if isinstance(birth, str):   # SQLite: the raw cursor gives the stored text
                birth = datetime.date.fromisoformat(birth)
            out.append((pk, bi, name, gender, birth))
    return out
