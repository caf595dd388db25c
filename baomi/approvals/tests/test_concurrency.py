"""20 concurrent approvals of one step give one decision and one event (run on PostgreSQL
with DATABASE_URL; on SQLite the writes are serialised by IMMEDIATE transactions)."""

from __future__ import annotations

import pytest

from baomi.approvals.models import ApprovalSignature
from baomi.approvals.tests.requests_made import borrow
from baomi.audit.models import AuditEvent
from baomi.audit.tests.test_concurrency import run_threads
from baomi.core.errors import ApplicationError

N = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_give_one_decision(people, make_carrier):
    from baomi.approvals.services import step_decide

    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)

    def work(i: int) -> object:
        return step_decide(actor=people["gm"], request=req, decision="APPROVE" if i % 2 else "REJECT",
                           reason=f"thread {i}")

    results = run_threads(N, work)
    successes = [r for r in results if not isinstance(r, Exception)]
    failures = [r for r in results if isinstance(r, Exception)]
    assert len(successes) == 1, results
    assert all(isinstance(f, ApplicationError) for f in failures), failures
    assert ApprovalSignature.objects.filter(step__request=req).count() == 1
    decided = AuditEvent.objects.filter(target_type="approvalrequest", target_id=str(req.pk),
                                        action__in=("approval.approve", "approval.reject"),
                                        allowed=True)
    assert decided.count() == 1
    req.refresh_from_db()
    assert req.status in ("APPROVED", "REJECTED")
