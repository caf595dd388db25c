"""The policy functions moved out of the services (issue 11), each tested by its rule id:
custody (R-ACC-1, R-ACC-3, R-ACC-4, R-ACC-5, R-CLS-2, R-DOC-6, R-DOC-7), leaving (R-DOC-8,
R-ACC-3, R-PPL-3, R-PPL-4), commitments (R-PPL-1, R-PPL-2, R-PPL-5, R-PPL-6), foreign
contact (R-FOR-2, R-FOR-3), files (R-DOC-5) and approval actions (R-DOC-2, R-DOC-9,
R-DOC-10, R-CLS-5, R-ACC-4, R-DOC-7)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from baomi.policy import approval_actions as acts
from baomi.policy import commitments, custody, exits, files, foreign
from baomi.policy.clauses import clause_for


def person(pid: int = 1, *, rank: str = "STAFF", clearance: str = "CORE",
           status: str = "ACTIVE") -> SimpleNamespace:
    return SimpleNamespace(id=pid, rank=rank, clearance=clearance, status=status)


def refused(decision, rule: str) -> bool:
    """Refused under `rule`, quoting that rule's clause (house rule 3)."""
    return (not decision.allowed and decision.rule == rule
            and decision.clause == clause_for(rule) != "")


# -- custody -------------------------------------------------------------------------------

def test_r_acc_1_who_has_left_drafts_nothing():
    assert refused(custody.may_draft(person(status="LEFT")), "R-ACC-1")
    assert custody.may_draft(person())


def test_r_acc_4_the_drafter_names_someone_else_to_confirm():
    assert refused(custody.may_name_confirmer(drafter_id=1, confirmer_id=1), "R-ACC-4")
    assert refused(custody.may_name_confirmer(drafter_id=1, confirmer_id=None), "R-ACC-4")
    assert custody.may_name_confirmer(drafter_id=1, confirmer_id=2)


def test_r_cls_2_only_the_confirmer_returns_and_only_the_drafter_resubmits():
    assert refused(custody.may_return_draft(person(1), confirmer_id=2), "R-CLS-2")
    assert custody.may_return_draft(person(2), confirmer_id=2)
    assert refused(custody.may_resubmit(person(2), drafter_id=1), "R-CLS-2")
    assert custody.may_resubmit(person(1), drafter_id=1)


@pytest.mark.parametrize(("actor", "office", "allowed"), [(1, False, True), (2, True, True),
                                                          (2, False, False)])
def test_r_doc_6_the_lender_or_the_office_takes_a_copy_back(actor, office, allowed):
    decision = custody.may_take_back(person(actor), lent_by_id=1, in_office=office)
    assert decision.allowed is allowed and decision.rule == "R-DOC-6"


def test_r_acc_5_nobody_witnesses_their_own_destruction():
    assert refused(custody.may_witness_destruction(person(1), witness_id=1), "R-ACC-5")
    assert custody.may_witness_destruction(person(1), witness_id=2)


def test_r_doc_7_the_custodian_or_the_office_reports_a_loss():
    assert refused(custody.may_report_lost(person(2), custodian_id=1, in_office=False),
                   "R-DOC-7")
    assert custody.may_report_lost(person(1), custodian_id=1, in_office=False)
    assert custody.may_report_lost(person(2), custodian_id=1, in_office=True)


def test_r_acc_3_the_clerk_or_the_office_corrects_a_register_row():
    assert refused(custody.may_correct_entry(person(2), entry_actor_id=1, in_office=False),
                   "R-ACC-3")
    assert custody.may_correct_entry(person(1), entry_actor_id=1, in_office=False)
    assert custody.may_correct_entry(person(2), entry_actor_id=None, in_office=True)


# -- leaving -------------------------------------------------------------------------------

def test_r_doc_8_no_copies_held_names_the_count():
    decision = exits.no_copies_held(3)
    assert refused(decision, "R-DOC-8")
    assert "3" in decision.reason
    assert exits.no_copies_held(0)


@pytest.mark.parametrize(("rank", "office", "allowed"), [
    ("DIRECTOR", False, True), ("GM", False, True), ("BOARD", False, True),
    ("PROJECT_MANAGER", False, False), ("STAFF", False, False), ("STAFF", True, True)])
def test_r_acc_3_who_marks_a_person_as_leaving(rank, office, allowed):
    decision = exits.may_mark_leaving(rank, in_office=office)
    assert decision.allowed is allowed and decision.rule == "R-ACC-3"


