"""Custody (R-DOC-2/4/6/7/8/9, R-ACC-5): sign-for with re-authentication, due dates, the
copy reconciliation, loss reports, leavers; execution of approved requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.approvals.models import Incident, Notification
from baomi.approvals.services import (
    loss_report,
    remind_run,
    request_apply,
    request_destroy,
    request_provide,
    request_return,
    request_sign_for,
    request_submit,
    step_decide,
)
from baomi.approvals.tests.requests_made import borrow, pw
from baomi.carriers.custody import copies_reconcile, custody_entry_correct
from baomi.carriers.ledger import overdue_copies
from baomi.carriers.models import Carrier, CarrierCopy, CustodyEntry
from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.people.services import person_mark_leaving

pytestmark = pytest.mark.django_db


@pytest.fixture
def lent(people, make_carrier):
    """A 机密 copy held by the director, borrowed by the PM under GM approval."""
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]], copies_planned=2)
    req = borrow(people["pm"], carrier, days=3)
    req = step_decide(actor=people["gm"], request=req, decision="APPROVE")
    req = request_sign_for(actor=people["pm"], request=req, password=pw(people["pm"]))
    return req


def test_r_doc_4_sign_for_needs_the_borrowers_password(people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = step_decide(actor=people["gm"], request=borrow(people["pm"], carrier), decision="APPROVE")
    with pytest.raises(ApplicationError):
        request_sign_for(actor=people["pm"], request=req, password="wrong")
    with pytest.raises(PolicyDenied):
        request_sign_for(actor=people["staff"], request=req, password=pw(people["staff"]))
    req = request_sign_for(actor=people["pm"], request=req, password=pw(people["pm"]))
    assert req.copy_id is not None
    copy = CarrierCopy.objects.get(pk=req.copy_id)
    assert copy.custodian_id == people["pm"].id and copy.lent_by_id == people["director"].id
    assert copy.due_back == req.due_back
    entry = CustodyEntry.objects.get(register="BORROW", event="LEND")
    assert entry.reauthenticated and entry.approval_ref == req.number


def test_borrow_before_approval_is_refused(people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)
    with pytest.raises(ApplicationError):
        request_sign_for(actor=people["pm"], request=req, password=pw(people["pm"]))


def test_overdue_shows_for_borrower_lender_and_office_and_reminds(people, lent):
    later = timezone.localdate() + timedelta(days=10)
    for who in ("pm", "director", "gm"):  # gm is in the secrecy office unit
        assert overdue_copies(viewer=people[who], today=later).count() == 1
    assert overdue_copies(viewer=people["staff"], today=later).count() == 0
    now = timezone.now() + timedelta(days=10)
    first = remind_run(now=now)
    assert first["overdue"] >= 3
    assert remind_run(now=now)["overdue"] == 0  # idempotent
    note = Notification.objects.get(recipient=people["pm"], kind="custody.overdue")
    assert lent.carrier.number in note.text and "机密" in note.text
    assert lent.carrier.title not in note.text  # R-DOC-3: never the content


def test_return_is_signed_for_by_the_lender(people, lent):
    with pytest.raises(PolicyDenied):
        request_return(actor=people["staff"], request=lent, password=pw(people["staff"]))
    with pytest.raises(ApplicationError):
        request_return(actor=people["director"], request=lent, password="nope")
    req = request_return(actor=people["director"], request=lent, password=pw(people["director"]))
    assert req.status == "DONE"
    copy = CarrierCopy.objects.get(pk=lent.copy_id)
    assert copy.custodian_id == people["director"].id and copy.lent_by_id is None
    ret = CustodyEntry.objects.get(event="RETURN")
    assert ret.refers_to is not None and ret.refers_to.event == "LEND"


def test_reconciliation_after_every_change(people, lent):
    counts = copies_reconcile(lent.carrier)
    assert counts["issued"] == counts["held"] + counts["returned"] + counts["destroyed"] + counts["lost"]
    # a broken invariant is refused
    Carrier.objects.filter(pk=lent.carrier_id).update(copies_planned=9)
    with pytest.raises(ApplicationError):
        copies_reconcile(lent.carrier)


def test_r_doc_7_loss_marks_lost_opens_incident_and_alerts_leaders(
        people, lent, django_capture_on_commit_callbacks):
    copy = CarrierCopy.objects.get(pk=lent.copy_id)
    with pytest.raises(PolicyDenied):
        loss_report(actor=people["staff"], copy=copy, note="?")
    # the leaders are alerted once the report is committed (on_commit)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        incident = loss_report(actor=people["pm"], copy=copy, note="出差途中遗失")
    assert len(callbacks) == 1
    copy.refresh_from_db()
    assert copy.status == "LOST"
    assert Incident.objects.filter(pk=incident.pk, status="OPEN").exists()
    assert Notification.objects.filter(recipient=people["gm"], kind="incident.loss").exists()
    assert Notification.objects.filter(recipient=people["board"], kind="incident.loss").exists()
    assert CustodyEntry.objects.filter(register="LOSS").count() == 1
    copies_reconcile(copy.carrier)


def test_r_doc_8_no_leaving_while_holding_a_copy(people, lent):
    with pytest.raises(PolicyDenied) as denied:
        person_mark_leaving(actor=people["gm"], person=people["pm"])
    assert denied.value.rule == "R-DOC-8"
    request_return(actor=people["director"], request=lent, password=pw(people["director"]))
    assert person_mark_leaving(actor=people["gm"], person=people["pm"]).status == "LEAVING"
    with pytest.raises(PolicyDenied):  # staff may not mark anyone as leaving
        person_mark_leaving(actor=people["staff"], person=people["staff2"])


def test_r_doc_2_distribution_signed_by_the_recipient(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    req = request_submit(actor=people["staff"], kind="DISTRIBUTE", carrier=carrier, reason="下发",
                         recipient=people["manager"])
    req = step_decide(actor=people["director"], request=req,
                      decision="APPROVE")
    with pytest.raises(PolicyDenied):
        request_sign_for(actor=people["staff"], request=req, password=pw(people["staff"]))
    req = request_sign_for(actor=people["manager"], request=req, password=pw(people["manager"]))
    assert req.status == "DONE"
    entry = CustodyEntry.objects.get(register="DISTRIBUTE")
    assert entry.person_id == people["manager"].id and entry.from_person_id == people["staff"].id


def test_r_doc_1_print_makes_numbered_copies_and_registers(people, make_carrier):
    carrier = make_carrier(level="SECRET", copies_planned=2)
    req = request_submit(actor=people["staff"], kind="PRINT", carrier=carrier, reason="会议",
                         count=3)
    req = step_decide(actor=people["manager"], request=req, decision="APPROVE")
    request_sign_for(actor=people["staff"], request=req, password=pw(people["staff"]))
    carrier.refresh_from_db()
    assert carrier.copies_planned == 5
    assert list(carrier.copies.values_list("copy_no", flat=True)) == [1, 2, 3, 4, 5]
    assert CustodyEntry.objects.get(register="PRINT").copy_nos == "3-5"


def test_r_doc_9_destruction_with_a_witness(people, make_carrier):
    carrier = make_carrier(level="SECRET", copies_planned=1)
    req = request_submit(actor=people["staff"], kind="DESTROY", carrier=carrier, reason="无价值")
    req = step_decide(actor=people["manager"], request=req, decision="APPROVE")
    req = step_decide(actor=people["deputy"], request=req, decision="APPROVE")  # office
    with pytest.raises(PolicyDenied):  # the witness is another person (R-ACC-5)
        request_destroy(actor=people["gm"], request=req, witness=people["gm"],
                        witness_password=pw(people["gm"]))
    with pytest.raises(ApplicationError):
        request_destroy(actor=people["gm"], request=req, witness=people["deputy"],
                        witness_password="x")
    request_destroy(actor=people["gm"], request=req, witness=people["deputy"],
                    witness_password=pw(people["deputy"]))
    entry = CustodyEntry.objects.get(register="DESTROY")
    assert entry.witness_id == people["deputy"].id and entry.method
    carrier.refresh_from_db()
    assert carrier.status == "DESTROYED"


def test_r_doc_10_external_provision_registered(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    req = request_submit(actor=people["staff"], kind="EXTERNAL", carrier=carrier, reason="合作",
                         party="某合作方", nda_signed=True, nda_ref="NDA-7")
    req = step_decide(actor=people["gm"], request=req, decision="APPROVE")
    req = step_decide(actor=people["deputy"], request=req, decision="APPROVE")
    request_provide(actor=people["staff"], request=req)
    assert CustodyEntry.objects.get(register="EXTERNAL").nda_ref == "NDA-7"


def test_r_cls_5_extension_applied(people, make_carrier):
    carrier = make_carrier(level="SECRET", term_years=3)
    req = request_submit(actor=people["staff"], kind="EXTEND", carrier=carrier, reason="仍需",
                         new_term_years=6)
    req = step_decide(actor=people["manager"], request=req, decision="APPROVE")
    request_apply(actor=people["staff"], request=req)
    carrier.refresh_from_db()
    assert carrier.term_years == 6


def test_terms_ending_are_reminded_once(people, make_carrier):
    carrier = make_carrier(level="SECRET", term_years=1)
    assert remind_run(now=timezone.now() + timedelta(days=300))["terms"] >= 1
    assert remind_run(now=timezone.now() + timedelta(days=301))["terms"] == 0
    note = Notification.objects.filter(kind="carrier.term").first()
    assert note is not None and carrier.title not in note.text


def test_register_rows_are_never_edited_or_deleted(people, lent):
    entry = CustodyEntry.objects.get(event="LEND")
    entry.note = "改"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    correction = custody_entry_correct(actor=people["gm"], entry=entry, note="份号登记错误")
    assert correction.refers_to_id == entry.pk and correction.event == "CORRECTION"
    assert CustodyEntry.objects.get(pk=entry.pk).note == ""
