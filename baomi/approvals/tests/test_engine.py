"""The approval engine's rules, each with a test that fails if the rule is broken."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest, ApprovalSignature, Delegation
from baomi.approvals.services import (
    delegation_grant,
    delegation_revoke,
    request_submit,
    request_withdraw,
    step_decide,
)
from baomi.approvals.tests.requests_made import borrow, pw
from baomi.audit.models import AuditEvent
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.policy.approval import chain_for

pytestmark = pytest.mark.django_db


def confidential(make_carrier, people):
    return make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]], copies_planned=2)


def test_chain_comes_from_policy_by_level():
    assert chain_for("BORROW", "CONFIDENTIAL")[0].ranks == ("GM",)
    assert "PROJECT_MANAGER" in chain_for("BORROW", "SECRET")[0].ranks
    assert chain_for("BORROW", "INTERNAL") == ()
    destroy = chain_for("DESTROY", "TOP_SECRET")
    assert destroy[0].signatures == 2 and destroy[1].role == "SECRECY_OFFICE"


def test_r_doc_4_confidential_borrow_needs_gm(people, make_carrier):
    carrier = confidential(make_carrier, people)
    req = borrow(people["pm"], carrier)
    assert req.status == "PENDING"
    with pytest.raises(PolicyDenied) as denied:
        step_decide(actor=people["deputy"], request=req, decision="APPROVE")
    assert denied.value.rule == "R-DOC-4" and "总经理" in denied.value.clause
    assert AuditEvent.objects.filter(action="approval.approve", allowed=False,
                                     rule="R-DOC-4").exists()
    req = step_decide(actor=people["gm"], request=req, decision="APPROVE")
    assert req.status == "APPROVED"
    assert AuditEvent.objects.filter(action="approval.approve", allowed=True).count() == 1


def test_r_doc_4_secret_borrow_by_project_manager(people, make_carrier):
    carrier = make_carrier(level="SECRET", named_people=[people["staff2"]])
    req = borrow(people["staff2"], carrier)
    with pytest.raises(PolicyDenied):
        step_decide(actor=people["manager"], request=req, decision="APPROVE")
    assert step_decide(actor=people["pm"], request=req, decision="APPROVE").status == "APPROVED"


def test_r_doc_4_return_date_is_required_and_bounded(people, make_carrier):
    carrier = confidential(make_carrier, people)
    with pytest.raises(ApplicationError) as bad:
        request_submit(actor=people["pm"], kind="BORROW", carrier=carrier, reason="x")
    assert "due_back" in bad.value.fields
    with pytest.raises(ApplicationError):
        borrow(people["pm"], carrier, days=400)


def test_r_doc_5_copying_confidential_is_refused_at_request_time(people, make_carrier):
    carrier = confidential(make_carrier, people)
    with pytest.raises(PolicyDenied) as denied:
        request_submit(actor=people["pm"], kind="COPY", carrier=carrier, reason="备份", count=1)
    assert denied.value.rule == "R-DOC-5"
    assert not ApprovalRequest.objects.exists()
    assert AuditEvent.objects.filter(action="approval.copy", allowed=False,
                                     rule="R-DOC-5").exists()


def test_r_doc_5_copying_secret_goes_for_approval(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    req = request_submit(actor=people["staff"], kind="COPY", carrier=carrier, reason="分发",
                         count=2)
    assert req.status == "PENDING" and req.steps.get().rule == "R-DOC-5"


@pytest.mark.parametrize("level", ["TOP_SECRET", "CONFIDENTIAL"])
def test_r_doc_3_top_levels_never_go_over_a_network(people, make_carrier, level):
    carrier = make_carrier(level=level)
    actor = people["board"] if level == "TOP_SECRET" else people["director"]
    with pytest.raises(PolicyDenied) as denied:
        request_submit(actor=actor, kind="NETWORK", carrier=carrier, reason="发邮件")
    assert denied.value.rule == "R-DOC-3"


def test_r_doc_3_secret_over_network_needs_a_leader(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    req = request_submit(actor=people["staff"], kind="NETWORK", carrier=carrier, reason="传给外地")
    with pytest.raises(PolicyDenied) as denied:
        step_decide(actor=people["manager"], request=req, decision="APPROVE")
    assert denied.value.rule == "R-DOC-3"
    assert step_decide(actor=people["director"], request=req,
                       decision="APPROVE").status == "APPROVED"


def test_r_doc_1_print_needs_approval_of_the_level(people, make_carrier):
    carrier = confidential(make_carrier, people)
    req = request_submit(actor=people["pm"], kind="PRINT", carrier=carrier, reason="会议", count=3)
    assert req.steps.get().rule == "R-DOC-1"
    with pytest.raises(PolicyDenied):
        step_decide(actor=people["manager"], request=req, decision="APPROVE")
    assert step_decide(actor=people["director"], request=req, decision="APPROVE").status == "APPROVED"


def test_r_doc_2_distribution_recipient_must_be_in_scope(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    with pytest.raises(ApplicationError) as bad:
        request_submit(actor=people["staff"], kind="DISTRIBUTE", carrier=carrier,
                       reason="下发", recipient=people["outsider"])
    assert "recipient" in bad.value.fields
    req = request_submit(actor=people["staff"], kind="DISTRIBUTE", carrier=carrier,
                         reason="下发", recipient=people["manager"])
    assert req.steps.get().rule == "R-DOC-2"


def test_r_doc_10_external_provision_needs_an_nda_and_the_gm(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    with pytest.raises(PolicyDenied) as denied:
        request_submit(actor=people["staff"], kind="EXTERNAL", carrier=carrier, reason="合作",
                       party="某合作方")
    assert denied.value.rule == "R-DOC-10"
    req = request_submit(actor=people["staff"], kind="EXTERNAL", carrier=carrier, reason="合作",
                         party="某合作方", nda_signed=True, nda_ref="NDA-2026-01")
    with pytest.raises(PolicyDenied):
        step_decide(actor=people["director"], request=req, decision="APPROVE")
    req = step_decide(actor=people["gm"], request=req, decision="APPROVE")
    assert req.status == "PENDING"  # the secrecy office countersigns next
    req = step_decide(actor=people["deputy"], request=req, decision="APPROVE")
    assert req.status == "APPROVED"


def test_r_cls_5_declassify_and_extend_by_confirm_ranks(people, make_carrier):
    carrier = make_carrier(level="SECRET", term_years=5)
    req = request_submit(actor=people["staff"], kind="EXTEND", carrier=carrier, reason="仍需保密",
                         new_term_years=8)
    assert req.steps.get().rule == "R-CLS-5"
    with pytest.raises(ApplicationError):
        request_submit(actor=people["staff"], kind="EXTEND", carrier=carrier, reason="x",
                       new_term_years=11)
    internal = make_carrier(level="INTERNAL")
    with pytest.raises(PolicyDenied) as denied:
        request_submit(actor=people["staff"], kind="DECLASSIFY", carrier=internal, reason="x")
    assert denied.value.rule == "R-CLS-5"


def test_internal_needs_no_approval(people, make_carrier):
    carrier = make_carrier(level="INTERNAL")
    req = borrow(people["staff2"], carrier)
    assert req.status == "APPROVED" and not req.steps.exists()


def test_r_acc_4_requester_never_approves_own_request(people, make_carrier):
    carrier = make_carrier(level="SECRET", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)
    with pytest.raises(PolicyDenied) as denied:
        step_decide(actor=people["pm"], request=req, decision="APPROVE")
    assert denied.value.rule == "R-ACC-4"


def test_request_of_an_invisible_carrier_is_not_found(people, make_carrier):
    carrier = confidential(make_carrier, people)
    with pytest.raises(NotVisible):
        borrow(people["staff"], carrier)


def test_r_acc_4_delegation_is_explicit_time_limited_and_audited(people, make_carrier):
    carrier = confidential(make_carrier, people)
    req = borrow(people["pm"], carrier)
    with pytest.raises(PolicyDenied):
        step_decide(actor=people["deputy"], request=req, decision="APPROVE")
    now = timezone.now()
    with pytest.raises(ApplicationError):  # longer than the policy allows
        delegation_grant(actor=people["gm"], delegate=people["deputy"], kinds=["BORROW"],
                         ends_at=now + timedelta(days=400))
    with pytest.raises(PolicyDenied):  # destruction is not delegable by default
        delegation_grant(actor=people["gm"], delegate=people["deputy"], kinds=["DESTROY"],
                         ends_at=now + timedelta(days=5))
    delegation = delegation_grant(actor=people["gm"], delegate=people["deputy"],
                                  kinds=["BORROW"], ends_at=now + timedelta(days=5))
    assert AuditEvent.objects.filter(action="delegation.grant", rule="R-ACC-4").exists()
    req = step_decide(actor=people["deputy"], request=req, decision="APPROVE", reason="代批")
    assert req.status == "APPROVED"
    sig = ApprovalSignature.objects.get(step__request=req)
    assert sig.on_behalf_of_id == people["gm"].id
    # expired or revoked: no longer
    req2 = borrow(people["pm"], carrier)
    delegation_revoke(actor=people["gm"], delegation=delegation)
    with pytest.raises(PolicyDenied):
        step_decide(actor=people["deputy"], request=req2, decision="APPROVE")
    Delegation.objects.create(grantor=people["gm"], delegate=people["deputy"], kinds=",BORROW,",
                              starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=1),
                              created_at=now - timedelta(days=10))
    with pytest.raises(PolicyDenied):
        step_decide(actor=people["deputy"], request=req2, decision="APPROVE")


def test_delegate_cannot_approve_own_request(people, make_carrier):
    carrier = confidential(make_carrier, people)
    delegation_grant(actor=people["gm"], delegate=people["pm"], kinds=["BORROW"],
                     ends_at=timezone.now() + timedelta(days=3))
    req = borrow(people["pm"], carrier)
    with pytest.raises(PolicyDenied) as denied:
        step_decide(actor=people["pm"], request=req, decision="APPROVE")
    assert denied.value.rule == "R-ACC-4"


def test_r_acc_5_destroying_top_secret_needs_two_people_who_reauthenticate(people, make_carrier):
    carrier = make_carrier(level="TOP_SECRET", drafter=people["gm"], confirmer=people["board"])
    # a third CORE person to request it
    from baomi.people.tests.factories import PersonFactory
    supervisor: Any = PersonFactory(rank="BOARD", clearance="CORE", unit=people["board"].unit,
                               username="supervisor")
    req = request_submit(actor=supervisor, kind="DESTROY", carrier=carrier, reason="无保存价值")
    with pytest.raises(ApplicationError):  # no password: no signature
        step_decide(actor=people["gm"], request=req, decision="APPROVE")
    with pytest.raises(ApplicationError):
        step_decide(actor=people["gm"], request=req, decision="APPROVE", password="wrong")
    assert AuditEvent.objects.filter(rule="R-ACC-5", allowed=False).count() == 2
    req = step_decide(actor=people["gm"], request=req, decision="APPROVE", password=pw(people["gm"]))
    assert req.status == "PENDING"
    with pytest.raises(ApplicationError):  # the same person cannot be the second signer
        step_decide(actor=people["gm"], request=req, decision="APPROVE", password=pw(people["gm"]))
    req = step_decide(actor=people["board"], request=req, decision="APPROVE",
                      password=pw(people["board"]))
    step1 = req.steps.get(seq=1)
    assert step1.status == "APPROVED" and step1.signatures.count() == 2
    assert req.steps.get(seq=2).status == "PENDING"


def test_reject_needs_a_reason_and_ends_the_request(people, make_carrier):
    carrier = confidential(make_carrier, people)
    req = borrow(people["pm"], carrier)
    with pytest.raises(ApplicationError):
        step_decide(actor=people["gm"], request=req, decision="REJECT")
    req = step_decide(actor=people["gm"], request=req, decision="REJECT", reason="无必要")
    assert req.status == "REJECTED"
    with pytest.raises(ApplicationError):  # a second submit: exactly one decision
        step_decide(actor=people["gm"], request=req, decision="APPROVE")
    assert ApprovalSignature.objects.filter(step__request=req).count() == 1


def test_withdraw_only_by_requester(people, make_carrier):
    carrier = confidential(make_carrier, people)
    req = borrow(people["pm"], carrier)
    with pytest.raises(PolicyDenied):
        request_withdraw(actor=people["gm"], request=req)
    assert request_withdraw(actor=people["pm"], request=req).status == "WITHDRAWN"


def test_every_step_is_an_audit_event(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    req = request_submit(actor=people["staff"], kind="EXTERNAL", carrier=carrier, reason="合作",
                         party="某合作方", nda_signed=True, nda_ref="NDA-1")
    step_decide(actor=people["gm"], request=req, decision="APPROVE")
    step_decide(actor=people["deputy"], request=req, decision="APPROVE")
    actions = list(AuditEvent.objects.filter(target_type="approvalrequest",
                                             target_id=str(req.pk)).values_list("action", flat=True))
    assert actions.count("approval.approve") == 2 and "approval.submit" in actions
