"""Benchmark: the suspicious-customer scan (issue 7, R-CUS-3) and the import rate.

Generates N customers (default 10,000,000) with realistic duplication — about 0.5 % of
customers share a phone and 0.2 % share a bank account with someone else — as blind-index
columns (HMAC, as the product stores them), then in a fresh process times:

* ours_group   — the scan's own search: the shared values the database recorded as the
  customers were stored (triggers, services/shared.py), each counted before the cut-off;
* ours_regroup — the same answer from scratch: GROUP BY … HAVING COUNT(*) >= 2 over each
  column's covering index (what `customers_scan --full` does to check the triggers);
* ours_scan  — the whole `suspicious_scan` (search, members, items, assignment, audit);
* anchor     — DuckDB grouping the same columns from a Parquet file (threads = cores),
  what a data engineer would reach for;
* peak memory of the scan process (ru_maxrss);
* import     — `policies_import` of M generated valid rows (all checks, encryption,
  blind indexes, one transaction per batch): rows/s; and, as its anchor, storing the same
  shape of rows alone with the import's own statements (`storage_floor`, rolled back).

Prints one JSON line per figure on stdout; progress on stderr.

    .venv/bin/python bench/customers_scan.py                          # 10M, SQLite
    .venv/bin/python bench/customers_scan.py --rows 1000000 --import-rows 20000
    DATABASE_URL=postgres://… .venv/bin/python bench/customers_scan.py --backend postgres
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
SCAN_DATE = datetime.date(2026, 3, 2)
CREATED = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def setup_django(backend: str, rows: int) -> None:
    os.environ["BAOMI_DATA_DIR"] = str(OUT)
    os.environ.setdefault("BAOMI_CUSTOMER_ENC_KEY", "YmVuY2gtb25seS1rZXktbm90LWEtc2VjcmV0LTAwMDA=")
    os.environ.setdefault("BAOMI_CUSTOMER_INDEX_KEY", "YmVuY2gtb25seS1pbmRleC1ub3QtYS1zZWNyZXQtMDA=")
    import django
    from django.conf import settings

    from config.settings import base

    conf = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        db = dict(base.DATABASES["default"], NAME=str(OUT / f"customers-{rows}.sqlite3"))
        db["ENGINE"] = "django.db.backends.sqlite3"
    else:
        import dj_database_url

        db = dj_database_url.parse(os.environ["DATABASE_URL"])
        db["NAME"] = f"baomi_bench_customers_{rows}"
    conf.update(SECRET_KEY="bench-only-not-a-secret", DEBUG=False,  # noqa: S106
                DATABASES={"default": db}, LOGGING_CONFIG=None)
    settings.configure(**conf)
    django.setup()


def ensure_pg_database(rows: int) -> None:
    import dj_database_url
    import psycopg

    conf = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"baomi_bench_customers_{rows}"
    with psycopg.connect(host=conf["HOST"], port=conf["PORT"] or 5432, user=conf["USER"],
                         password=conf["PASSWORD"], dbname=conf["NAME"],
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


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


def anchor(path: Path) -> tuple[float, int]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    cutoff = "2026-03-03 00:00:00+08"
    best, groups = float("inf"), 0
    for _ in range(3):
        t0 = time.perf_counter()
        groups = 0
        for column in ("phone_bi", "account_bi"):
            groups += len(con.execute(
                f"SELECT {column} FROM read_parquet('{path}') WHERE {column} IS NOT NULL "
                f"AND created_at < TIMESTAMPTZ '{cutoff}' GROUP BY {column} "
                "HAVING COUNT(*) >= 2").fetchall())
        best = min(best, time.perf_counter() - t0)
    return best, groups


def ours_group() -> tuple[float, int]:
    from baomi.customers.services.scan import _cutoff
    from baomi.customers.services.shared import CLUES, shared_since

    best, groups = float("inf"), 0
    for _ in range(3):
        t0 = time.perf_counter()
        groups = sum(len(shared_since(kind, cutoff=_cutoff(SCAN_DATE), minimum=2))
                     for kind, _column in CLUES)
        best = min(best, time.perf_counter() - t0)
    return best, groups


def ours_regroup() -> tuple[float, int]:
    from baomi.customers.services.scan import _cutoff
    from baomi.customers.services.shared import regroup

    best, groups = float("inf"), 0
    for _ in range(3):
        t0 = time.perf_counter()
        groups = sum(len(keys) for keys in regroup(cutoff=_cutoff(SCAN_DATE)).values())
        best = min(best, time.perf_counter() - t0)
    return best, groups


def ours_scan() -> tuple[float, Any]:
    from baomi.customers.models import SuspiciousItem, SuspiciousMember
    from baomi.customers.services.scan import suspicious_scan

    SuspiciousMember.objects.all().delete()
    SuspiciousItem.objects.all().delete()
    t0 = time.perf_counter()
    result = suspicious_scan(scan_date=SCAN_DATE)
    return time.perf_counter() - t0, result.run


def import_rate(n: int) -> float:
    from django.db.models import Q

    from baomi.customers.models import Agent, Customer, InsurancePolicy
    from baomi.customers.services.registry import policies_import
    from baomi.customers.tests.conftest import row
    from baomi.people.models import OrgUnit, Person

    unit, _ = OrgUnit.objects.get_or_create(code="customer_service", defaults={"name": "客户服务部"})
    actor, _ = Person.objects.get_or_create(staff_no="BENCH1", defaults={
        "name": "基准", "unit": unit, "rank": "STAFF"})
    Agent.objects.get_or_create(code="A001", defaults={"name": "王代理"})
    start = 50_000_000
    InsurancePolicy.objects.filter(number__startswith="P").delete()
    # both people of every earlier run, so that each run stores new customers
    Customer.objects.filter(Q(name__startswith="投保人") | Q(name__startswith="被保险人")).delete()
    rows = [(i + 2, row(start + i, holder_name=f"投保人{i}", insured_name=f"被保险人{i}",
                        policy_number=f"P{start + i}",
                        holder_id_number=_id(i, True), insured_id_number=_id(i, False),
                        holder_birth_date=_birth(i).isoformat(),
                        insured_birth_date=_birth(i).isoformat(),
                        holder_phone=f"135{i:08d}", insured_phone=f"136{i:08d}",
                        holder_account=_card(i)))
            for i in range(n)]
    t0 = time.perf_counter()
    result = policies_import(actor=actor, rows=rows)
    elapsed = time.perf_counter() - t0
    assert result.stored == n, result.bad[:3]
    return n / elapsed


def storage_floor(n: int) -> float:
    """Rows/s of storing alone: the same shape of rows as `import_rate` (a policy and two
    customers with ciphertext-sized values and random blind indexes), built before the
    clock starts and inserted with the import's own statements (`bulk.insert_rows`:
    multi-row INSERT on SQLite, COPY on PostgreSQL) into the real table with its indexes
    and triggers, in batches of `import_batch_rows` — then rolled back. No checks, no
    encryption, no look-ups: what no import can beat on this database and machine."""
    from django.db import connection, transaction
    from django.utils import timezone

    from baomi.customers.models import Agent
    from baomi.customers.services import bulk
    from baomi.people.models import Person
    from baomi.policy.runtime import get_policy

    rng = random.Random(7)
    agent = Agent.objects.get(code="A001").pk
    actor = Person.objects.get(staff_no="BENCH1").pk
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    birth = ops.adapt_datefield_value(datetime.date(1970, 1, 1))
    signed = ops.adapt_datefield_value(datetime.date(2026, 1, 15))
    size = get_policy().customers.import_batch_rows

    def person(name: str, account: bool) -> tuple[Any, ...]:
        return (name, "M", birth, os.urandom(47), rng.getrandbits(63), "110105********002X",
                os.urandom(40), rng.getrandbits(63), "139****0000",
                os.urandom(45) if account else None,
                rng.getrandbits(63) if account else None,
                "6222*******0000" if account else "", "北京市朝阳区某路1号")

    people = [(person(f"底线投保人{i}", True), person(f"底线被保险人{i}", False))
              for i in range(n)]
    elapsed = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        t0 = time.perf_counter()
        for start in range(0, n, size):
            part = people[start:start + size]
            ids = bulk.allocate_ids(cursor, bulk.CUSTOMER_TABLE, 2 * len(part))
            bulk.insert_rows(cursor, bulk.CUSTOMER_TABLE, [
                (pk, *values, now, actor)
                for pk, values in zip(ids, (v for pair in part for v in pair), strict=True)])
            pids = bulk.allocate_ids(cursor, bulk.POLICY_TABLE, len(part))
            bulk.insert_rows(cursor, bulk.POLICY_TABLE, [
                (pk, f"F{pk}", "终身寿险", signed, agent, ids[2 * k], ids[2 * k + 1], now, actor)
                for k, pk in enumerate(pids)])
        elapsed = time.perf_counter() - t0
        transaction.set_rollback(True)   # leave the bench database as it was
    return n / elapsed


def _birth(i: int) -> datetime.date:
    return datetime.date(1940, 1, 1) + datetime.timedelta(days=i % 20000)


def _id(i: int, holder: bool) -> str:
    """Unique valid numbers: the birth date and order code vary with i."""
    from stdnum.cn import ric

    order = (i // 20000) * 2 + (1 if holder else 0)
    body = f"{'110105' if holder else '310104'}{_birth(i):%Y%m%d}{order % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _card(i: int) -> str:
    from stdnum import luhn

    prefix = f"622848{i:09d}"
    return prefix + luhn.calc_check_digit(prefix)


def phase_scan(args: argparse.Namespace) -> None:
    setup_django(args.backend, args.rows)
    from django.db import connection

    info = json.loads((OUT / f"customers-{args.rows}-{connection.vendor}.json").read_text())
    parquet = export_parquet(args.rows)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    group_s, groups = ours_group()
    regroup_s, regroups = ours_regroup()
    scan_s, run = ours_scan()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    anchor_s, anchor_groups = anchor(parquet)
    expected = info["phone_groups"] + info["account_groups"]
    assert groups == regroups == anchor_groups == expected == run.new_items, (
        groups, regroups, anchor_groups, expected, run.new_items)
    note = args.note or ""
    common = {"backend": connection.vendor, "rows": args.rows, "groups": groups}
    out = [
        {"bench": "customers_scan.group", "ours": round(group_s, 3), "anchor": round(anchor_s, 3),
         "ratio": round(group_s / anchor_s, 2), "unit": "s", **common},
        {"bench": "customers_scan.regroup", "ours": round(regroup_s, 3),
         "anchor": round(anchor_s, 3), "ratio": round(regroup_s / anchor_s, 2), "unit": "s",
         **common},
        {"bench": "customers_scan.full", "ours": round(scan_s, 3), "anchor": round(anchor_s, 3),
         "ratio": round(scan_s / anchor_s, 2), "unit": "s", **common},
        {"bench": "customers_scan.peak_memory", "ours": round(peak_mb, 1), "anchor": 2048,
         "ratio": round(peak_mb / 2048, 3), "unit": "MB", "before_scan_mb":
         round(base_rss / 1024, 1), **common},
    ]
    if args.import_rows:
        rate = import_rate(args.import_rows)
        floor = storage_floor(args.import_rows)
        out.append({"bench": "customers_import.rate", "ours": round(rate), "anchor": 50000,
                    "ratio": round(rate / 50000, 3), "unit": "rows/s",
                    "rows": args.import_rows, "backend": connection.vendor})
        # the anchor here is the database itself: storing the same rows with nothing else
        out.append({"bench": "customers_import.vs_storage_alone", "ours": round(rate),
                    "anchor": round(floor), "ratio": round(rate / floor, 3), "unit": "rows/s",
                    "rows": args.import_rows, "backend": connection.vendor,
                    "goal": 50000})
    for line in out:
        if note:
            line["note"] = note
        print(json.dumps(line, ensure_ascii=False), flush=True)
    with (OUT / f"customers_scan-{connection.vendor}-{args.rows}.jsonl").open("w") as fh:
        fh.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--import-rows", type=int, default=20_000)
    ap.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--note", default="")
    ap.add_argument("--phase", choices=("all", "build", "scan"), default="all")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.phase in ("all", "build"):
        if args.backend == "postgres":
            ensure_pg_database(args.rows)
        if args.phase == "build":
            setup_django(args.backend, args.rows)
            info = build(args.rows, args.seed)
            export_parquet(args.rows)   # here, so DuckDB's memory is not the scan's peak
            log(f"built: {info}")
            return
        # build in its own process so the scan's peak memory is the scan's own
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--phase", "build"],  # noqa: S603
                       check=True)
    phase_scan(args)


if __name__ == "__main__":
    main()
