"""The timed figures: DuckDB's grouping, our search, regroup and scan, the import and
storing alone."""

from __future__ import annotations

import datetime
import os
import random
import time
from typing import TYPE_CHECKING, Any

from customersscan.setup import SCAN_DATE

if TYPE_CHECKING:
    from pathlib import Path


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


