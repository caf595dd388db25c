"""The generated customer table (blind-index columns as stored) and its Parquet copy."""

from __future__ import annotations

import datetime
import json
import os
import random
import time
from typing import TYPE_CHECKING, Any

from customersscan.setup import CREATED, OUT, log

if TYPE_CHECKING:
    from pathlib import Path


def _index_key() -> bytes:
    import base64

    return base64.b64decode(os.environ["BAOMI_CUSTOMER_INDEX_KEY"])


def _indexes(cursor: Any, vendor: str, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's secondary indexes (dropped while loading)."""
    if vendor == "sqlite":
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND tbl_name = %s AND sql IS NOT NULL", [table])
    else:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                       "AND indexname NOT LIKE %s AND indexdef NOT LIKE %s",
                       [table, "%pkey", "%UNIQUE%"])
    return list(cursor.fetchall())


def _triggers(cursor: Any, vendor: str, table: str, *, enable: bool,
              saved: list[str] | None = None) -> list[str]:
    """Switch the table's triggers off (returning what restores them) or back on."""
    if vendor == "postgresql":
        cursor.execute(f"ALTER TABLE {table} {'ENABLE' if enable else 'DISABLE'} TRIGGER USER")
        return []
    if enable:
        for create in saved or []:
            cursor.execute(create)
        return []
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                   "AND tbl_name = %s", [table])
    found = list(cursor.fetchall())
    for name, _sql in found:
        cursor.execute(f'DROP TRIGGER "{name}"')
    return [create for _name, create in found]


def build(rows: int, seed: int) -> dict[str, Any]:
    """Customers with blind-index columns, and the same columns as CSV for DuckDB.

    Loaded as fast as the database allows (secondary indexes dropped and rebuilt, SQLite
    `executemany` with synchronous off, PostgreSQL `COPY`): the load is set-up, not the
    figure. Returns the planted group counts.
    """
    import hashlib
    import hmac

    from django.core.management import call_command
    from django.db import connection

    from baomi.customers.models import Customer

    call_command("migrate", verbosity=0)
    if Customer.objects.exists():
        log("reusing the generated customers")
        return json.loads((OUT / f"customers-{rows}-{connection.vendor}.json").read_text())
    rng = random.Random(seed)
    shared_phone_rows = int(rows * 0.005)
    shared_account_rows = int(rows * 0.002)
    base = hmac.new(_index_key(), digestmod=hashlib.sha256)

    def index(field: str, value: str) -> int:
        # the same value as crypto.blind_index, with the key schedule done once
        h = base.copy()
        h.update(f"{field}:{value}".encode())
        return int.from_bytes(h.digest()[:8], "big", signed=True)

    phone_pool = [index("phone", f"+86188{i:08d}") for i in range(max(1, shared_phone_rows // 2))]
    account_pool = [index("account", f"9{i:015d}")
                    for i in range(max(1, shared_account_rows // 2))]
    phone_rows = set(rng.sample(range(rows), shared_phone_rows))
    account_rows = set(rng.sample(range(rows), shared_account_rows))
    table = Customer._meta.db_table
    cols = ("name", "gender", "address", "id_masked", "phone_masked", "account_masked",
            "created_at", "phone_bi", "account_bi", "phone_enc", "account_enc", "id_bi")
    vendor = connection.vendor
    t0 = time.perf_counter()
    blob = b"\x01" + bytes(40)  # ciphertext-sized placeholder (the scan never reads it)
    phone_used: dict[int, int] = {}
    account_used: dict[int, int] = {}
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    step = (CREATED - start) / rows   # entered over a year, all before the scan date
    csv_path = OUT / f"customers-{rows}-{vendor}.csv"
    with connection.cursor() as cursor:
        indexes = _indexes(cursor, vendor, table)
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # the shared-value triggers look each row up by index: off while loading, then
        # `reconcile` records the shared values from scratch (as migration 0005 does)
        triggers = _triggers(cursor, vendor, table, enable=False)
        if vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
        raw = connection.connection
        placeholders = ",".join(["%s"] * len(cols))
        sql = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({placeholders})"
        copy = None
        if vendor == "postgresql":
            copy_cursor = raw.cursor()
            copy_cm = copy_cursor.copy(f"COPY {table} ({','.join(cols)}) FROM STDIN")
            copy = copy_cm.__enter__()
        batch: list[tuple[Any, ...]] = []
        with csv_path.open("w") as fh:
            fh.write("phone_bi,account_bi,created_at\n")
            for i in range(rows):
                if i in phone_rows:
                    phone = rng.choice(phone_pool)
                    phone_used[phone] = phone_used.get(phone, 0) + 1
                else:
                    phone = index("phone", f"+86139{i:08d}")
                if i in account_rows:
                    account = rng.choice(account_pool)
                    account_used[account] = account_used.get(account, 0) + 1
                else:
                    account = index("account", f"62{i:014d}")
                created = start + step * i
                # an ID number's index for all but one in 200 (minors insured without one):
                # the import looks stored customers up by it, as in real data
                id_bi = None if i % 200 == 0 else index("id", f"B{i:017d}")
                fh.write(f"{phone},{account},{created.isoformat()}\n")
                if copy is not None:
                    copy.write_row((f"客户{i}", "M", "", "", "139****0000", "6222****0000",
                                    created, phone, account, blob, blob, id_bi))
                    continue
                # Django's SQLite format: naive UTC text
                batch.append((f"客户{i}", "M", "", "", "139****0000", "6222****0000",
                              created.replace(tzinfo=None).isoformat(" "), phone, account,
                              blob, blob, id_bi))
                if len(batch) == 50000:
                    cursor.executemany(sql, batch)
                    batch.clear()
                if i % 1_000_000 == 999_999:
                    log(f"generated {i + 1:,} rows ({time.perf_counter() - t0:.0f} s)")
        if batch:
            cursor.executemany(sql, batch)
        if copy is not None:
            copy_cm.__exit__(None, None, None)
        load_s = time.perf_counter() - t0
        log(f"loaded in {load_s:.0f} s; rebuilding {len(indexes)} indexes")
        for _name, create in indexes:
            cursor.execute(create)
        _triggers(cursor, vendor, table, enable=True, saved=triggers)
        cursor.execute(f"VACUUM ANALYZE {table}" if vendor == "postgresql" else "ANALYZE")
    from baomi.customers.services.shared import reconcile

    log(f"recorded shared values: {reconcile()}")
    info = {"rows": rows, "build_s": round(time.perf_counter() - t0, 1),
            "load_s": round(load_s, 1),
            "phone_groups": sum(1 for n in phone_used.values() if n >= 2),
            "account_groups": sum(1 for n in account_used.values() if n >= 2)}
    (OUT / f"customers-{rows}-{vendor}.json").write_text(json.dumps(info))
    return info


def export_parquet(rows: int) -> Path:
    """The anchor's input: the CSV written while generating, as Parquet (DuckDB COPY)."""
    import duckdb
    from django.db import connection

    path = OUT / f"customers-{rows}-{connection.vendor}.parquet"
    csv_path = path.with_suffix(".csv")
    if path.exists() and not csv_path.exists():
        return path
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv_path}', columns = {{'phone_bi': 'BIGINT', "
               f"'account_bi': 'BIGINT', 'created_at': 'TIMESTAMPTZ'}}, header = true)) "
               f"TO '{path}' (FORMAT PARQUET)")
    csv_path.unlink()
    return path