def facts(**kw: Any) -> exits.ExitFacts:
    base = exits.ExitFacts(held=0, reminder_issued=True, new_employer=False,
                           employer_notified=False, before_project_end=False,
                           project_approved=False, resigned_commitment=False)
    return replace(base, **kw)


def test_exit_blockers_in_order_with_their_rules():
    assert exits.exit_blockers(facts()) == []
    assert exits.may_finish_exit(facts())
    blockers = exits.exit_blockers(facts(held=2, reminder_issued=False, new_employer=True,
                                         before_project_end=True))
    assert [b.rule for b in blockers] == ["R-DOC-8", "R-PPL-3", "R-PPL-3", "R-PPL-4"]
    assert exits.may_finish_exit(facts(held=2)).rule == "R-DOC-8"


def test_r_ppl_4_an_approved_project_exit_still_needs_the_new_commitment():
    blockers = exits.exit_blockers(facts(before_project_end=True, project_approved=True))
    assert [(b.rule, b.reason) for b in blockers] == [("R-PPL-4", "须与单位再签保密承诺")]
    assert exits.exit_blockers(facts(before_project_end=True, project_approved=True,
                                     resigned_commitment=True)) == []


# -- commitments, posts, reviews, exams ----------------------------------------------------

def test_r_ppl_1_a_template_keeps_every_basic_clause():
    decision = commitments.template_keeps_clauses(["a"], ["a", "b"])
    assert refused(decision, "R-PPL-1") and "b" in decision.reason
    assert commitments.template_keeps_clauses(["b", "a", "c"], ["a", "b"])


def test_r_ppl_5_refused_agreement_bars_a_technical_post():
    assert refused(commitments.may_take_technical_post(agreement_refused=True), "R-PPL-5")
    assert commitments.may_take_technical_post(agreement_refused=False)


def test_post_blockers_name_r_ppl_1_2_5():
    blocked = commitments.post_blockers(commitments.PostFacts(
        commitment_pending=True, needs_certificate=True, has_certificate=False,
        technical=True, agreement_signed=False))
    assert [b.rule for b in blocked] == ["R-PPL-1", "R-PPL-2", "R-PPL-5"]
    assert commitments.post_blockers(commitments.PostFacts(
        commitment_pending=False, needs_certificate=False, has_certificate=False,
        technical=False, agreement_signed=False)) == []


def test_r_ppl_1_signing_is_in_person_with_password_and_second_factor():
    assert refused(commitments.may_sign_commitment(actor_id=2, person_id=1), "R-PPL-1")
    steps = [(False, True, True), (True, False, True), (True, True, False)]
    decisions = [commitments.signature_verified(reauthenticated=a, enrolled=b,
                                                second_factor_ok=c) for a, b, c in steps]
    assert len({d.reason for d in decisions}) == 3
    assert all(refused(d, "R-PPL-1") for d in decisions)
    assert commitments.signature_verified(reauthenticated=True, enrolled=True,
                                          second_factor_ok=True)


def test_r_ppl_6_nobody_supervises_themself():
    assert refused(commitments.may_supervise(actor_id=1, person_id=1), "R-PPL-6")
    assert commitments.may_supervise(actor_id=1, person_id=2)


def test_r_ppl_2_attempts_are_counted_and_papers_are_ones_own():
    assert refused(commitments.may_start_attempt(used=3, max_attempts=3), "R-PPL-2")
    assert commitments.may_start_attempt(used=2, max_attempts=3)
    assert refused(commitments.may_submit_attempt(actor_id=2, person_id=1), "R-PPL-2")


# -- foreign contact -----------------------------------------------------------------------

def test_r_for_2_a_visit_plan_forbids_photography():
    assert refused(foreign.visit_forbids_photography(stated=False), "R-FOR-2")
    assert foreign.visit_forbids_photography(stated=True)


def test_r_for_3_review_and_debrief():
    assert refused(foreign.may_review_travel(actor_id=1, person_id=1), "R-FOR-3")
    assert refused(foreign.may_debrief(actor_id=2, person_id=1), "R-FOR-3")
    assert foreign.may_debrief(actor_id=1, person_id=1)


