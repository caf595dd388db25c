"""Concurrent writers (8 threads): the Merkle log stays whole; a draft is confirmed once."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from django.db import connections

from baomi.audit.models import AuditEvent
from baomi.audit.selectors import log_first_broken as chain_first_broken
from baomi.audit.services import audit_append
from baomi.carriers.services import carrier_confirm
from baomi.carriers.tests.factories import carrier_drafted
from baomi.core.errors import ApplicationError

if TYPE_CHECKING:
    from collections.abc import Callable


def run_threads(n: int, work: Callable[[int], object]) -> list[object]:
    results: list[object] = [None] * n
    barrier = threading.Barrier(n)

    def target(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain(people):
    def work(i: int) -> None:
        for j in range(25):
            audit_append(actor=None, action="test.concurrent", detail={"t": i, "j": j})

    results = run_threads(8, work)
    assert not [r for r in results if isinstance(r, Exception)]
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 200
    assert chain_first_broken() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirms_give_one_decision(people):
    draft = carrier_drafted(people=people, level="SECRET", copies_planned=3)

    def work(i: int) -> object:
        return carrier_confirm(actor=people["manager"], carrier=draft)

    results = run_threads(8, work)
    successes = [r for r in results if not isinstance(r, Exception)]
    failures = [r for r in results if isinstance(r, Exception)]
    assert len(successes) == 1
    assert all(isinstance(f, ApplicationError) for f in failures), failures
    assert AuditEvent.objects.filter(action="carrier.confirm", allowed=True).count() == 1
    assert draft.copies.count() == 3
    assert chain_first_broken() is None
