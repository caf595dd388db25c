"""The import's database-free step: check a row, then encrypt, index and mask its people.

`Preparer(today)(raw)` gives the row's problems (`records.check_record`) or a `Prepared`
record made only of strings, numbers, dates, bytes and tuples — cheap to pickle — holding
the policy's fields and, per person, what `registry._store` needs: name, gender, birth
date, the ID number's blind index and the finished `bulk.INSERT_CUSTOMER` values
(ciphertext, blind indexes, masks, address). `_store` then does only the work that needs
the database (agents, taken policy numbers, known customers, ids, inserts, audit).

`prepared_rows` runs the step over an import's rows: inline for a small import, in worker
processes (`fork`: they inherit the settings, the policy and the loaded keys, and never
touch the database) for a large one. Rows go to the workers in chunks and come back in
order, a bounded number of chunks in flight, so the caller sees the same sequence either
way while it stores earlier rows. If the pool cannot start or breaks, the rest is
prepared inline.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from django.db import connection

from baomi.customers import crypto
from baomi.customers.records import check_record
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Generator, Iterable, Iterator, Mapping

    from baomi.customers.identity import Problem
    from baomi.customers.records import PersonRecord

log = logging.getLogger(__name__)

#: (id_bi or None, name, gender, birth_date, the `bulk.INSERT_CUSTOMER` values from
#: `name` to `address` — without id, created_at, created_by_id)
PreparedPerson = tuple[int | None, str, str, "datetime.date | None", tuple[Any, ...]]
#: (policy number, agent code, product, signed_on as the database takes it,
#: the people: policyholder, insured, beneficiaries — the insured is the policyholder's
#: tuple itself when the record says so)
Prepared = tuple[str, str, str, Any, tuple[PreparedPerson, ...]]

#: rows per chunk sent to a worker: large enough that pickling a chunk is cheap per row,
#: small enough that the first chunks come back soon and few rows wait in memory
CHUNK_ROWS = 1000
#: chunks in flight per worker (the parent stores while the workers prepare the next ones)
AHEAD = 2


class Preparer:
    """The prepare step with its keys, key schedules and date adapter set up once."""

    def __init__(self, today: datetime.date,
                 adapt_date: Callable[[Any], Any] | None = None) -> None:
        self.today = today
        self.adapt_date = adapt_date or connection.ops.adapt_datefield_value
        self.seal = {f: crypto.encrypter(f) for f in ("id", "phone", "account")}
        self.index = {f: crypto.indexer(f) for f in ("id", "phone", "account")}
        get_policy()   # loaded here, so that forked workers inherit it

    def person(self, p: PersonRecord) -> PreparedPerson:
        number = p.id_number.number if p.id_number else ""
        bi = self.index["id"](number) if number else None
        phone, account = p.phone, p.account
        columns = (
            p.name, p.gender, self.adapt_date(p.birth_date),
            self.seal["id"](number) if number else None,
            bi,
            crypto.mask_id(number) if number else "",
            self.seal["phone"](phone) if phone else None,
            self.index["phone"](phone) if phone else None,
            crypto.mask_phone(phone) if phone else "",
            self.seal["account"](account) if account else None,
            self.index["account"](account) if account else None,
            crypto.mask_account(account) if account else "",
            p.address)
        return (bi, p.name, p.gender, p.birth_date, columns)

    def __call__(self, raw: Mapping[str, Any]) -> Prepared | list[Problem]:
        checked = check_record(raw, today=self.today)
        if isinstance(checked, list):
            return checked
        holder = self.person(checked.holder)
        insured = holder if checked.insured is checked.holder else self.person(checked.insured)
        people = (holder, insured, *(self.person(b) for b in checked.beneficiaries))
        return (checked.policy_number, checked.agent_code, checked.product,
                self.adapt_date(checked.signed_on), people)

    def row(self, raw: Mapping[str, Any]) -> Prepared | list[str]:
        """A row of an import: the prepared record, or the messages of its problems."""
        out = self(raw)
        return [p.message for p in out] if isinstance(out, list) else out


_worker: Preparer | None = None


def _init_worker(preparer: Preparer) -> None:
    global _worker
    _worker = preparer   # handed over by fork, not pickled
    gc.freeze()   # the inherited heap: never traversed (and so never copied) by this worker


@contextmanager
def frozen_heap() -> Iterator[None]:
    """For the length of an import, the objects that exist before it are left out of the
    garbage collector's full collections (`gc.freeze`): the collections its allocations
    trigger then traverse only its own objects, and workers forked meanwhile inherit the
    frozen heap (what the `gc` documentation advises before a fork). Nothing is lost: the
    objects are handed back to the collector afterwards. Left alone if something else
    (a pre-forking server) froze the heap already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _prepare_chunk(raws: list[Mapping[str, Any]]) -> list[Prepared | list[str]]:
    if _worker is None:
        raise RuntimeError("the worker was not initialised")
    row = _worker.row
    return [row(raw) for raw in raws]


