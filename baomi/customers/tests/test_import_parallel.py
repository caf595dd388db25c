"""The import's prepare step in worker processes (services/prepare.py) stores exactly what
the inline path stores — same customers, ciphertext, blind indexes, masks, policies, links,
batches and audit events — and reports the same bad lines with the same reasons, in order;
progress is called once per row; a pool that cannot start or breaks falls back inline."""

from __future__ import annotations

import dataclasses
import datetime
import os
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.audit.models import AuditEvent
from baomi.customers import crypto
from baomi.customers.models import Customer, InsurancePolicy
from baomi.customers.services import bulk, prepare
from baomi.customers.services.agents import agent_create, agent_set_active
from baomi.customers.services.registry import policies_import
from baomi.policy.customer_settings import CustomerSettings
from baomi.policy.runtime import get_policy, policy_override

from .conftest import make_id, row

_PARENT = os.getpid()
_PREPARE_CHUNK = prepare._prepare_chunk


def _chunk_in_a_worker(raws: list[Any]) -> list[Any]:
    """`_prepare_chunk`, refusing to run in the test's own process."""
    if os.getpid() == _PARENT:
        raise RuntimeError("a chunk was prepared in the parent process")
    return _PREPARE_CHUNK(raws)


def _chunk_breaks(raws: list[Any]) -> list[Any]:
    raise BrokenProcessPool("a worker died")


