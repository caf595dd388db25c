"""The import's store path in SQL, on one cursor, inside the batch's transaction.

Building a Django model instance per customer and per policy and `bulk_create` cost about
1 ms per policy row (issue 7, docs/performance.md); these inserts write the same columns
with the same values. Only this app's tables are named; `tests/test_store_sql.py` fails if
a model's table or column names drift from the SQL below.

`insert_rows` writes a batch the cheapest way each database allows: on SQLite, multi-row
`INSERT … VALUES (…), (…)` statements — one statement per row made SQLite copy every page
the row touched into a statement journal (the customer table has triggers and a unique
index), about half the cost of a customer insert; on PostgreSQL (psycopg 3), `COPY … FROM
STDIN` — half the time of `executemany`; the triggers fire for copied rows too.

Ids are allocated before the insert so that policies can name their customers:
PostgreSQL takes them from the table's sequence (`nextval`, safe under concurrency);
SQLite's transaction began IMMEDIATE (settings `transaction_mode`), so this connection
holds the write lock and the next ids are those after the highest ever given
(`sqlite_sequence`, the table is AUTOINCREMENT) — nobody else can take them before commit.
"""

from __future__ import annotations

import datetime
import functools
import sqlite3
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

SELECT_KNOWN = (f"SELECT id, id_bi, name, gender, {{}} FROM {CUSTOMER_TABLE} "  # noqa: S608
                "WHERE id_bi IN ({{}})")
SELECT_TAKEN = f"SELECT number FROM {POLICY_TABLE} WHERE number IN ({{}})"  # noqa: S608


def _insert(table: str, columns: Sequence[str], *, ignore_conflicts: bool = False) -> str:
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    return sql + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")


INSERT_CUSTOMER = _insert(CUSTOMER_TABLE, CUSTOMER_COLUMNS)
INSERT_POLICY = _insert(POLICY_TABLE, POLICY_COLUMNS)
INSERT_BENEFICIARY = _insert(BENEFICIARY_TABLE, BENEFICIARY_COLUMNS, ignore_conflicts=True)
_INSERTS = {CUSTOMER_TABLE: (INSERT_CUSTOMER, CUSTOMER_COLUMNS, ""),
            POLICY_TABLE: (INSERT_POLICY, POLICY_COLUMNS, ""),
            BENEFICIARY_TABLE: (INSERT_BENEFICIARY, BENEFICIARY_COLUMNS,
                                " ON CONFLICT DO NOTHING")}
#: rows per multi-row INSERT on SQLite (fewer if its bound-variable limit is lower)
ROWS_PER_STATEMENT = 500


def _sqlite_variable_limit() -> int:
    raw = connection.connection
    try:
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))  # type: ignore[union-attr]
    except AttributeError:   # Python < 3.11
        return 999


def insert_rows(cursor: CursorWrapper, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert `rows` (values in the order of the table's `*_COLUMNS`) into one of the
    three tables above, within the batch's transaction."""
    if not rows:
        return
    sql, columns, tail = _INSERTS[table]
    copy = getattr(cursor.cursor, "copy", None)   # psycopg 3
    if connection.vendor == "postgresql" and copy is not None and not tail:
        with copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
            for row in rows:
                out.write_row(row)
        return
    if connection.vendor != "sqlite":
        cursor.executemany(sql, rows)
        return
    per = max(1, min(ROWS_PER_STATEMENT, _sqlite_variable_limit() // len(columns)))
    # SQLite's own `?` marks: Django's backend turns `%s` into `?` with a regular
    # expression over the whole statement on every call (≈ 2 µs per imported row) and
    # leaves `?` alone — but its query log (DEBUG, tests capturing queries) formats the
    # statement with `%`, so there the marks stay `%s`
    mark = "%s" if connection.queries_logged else "?"
    for start in range(0, len(rows), per):
        part = rows[start:start + per]
        cursor.execute(_sqlite_values(table, len(part), mark),
                       [value for row in part for value in row])


@functools.lru_cache(maxsize=32)
def _sqlite_values(table: str, count: int, mark: str) -> str:
    """`INSERT INTO table (…) VALUES (…), (…) …` for `count` rows."""
    sql, columns, tail = _INSERTS[table]
    head = sql[:len(sql) - len(tail)].split(" VALUES ", 1)[0]
    marks = "(" + ", ".join([mark] * len(columns)) + ")"
    return f"{head} VALUES {', '.join([marks] * count)}{tail}"


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


def _select_in(cursor: CursorWrapper, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of `sql` (one `IN ({})`) for all `values`, in chunks under SQLite's (32766) and
    PostgreSQL's (65535) bound-variable limits."""
    out: list[tuple[Any, ...]] = []
    chunk = 10_000
    for start in range(0, len(values), chunk):
        part = values[start:start + chunk]
        cursor.execute(sql.format(", ".join(["%s"] * len(part))), list(part))
        out += cursor.fetchall()
    return out


def known_customers(cursor: CursorWrapper, indexes: Sequence[int]) -> list[tuple[Any, ...]]:
    """(id, id_bi, name, gender, birth_date) of stored customers with these ID indexes:
    one query for a batch (a batch of 1000 rows has at most 3000 people)."""
    # SQLite: the stored text, read without Django's per-value date converter (≈ 4 µs)
    sqlite = connection.vendor == "sqlite"
    sql = SELECT_KNOWN.format("CAST(birth_date AS TEXT)" if sqlite else "birth_date", "{}")
    out: list[tuple[Any, ...]] = []
    day = datetime.date.fromisoformat
    for pk, bi, name, gender, birth in _select_in(cursor, sql, indexes):
        out.append((pk, bi, name, gender, day(birth) if isinstance(birth, str) else birth))
    return out


def taken_numbers(cursor: CursorWrapper, numbers: Sequence[str]) -> set[str]:
    """The policy numbers among `numbers` that are stored already (one query for a batch;
    the ORM's `number__in` spent ≈ 4 µs per value preparing the list)."""
    return {number for (number,) in _select_in(cursor, SELECT_TAKEN, numbers)}
