"""Writes that happen once (issue 11): twenty threads acting on one approved request or
one copy make the change once and write one event; the others are told what happened.

Run on PostgreSQL with DATABASE_URL (row locks, `select_for_update`); on SQLite the writes
are serialised by IMMEDIATE transactions and the state is re-read after the lock alike.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.approvals.services import request_sign_for, request_submit, step_decide
from baomi.approvals.tests.requests_made import borrow, pw
from baomi.audit.models import AuditEvent
from baomi.audit.tests.test_concurrency import run_threads
from baomi.carriers.custody import copy_destroy, copy_handover, copy_lend, copy_return
from baomi.carriers.models import CarrierCopy, CustodyEntry
from baomi.core.errors import ApplicationError

N = 20
pytestmark = pytest.mark.django_db(transaction=True)


def _split(results: list[object]) -> tuple[list[object], list[Exception]]:
    ok = [r for r in results if not isinstance(r, Exception)]
    failed = [r for r in results if isinstance(r, Exception)]
    return ok, failed


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action, allowed=True).count()


def test_r_doc_1_twenty_sign_fors_of_one_print_request_make_the_copies_once(
        people, make_carrier):
    carrier = make_carrier(level="SECRET", copies_planned=2)
    req = request_submit(actor=people["staff"], kind="PRINT", carrier=carrier, reason="会议",
                         count=3)
    req = step_decide(actor=people["manager"], request=req, decision="APPROVE")
    assert req.status == "APPROVED"

    results = run_threads(N, lambda i: request_sign_for(
        actor=people["staff"], request=req, password=pw(people["staff"])))

    ok, failed = _split(results)
    assert len(ok) == 1, results
    assert all(isinstance(f, ApplicationError) and "已办结" in f.message for f in failed), failed
    carrier.refresh_from_db()
    assert carrier.copies_planned == 5  # 2 issued at confirmation + 3 approved, not 2 + 60
    assert carrier.copies.count() == 5
    assert CustodyEntry.objects.filter(register="PRINT").count() == 1
    assert _events("copies.make") == 1
    assert _events("approval.done") == 1
    req.refresh_from_db()
    assert req.status == "DONE"


def _lent_copy(people, make_carrier) -> CarrierCopy:
    carrier = make_carrier(level="SECRET", copies_planned=1)
    copy = carrier.copies.get()
    return copy_lend(actor=people["pm"], copy=copy, password=pw(people["pm"]),
                     due_back=timezone.localdate() + timedelta(days=3), approval_ref="SP-T")


def test_r_doc_6_twenty_returns_of_one_copy_return_it_once(people, make_carrier):
    copy = _lent_copy(people, make_carrier)
    lender = copy.lent_by  # the custodian the copy was lent from (its drafter)
    assert lender is not None and lender.id != people["pm"].id

    results = run_threads(N, lambda i: copy_return(actor=lender, copy=copy,
                                                   password=pw(lender)))

    ok, failed = _split(results)
    assert len(ok) == 1, results
    assert all(isinstance(f, ApplicationError) and "已归还" in f.message for f in failed), failed
    assert CustodyEntry.objects.filter(event="RETURN").count() == 1
    assert _events("copy.return") == 1
    copy.refresh_from_db()
    assert copy.custodian_id == lender.id and copy.lent_by_id is None


def test_r_doc_9_twenty_destructions_of_one_copy_destroy_it_once(people, make_carrier):
    carrier = make_carrier(level="SECRET", copies_planned=1)
    copy = carrier.copies.get()

    results = run_threads(N, lambda i: copy_destroy(
        actor=people["gm"], copy=copy, witness=people["deputy"],
        witness_password=pw(people["deputy"]), method="碎纸机粉碎", approval_ref="SP-T"))

    ok, failed = _split(results)
    assert len(ok) == 1, results
    assert all(isinstance(f, ApplicationError) and "不能销毁" in f.message for f in failed), failed
    assert CustodyEntry.objects.filter(register="DESTROY").count() == 1
    assert _events("copy.destroy") == 1
    carrier.refresh_from_db()
    assert carrier.status == "DESTROYED"


def test_r_doc_2_twenty_hand_overs_of_one_copy_hand_it_over_once(people, make_carrier):
    carrier = make_carrier(level="SECRET", copies_planned=1, named_people=[people["pm"]])
    copy = carrier.copies.get()
    receiver = people["pm"]

    results = run_threads(N, lambda i: copy_handover(actor=receiver, copy=copy,
                                                     password=pw(receiver)))

    ok, failed = _split(results)
    assert len(ok) == 1, results
    assert all(isinstance(f, ApplicationError) and "本人保管" in f.message for f in failed), failed
    assert CustodyEntry.objects.filter(register="HANDOVER").count() == 1
    assert _events("copy.handover") == 1
    copy.refresh_from_db()
    assert copy.custodian_id == receiver.id


def test_r_doc_4_twenty_sign_fors_of_one_borrow_request_lend_one_copy(people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]], copies_planned=3)
    req = step_decide(actor=people["gm"], request=borrow(people["pm"], carrier),
                      decision="APPROVE")

    results = run_threads(N, lambda i: request_sign_for(
        actor=people["pm"], request=req, password=pw(people["pm"])))

    ok, failed = _split(results)
    assert len(ok) == 1, results
    assert all(isinstance(f, ApplicationError) for f in failed), failed
    assert CustodyEntry.objects.filter(event="LEND").count() == 1
    assert CarrierCopy.objects.filter(carrier=carrier, lent_by__isnull=False).count() == 1


@pytest.mark.django_db
def test_r_acc_6_a_failed_sign_for_is_audited_after_the_rollback(people, make_carrier):
    """A wrong password inside the durable sign-for: nothing is made, the refusal stays."""
    carrier = make_carrier(level="SECRET", copies_planned=1)
    req = request_submit(actor=people["staff"], kind="PRINT", carrier=carrier, reason="会议",
                         count=2)
    req = step_decide(actor=people["manager"], request=req, decision="APPROVE")
    with pytest.raises(ApplicationError):
        request_sign_for(actor=people["staff"], request=req, password="wrong")
    assert carrier.copies.count() == 1
    refused = AuditEvent.objects.get(action="copies.make", allowed=False)
    assert refused.rule == "R-ACC-6"
    req.refresh_from_db()
    assert req.status == "APPROVED"


def test_twenty_concurrent_submissions_make_one_pending_request(people, make_carrier):
    """Without a form token (two tabs): the carrier row is locked before the check."""
    from baomi.approvals.models import ApprovalRequest
    from baomi.approvals.services import PendingRequestExists

    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    results = run_threads(N, lambda i: borrow(people["pm"], carrier))

    ok, failed = _split(results)
    assert len(ok) == 1, results
    assert all(isinstance(f, PendingRequestExists) for f in failed), failed
    assert ApprovalRequest.objects.filter(carrier=carrier).count() == 1
    assert _events("approval.submit") == 1