#: at most this many workers: the storing process is the bottleneck (≈ 40 µs a row,
#: against ≈ 45 µs of preparing in one worker), more would wait
MAX_WORKERS = 4


def pool_size() -> int:
    """Worker processes for a large import: one per usable core but the one the storing
    process needs, none on a single core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        cores = os.cpu_count() or 1
    return min(cores - 1, MAX_WORKERS)


def _start_pool(preparer: Preparer, workers: int) -> ProcessPoolExecutor | None:
    """A pool of forked workers, or None where forking is unavailable or unsafe."""
    if threading.active_count() > 1:
        # fork copies only this thread: a lock another thread holds (logging, OpenSSL,
        # the import lock) would stay locked in the child forever
        log.info("customers import: other threads are running, preparing rows inline")
        return None
    try:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_init_worker, initargs=(preparer,))
    except (OSError, ValueError, RuntimeError) as exc:
        log.warning("customers import: worker processes unavailable (%s), inline", exc)
        return None


def _chunks(rows: Iterator[tuple[int, Mapping[str, Any]]], size: int) -> Iterator[
        tuple[list[int], list[Mapping[str, Any]]]]:
    while chunk := list(islice(rows, size)):
        yield [line for line, _ in chunk], [raw for _, raw in chunk]


def _pooled(pool: ProcessPoolExecutor, preparer: Preparer,
            rows: Iterator[tuple[int, Mapping[str, Any]]], *, workers: int,
            chunk_rows: int) -> Iterator[tuple[int, Prepared | list[str]]]:
    """Chunks submitted ahead, results taken in order; a chunk whose worker failed (or
    that could not be submitted) and every later one are prepared inline."""
    pending: deque[tuple[list[int], list[Mapping[str, Any]], Future[Any] | None]] = deque()
    broken = False

    def fail(exc: BaseException) -> None:
        nonlocal broken
        broken = True
        log.warning("customers import: worker processes failed (%s), preparing inline", exc)

    def take() -> Iterator[tuple[int, Prepared | list[str]]]:
        lines, raws, future = pending.popleft()
        out = None
        if future is not None and not broken:
            try:
                out = future.result()
            except (BrokenProcessPool, OSError) as exc:
                fail(exc)
        if out is None:
            out = [preparer.row(raw) for raw in raws]
        return zip(lines, out, strict=True)

    limit = max(1, workers * AHEAD)
    for lines, raws in _chunks(rows, chunk_rows):
        future = None
        if not broken:
            try:
                future = pool.submit(_prepare_chunk, raws)
            except (BrokenProcessPool, OSError, RuntimeError) as exc:
                fail(exc)
        pending.append((lines, raws, future))
        while len(pending) > limit or (broken and pending):
            yield from take()
    while pending:
        yield from take()


def _until_failure(rows: Iterable[tuple[int, Mapping[str, Any]]],
                   failure: list[Exception]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The rows up to the reader's error, which is kept for later."""
    try:
        yield from rows
    except Exception as exc:  # noqa: BLE001 (re-raised by prepared_rows)
        failure.append(exc)


def prepared_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], *, today: datetime.date,
                  min_rows: int, parallel: bool | None = None,
                  chunk_rows: int | None = None) -> Generator[
                      tuple[int, Prepared | list[str]], None, None]:
    """(line, prepared record or problem messages) for each (line, row), in order.

    Worker processes prepare the rows when `parallel` is True, or when it is None, the
    import has more than `min_rows` rows (read ahead to know) and there is more than one
    core; otherwise the rows are prepared inline, one by one as they are read. If reading
    the rows fails, every row before the failure is given first and then the error is
    raised, as inline (the workers' read-ahead changes nothing the caller sees).
    """
    preparer = Preparer(today)
    failure: list[Exception] = []
    it = _until_failure(rows, failure)
    workers = pool_size()
    if parallel is None and workers:
        head = list(islice(it, min_rows + 1))
        parallel = len(head) > min_rows
        it = chain(head, it)
    elif parallel:
        workers = max(1, workers)
    pool = _start_pool(preparer, workers) if parallel else None
    if pool is None:
        for line, raw in it:
            yield line, preparer.row(raw)
    else:
        try:
            yield from _pooled(pool, preparer, it, workers=workers,
                               chunk_rows=chunk_rows or CHUNK_ROWS)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    if failure:
        raise failure[0]


__all__ = ["CHUNK_ROWS", "Prepared", "PreparedPerson", "Preparer", "frozen_heap",
           "pool_size", "prepared_rows"]
