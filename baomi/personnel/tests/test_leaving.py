"""Leaving: R-DOC-8 (custody), R-PPL-3 (decryption period, reminder, notice), R-PPL-4."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.carriers.custody import copy_lend, copy_return
from baomi.core.errors import PolicyDenied
from baomi.people.models import Person
from baomi.personnel.models import Commitment, ExitProcedure
from baomi.personnel.services.commitments import post_assign
from baomi.personnel.services.leaving import (
    exit_blockers,
    exit_finish,
    exit_issue_reminder,
    exit_notify_employer,
    exit_project_approve,
    exit_start,
)

pytestmark = pytest.mark.django_db


def _lend(make_carrier, people, borrower):
    carrier = make_carrier(level="SECRET")
    copy = carrier.copies.first()
    return copy_lend(actor=borrower, copy=copy, password=f"pw-{borrower.user.username}",
                     due_back=timezone.localdate() + timedelta(days=7), approval_ref="SP-T")


def test_cannot_finish_while_a_copy_is_in_custody(people, make_carrier):
    staff = people["staff2"]
    copy = _lend(make_carrier, people, staff)
    procedure = exit_start(actor=people["deputy"], person=staff, reason="辞职")
    assert Person.objects.get(pk=staff.pk).status == "ACTIVE"  # waits for the copy
    exit_issue_reminder(actor=people["deputy"], procedure=procedure)
    with pytest.raises(PolicyDenied) as exc:
        exit_finish(actor=people["deputy"], procedure=procedure)
    assert exc.value.rule == "R-DOC-8"
    copy_return(actor=copy.lent_by, copy=copy, password=f"pw-{copy.lent_by.user.username}")
    done = exit_finish(actor=people["deputy"], procedure=procedure)
    assert done.status == ExitProcedure.Status.DONE
    assert Person.objects.get(pk=staff.pk).status == "LEFT"


@pytest.mark.parametrize(("who", "years"), [("gm", 3), ("director", 2), ("staff", 1)])
def test_decryption_period_by_clearance(people, who, years):
    """脱密期 from policy: 核心 3, 重要 2, 一般 1 (R-PPL-3)."""
    person = people[who]
    # gm/director hold nothing; the fixture carriers are not made here
    procedure = exit_start(actor=people["deputy"] if who != "deputy" else people["gm"],
                           person=person, reason="调离")
    assert procedure.decryption_years == years
    exit_issue_reminder(actor=people["deputy"], procedure=procedure)
    done = exit_finish(actor=people["deputy"], procedure=procedure)
    today = timezone.localdate()
    assert done.decryption_ends == today.replace(year=today.year + years) - timedelta(days=1)


def test_written_reminder_and_employer_notice_are_required(people):
    procedure = exit_start(actor=people["deputy"], person=people["staff"], reason="辞职")
    with pytest.raises(PolicyDenied) as exc:
        exit_finish(actor=people["deputy"], procedure=procedure)
    assert exc.value.rule == "R-PPL-3"
    exit_issue_reminder(actor=people["deputy"], procedure=procedure)
    procedure.new_employer = "某公司"
    procedure.save(update_fields=["new_employer"])
    assert [b.rule for b in exit_blockers(procedure)] == ["R-PPL-3"]
    exit_notify_employer(actor=people["deputy"], procedure=procedure, employer="某公司",
                         notified_on=timezone.localdate(), ref="函〔2026〕1号",
                         non_compete=True)
    done = exit_finish(actor=people["deputy"], procedure=procedure)
    today = timezone.localdate()
    assert done.non_compete_ends == today.replace(year=today.year + 3) - timedelta(days=1)


def test_project_member_needs_approval_and_resigning(people, enrol, sign):
    """R-PPL-4: 科研任务尚未结束前要求调离……需与单位再签保密协议。"""
    staff = people["staff"]
    post_assign(actor=people["deputy"], person=staff, post="课题组成员", clearance="GENERAL",
                project="重大项目甲", project_ends=timezone.localdate() + timedelta(days=200))
    procedure = exit_start(actor=people["deputy"], person=staff, reason="辞职")
    exit_issue_reminder(actor=people["deputy"], procedure=procedure)
    with pytest.raises(PolicyDenied) as exc:
        exit_finish(actor=people["deputy"], procedure=procedure)
    assert exc.value.rule == "R-PPL-4"
    with pytest.raises(PolicyDenied):  # a manager is not a listed approver
        exit_project_approve(actor=people["manager"], procedure=procedure)
    exit_project_approve(actor=people["gm"], procedure=procedure)
    procedure.refresh_from_db()
    with pytest.raises(PolicyDenied) as exc:  # approved, but not re-signed yet
        exit_finish(actor=people["deputy"], procedure=procedure)
    assert exc.value.rule == "R-PPL-4"
    enrol(staff)
    resign = procedure.resign_commitment
    assert resign is not None
    assert resign.reason == Commitment.Reason.LEAVING
    sign(staff, resign)
    procedure.refresh_from_db()
    assert exit_finish(actor=people["deputy"], procedure=procedure).status == "DONE"


def test_only_the_secrecy_office_runs_exits(people):
    with pytest.raises(PolicyDenied):
        exit_start(actor=people["manager"], person=people["staff"], reason="x")