def test_r_for_3_private_travel_is_decided_after_the_review_by_someone_else():
    gm = person(9, rank="GM")

    def decide(approver: Any, *, private: bool, reviewed: bool, applicant_id: int = 1,
               person_id: int = 1) -> Any:
        return foreign.may_decide_form(approver, ranks=("GM",), rule="R-FOR-3",
                                       applicant_id=applicant_id, person_id=person_id,
                                       private=private, reviewed=reviewed)

    assert refused(decide(gm, private=True, reviewed=False), "R-FOR-3")
    assert decide(gm, private=True, reviewed=True)
    assert refused(decide(person(9), private=False, reviewed=False),
                   "R-FOR-3")  # not a leader of the listed ranks
    own = decide(gm, private=False, reviewed=False, applicant_id=5, person_id=9)
    assert refused(own, "R-FOR-3") and "本人" in own.reason


# -- files ---------------------------------------------------------------------------------

def test_r_doc_5_only_a_view_copy_is_rendered_as_pages():
    assert refused(files.may_render_pages(view_copy=False), "R-DOC-5")
    assert files.may_render_pages(view_copy=True)


# -- approval actions ----------------------------------------------------------------------

def req(**kw: Any) -> acts.RequestFacts:
    return replace(acts.RequestFacts(kind="BORROW", status="APPROVED", level="SECRET",
                                     requester_id=1), **kw)


def test_r_doc_2_only_the_receiver_signs_for():
    distribute = req(kind="DISTRIBUTE", recipient_id=2)
    assert refused(acts.may_sign_for(actor_id=1, request=distribute), "R-DOC-2")
    assert acts.may_sign_for(actor_id=2, request=distribute)
    assert acts.may_sign_for(actor_id=1, request=req(kind="PRINT"))
    assert refused(acts.may_sign_for(actor_id=2, request=req(kind="PRINT")), "R-DOC-2")


def test_actions_of_an_approved_request_by_kind():
    assert list(acts.actions_for(person(1), req(), in_office=False)) == ["sign_for"]
    lent = acts.actions_for(person(3), req(lent_by_id=2), in_office=False)
    assert list(lent) == ["return"] and refused(lent["return"], "R-DOC-6")
    assert acts.actions_for(person(3), req(lent_by_id=2), in_office=True)["return"]
    destroy = acts.actions_for(person(3), req(kind="DESTROY", custodian_id=4), in_office=False)
    assert refused(destroy["destroy"], "R-DOC-9")
    assert acts.actions_for(person(4), req(kind="DESTROY", custodian_id=4),
                            in_office=False)["destroy"]
    assert refused(acts.actions_for(person(3), req(kind="EXTERNAL"), in_office=False)["provide"],
                   "R-DOC-10")
    assert refused(acts.actions_for(person(3), req(kind="EXTEND"), in_office=False)["apply"],
                   "R-CLS-5")
    assert acts.actions_for(person(3), req(kind="NETWORK"), in_office=True)["apply"]
    assert acts.actions_for(person(1), req(status="DONE"), in_office=True) == {}


def test_actions_of_a_pending_request():
    step = acts.StepFacts(role="RANK", ranks=("GM",), rule="R-DOC-4")
    pending = req(status="PENDING")
    mine = acts.actions_for(person(1, rank="GM"), pending, in_office=False, step=step)
    assert refused(mine["approve"], "R-ACC-4")  # the requester never approves (R-ACC-4)
    assert mine["withdraw"]
    leader = acts.actions_for(person(2, rank="GM"), pending, in_office=False, step=step)
    assert leader["approve"] and leader["reject"]
    assert refused(leader["withdraw"], "R-ACC-4")
    staff = acts.actions_for(person(3), pending, in_office=False, step=step)
    assert not staff["approve"] and staff["approve"].rule == "R-DOC-4"
    delegated = acts.actions_for(person(3), pending, in_office=False, step=step,
                                 delegated_rank="GM")
    assert delegated["approve"]


def test_submitting_delegating_and_incidents():
    assert refused(acts.may_submit(person(status="LEAVING")), "R-ACC-1")
    assert refused(acts.nda_in_place(signed=True, ref="  "), "R-DOC-10")
    assert acts.nda_in_place(signed=True, ref="NDA-1")
    assert refused(acts.may_delegate(["销毁"]), "R-ACC-4")
    assert acts.may_delegate([])
    assert refused(acts.may_delegate_to(actor_id=1, delegate_id=1), "R-ACC-4")
    assert refused(acts.may_revoke_delegation(actor_id=2, grantor_id=1), "R-ACC-4")
    assert refused(acts.may_close_incident(in_office=False), "R-DOC-7")
    assert acts.may_close_incident(in_office=True)