def _rows() -> tuple[list[tuple[int, dict[str, Any]]], dict[int, str]]:
    """Thirty lines mixing good rows and each kind of bad one; the bad lines and a part of
    the reason each must give."""
    rows = {n + 1: row(n) for n in range(1, 31)}   # line n + 1 holds policy n
    kid = datetime.date(2019, 6, 1)
    rows[3]["holder_phone"] = ""
    number = rows[5]["holder_id_number"]
    rows[5]["holder_id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    rows[7]["holder_account"] = "6222021234567890"
    rows[9]["agent_code"] = "NOPE"
    rows[11]["agent_code"] = "A002"                                  # deactivated
    rows[13]["policy_number"] = rows[2]["policy_number"]             # same file, taken
    rows[15].update(holder_id_number=rows[2]["holder_id_number"],    # another name
                    holder_birth_date=rows[2]["holder_birth_date"])
    rows[17].update(insured_relation="本人", insured_name="", insured_gender="",
                    insured_birth_date="", insured_id_number="", insured_phone="")
    rows[19].update(insured_id_number="", insured_birth_date=kid.isoformat())
    beneficiary = make_id(datetime.date(1991, 3, 4), serial=7)
    rows[21].update(beneficiary_name="受益人甲", beneficiary_id_number=beneficiary,
                    beneficiary_phone="13611112222")
    rows[23].update(insured_name="受益人甲", insured_gender="男", insured_birth_date="1991-03-04",
                    insured_id_number=beneficiary)
    rows[25] = {"__error__": "CSV 无法解析:bad quoting"}
    rows[27].update({k: rows[4][k] for k in rows[4] if k.startswith("holder_")})   # same person
    rows[29]["holder_birth_date"] = "1960-01-01"
    bad = {3: "投保人电话", 5: "校验码", 7: "Luhn", 9: "未登记", 11: "已停用", 13: "已存在",
           15: "另一姓名", 25: "CSV", 29: "出生日期与证件号码不符"}
    return sorted(rows.items()), bad


def _people() -> dict[int, tuple[Any, ...]]:
    out = {}
    for c in Customer.objects.all():
        values = {f: crypto.decrypt(f, getattr(c, f"{f}_enc")) for f in ("id", "phone", "account")}
        for field, value in values.items():   # each blind index is the value's
            assert getattr(c, f"{field}_bi") == (crypto.blind_index(field, value) if value else None)
        assert c.id_masked == (crypto.mask_id(values["id"]) if values["id"] else "")
        assert c.phone_masked == (crypto.mask_phone(values["phone"]) if values["phone"] else "")
        assert c.account_masked == (
            crypto.mask_account(values["account"]) if values["account"] else "")
        out[c.pk] = (c.name, c.gender, c.birth_date, values["id"], c.id_bi, c.id_masked,
                     values["phone"], c.phone_bi, c.phone_masked, values["account"],
                     c.account_bi, c.account_masked, c.address, c.created_by_id)
    return out


def _snapshot() -> dict[str, Any]:
    people = _people()
    policies = sorted(
        (p.number, p.product, p.signed_on, p.agent.code, people[p.policyholder_id],
         people[p.insured_id], sorted((people[b.pk] for b in p.beneficiaries.all()), key=repr),
         p.created_by_id)
        for p in InsurancePolicy.objects.select_related("agent"))
    events = [e.detail for e in AuditEvent.objects.filter(action="customers.import").order_by("seq")]
    return {"customers": sorted(people.values(), key=repr), "policies": policies,
            "events": events}


def _small_batches() -> Any:
    return dataclasses.replace(get_policy(), customers=dataclasses.replace(
        CustomerSettings(), import_batch_rows=4))


@pytest.fixture
def agents(service: dict[str, Any], agent: Any, people: dict[str, Any]) -> None:
    retired = agent_create(actor=people["gm"], code="A002", name="李代理")
    agent_set_active(actor=people["gm"], agent=retired, active=False, reason="离职")


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each import got its worker pool (True) or fell back inline (False)."""
    started: list[bool] = []
    start = prepare._start_pool

    def spy(*args: Any, **kwargs: Any) -> Any:
        pool = start(*args, **kwargs)
        started.append(pool is not None)
        return pool

    monkeypatch.setattr(prepare, "_start_pool", spy)
    return started


def _import(service: dict[str, Any], **kwargs: Any) -> tuple[Any, dict[str, Any], list[int]]:
    """Import the mixed rows, snapshot what was stored, roll it back."""
    rows, _ = _rows()
    calls: list[int] = []
    with policy_override(_small_batches()), transaction.atomic():
        result = policies_import(actor=service["clerk"], rows=rows, progress=calls.append,
                                 **kwargs)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return result, snapshot, calls


def test_pooled_and_inline_store_and_refuse_the_same(service, agents, pools, monkeypatch,
                                                     caplog) -> None:
    inline, stored_inline, calls_inline = _import(service, parallel=False)
    assert pools == []
    with monkeypatch.context() as m:
        m.setattr(prepare, "CHUNK_ROWS", 3)            # many chunks, several in flight
        m.setattr(prepare, "_prepare_chunk", _chunk_in_a_worker)
        m.setattr(bulk, "ROWS_PER_STATEMENT", 2)       # several statements per insert
        pooled, stored_pooled, calls_pooled = _import(service, parallel=True)
    assert pools == [True] and "inline" not in caplog.text   # every chunk in a worker
    _, bad = _rows()
    assert [b.line for b in inline.bad] == sorted(bad)
    for b in inline.bad:
        assert bad[b.line] in " ".join(b.reasons), (b.line, b.reasons)
    assert (pooled.rows, pooled.stored, pooled.bad) == (inline.rows, inline.stored, inline.bad)
    assert (inline.rows, inline.stored) == (30, 21)
    assert stored_pooled == stored_inline
    # 25 rows pass the checks: 7 batches of up to 4, each one transaction and one event
    assert len(stored_inline["policies"]) == 21 and len(stored_inline["events"]) == 7
    assert calls_inline == calls_pooled == [1] * 30   # progress: once per row


def test_a_large_import_uses_the_pool_and_the_enclosing_transaction(
        service, agents, pools, monkeypatch) -> None:
    monkeypatch.setattr(prepare, "pool_size", lambda: 2)
    monkeypatch.setattr(prepare, "CHUNK_ROWS", 4)
    rows = [(n + 1, row(n)) for n in range(1, 12)]
    with policy_override(_small_batches()):
        small = policies_import(actor=service["clerk"], rows=rows[:8])    # two batches
        large = policies_import(actor=service["clerk"], rows=rows[8:] + [
            (n + 1, row(n)) for n in range(40, 47)])                      # more than two
    assert pools == [True]   # only the large one forked
    assert (small.stored, large.stored) == (8, 10) and not small.bad and not large.bad
    # stored in the test's transaction (pytest-django's `db`), visible to it
    assert InsurancePolicy.objects.count() == 18 and Customer.objects.count() == 36


def test_a_pool_that_breaks_or_cannot_start_falls_back_inline(service, agents, pools,
                                                               monkeypatch, caplog) -> None:
    _, expected, _ = _import(service, parallel=False)
    monkeypatch.setattr(prepare, "CHUNK_ROWS", 5)
    monkeypatch.setattr(prepare, "_prepare_chunk", _chunk_breaks)
    result, broken, _ = _import(service, parallel=True)
    assert pools == [True] and broken == expected and result.stored == 21
    assert "worker processes failed" in caplog.text

    def no_fork(method: str) -> Any:
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(prepare.multiprocessing, "get_context", no_fork)
    result, refused, _ = _import(service, parallel=True)
    assert pools == [True, False] and refused == expected


def test_a_reader_error_stops_both_paths_at_the_same_row(service, agents, pools,
                                                         monkeypatch) -> None:
    """Rows read before the file's error are handled as inline — full batches stored, the
    started one not — even though the workers' read-ahead met the error earlier."""
    monkeypatch.setattr(prepare, "CHUNK_ROWS", 3)

    def failing() -> Any:
        yield from ((n + 1, row(n)) for n in range(1, 11))
        raise OSError("the file went away")

    seen = []
    for parallel in (False, True):
        calls: list[int] = []
        with policy_override(_small_batches()), transaction.atomic():
            with pytest.raises(OSError, match="went away"):
                policies_import(actor=service["clerk"], rows=failing(), parallel=parallel,
                                progress=calls.append)
            seen.append((InsurancePolicy.objects.count(), len(calls)))
            transaction.set_rollback(True)
    assert pools == [True] and seen == [(8, 10), (8, 10)]


def test_multi_row_inserts_with_the_query_log_on(service, agents, monkeypatch) -> None:
    """DEBUG's query log formats each statement with `%`: the inserts then keep `%s` marks."""
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 3)
    rows = [(n + 1, row(n, beneficiary_name=f"受益人{n}")) for n in range(1, 8)]
    with CaptureQueriesContext(connection) as queries:
        result = policies_import(actor=service["clerk"], rows=rows, parallel=False)
    assert result.stored == 7 and Customer.objects.count() == 21
    inserts = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith(f"INSERT INTO {bulk.CUSTOMER_TABLE} ")]
    assert len(inserts) == (7 if connection.vendor == "sqlite" else 0)   # 21 rows, 3 a statement
    assert InsurancePolicy.objects.filter(beneficiaries__name="受益人5").count() == 1


def test_register_prepares_inline(register, pools) -> None:
    policy = register(1)
    assert pools == [] and policy.policyholder.id_bi == crypto.blind_index(
        "id", row(1)["holder_id_number"])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(("id", "phone", "account")), st.text(max_size=80))
def test_bulk_blind_index_is_the_hmac(field: str, value: str) -> None:
    assert crypto.indexer(field)(value) == crypto.blind_index(field, value)
    assert crypto.decrypt(field, crypto.encrypter(field)(value)) == value


def test_prepared_records_are_plain_data() -> None:
    """What crosses the process boundary: tuples of str, int, bytes, dates and None."""
    preparer = prepare.Preparer(datetime.date(2026, 3, 1),
                                adapt_date=lambda d: None if d is None else d.isoformat())
    record = preparer.row(row(1, beneficiary_name="受益人甲"))
    assert isinstance(record, tuple)

    def plain(value: Any) -> bool:
        if isinstance(value, tuple):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, str | int | bytes | datetime.date)

    assert plain(record) and len(record[4]) == 3
    assert preparer.row({"__error__": "x"}) == ["x"]

