"""Leaving (离岗离职): R-DOC-8 (nothing in custody), R-PPL-3 (decryption period, written
reminder, notice to the new employer, non-compete), R-PPL-4 (project members).

Each step is one durable transaction (baomi.core.writes) with the person or the
procedure locked and re-read first; notices go out once it has committed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.carriers.ledger import custody_count
from baomi.core.writes import durable_service
from baomi.people.models import Person
from baomi.people.selectors import active_people
from baomi.people.services import person_mark_leaving, person_mark_left
from baomi.personnel.models import Commitment, ExitProcedure, PostAssignment
from baomi.personnel.services._common import bad, clean, require_office
from baomi.personnel.services.commitments import _new_commitment, template_current
from baomi.policy.decision import require
from baomi.policy.exits import ExitFacts, may_finish_exit, no_copies_held
from baomi.policy.exits import exit_blockers as blockers_of
from baomi.policy.personnel import may_decide
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.policy.decision import Decision


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _locked(procedure: ExitProcedure) -> ExitProcedure:
    """The procedure locked for the rest of the transaction, and re-read in place."""
    ExitProcedure.objects.select_for_update().filter(pk=procedure.pk).exists()
    procedure.refresh_from_db()
    return procedure


@durable_service
def exit_start(*, actor: Person, person: Person, reason: str) -> ExitProcedure:
    """Open the exit procedure. The person is marked 离岗中 at once when they hold no copy;
    otherwise the procedure waits for the copies (R-DOC-8). A member of a major project
    that has not ended needs a leader's approval and a new commitment (R-PPL-4)."""
    require_office(actor, "exit.start", person)
    person = Person.objects.select_for_update().get(pk=person.pk)  # one open procedure
    if person.status == "LEFT":
        raise bad("person", _("该人员已离职"))
    if ExitProcedure.objects.filter(person=person, status=ExitProcedure.Status.OPEN).exists():
        raise bad("person", _("离岗手续已在办理中"))
    today = timezone.localdate()
    project = (PostAssignment.objects.filter(person=person, project__gt="",
                                             project_ends__gt=today)
               .exclude(status=PostAssignment.Status.CANCELLED).first())
    procedure = ExitProcedure(
        person=person, clearance=person.clearance, reason=reason.strip(), started_by=actor,
        decryption_years=get_policy().personnel.decryption_years_for(person.clearance),
        project=project.project if project else "",
        project_ends=project.project_ends if project else None)
    clean(procedure)
    with transaction.atomic():
        procedure.save()
        audit_append(actor=actor, action="exit.start", target=person, rule="R-PPL-3",
                     detail={"clearance": person.clearance, "project": procedure.project,
                             "decryption_years": procedure.decryption_years})
    if person.status == "ACTIVE" and no_copies_held(custody_count(person=person)):
        person_mark_leaving(actor=actor, person=person)
    if procedure.before_project_end:
        transaction.on_commit(lambda: _ask_project_approvers(procedure))
    return procedure


def project_leave_approvers(procedure: ExitProcedure) -> list[Person]:
    """The leaders who may approve leaving a major project early (R-PPL-4), never the
    person leaving."""
    ranks = get_policy().personnel.project_leave_approver_ranks
    return list(active_people().filter(rank__in=ranks).exclude(pk=procedure.person_id))


def _ask_project_approvers(procedure: ExitProcedure) -> None:
    """An in-app notice to each approver: the person's staff number and a link, never the
    project's name (it may itself be classified)."""
    from baomi.approvals.services import notify

    notify(recipients=project_leave_approvers(procedure), kind="personnel.project_leave",
           key=f"project_leave:{procedure.pk}",
           text=f"{procedure.person.staff_no} 提前离开重大项目,离岗须经您批准(R-PPL-4)",
           link=reverse("personnel:exit", args=[procedure.pk]))


def exit_facts(procedure: ExitProcedure) -> ExitFacts:
    """What the exit rules need to know about a procedure (custody counted now)."""
    return ExitFacts(
        held=custody_count(person=procedure.person),
        reminder_issued=procedure.reminder_issued_at is not None,
        new_employer=bool(procedure.new_employer),
        employer_notified=procedure.employer_notified_on is not None,
        before_project_end=procedure.before_project_end,
        project_approved=procedure.project_approved_at is not None,
        resigned_commitment=procedure.resign_commitment is not None
        and procedure.resign_commitment.status == Commitment.Status.SIGNED)


def exit_blockers(procedure: ExitProcedure) -> list[Decision]:
    """What keeps the procedure from finishing, as decisions (empty: it may finish):
    `baomi.policy.exits.exit_blockers` (R-DOC-8, R-PPL-3, R-PPL-4)."""
    return blockers_of(exit_facts(procedure))


@durable_service
def exit_issue_reminder(*, actor: Person, procedure: ExitProcedure) -> ExitProcedure:
    """The written reminder of duties (离岗保密提醒函, R-PPL-3) is issued: its PDF is
    printed from this record."""
    require_office(actor, "exit.reminder", procedure.person)
    procedure = _locked(procedure)
    with transaction.atomic():
        procedure.reminder_issued_at = timezone.now()
        procedure.save(update_fields=["reminder_issued_at"])
        audit_append(actor=actor, action="exit.reminder", target=procedure.person,
                     rule="R-PPL-3", detail={"exit": procedure.pk})
    return procedure


@durable_service
def exit_notify_employer(*, actor: Person, procedure: ExitProcedure, employer: str,
                         notified_on: date, ref: str, non_compete: bool) -> ExitProcedure:
    """Record the notice to the new employer and whether a non-compete was agreed."""
    require_office(actor, "exit.notify", procedure.person)
    if not employer.strip():
        raise bad("employer", _("请填写新任职单位"))
    if notified_on > timezone.localdate():
        raise bad("notified_on", _("通报日期不能晚于今天"))
    procedure = _locked(procedure)
    with transaction.atomic():
        procedure.new_employer = employer.strip()
        procedure.employer_notified_on = notified_on
        procedure.employer_notice_ref = ref.strip()
        procedure.non_compete = non_compete
        procedure.save(update_fields=["new_employer", "employer_notified_on",
                                      "employer_notice_ref", "non_compete"])
        audit_append(actor=actor, action="exit.notify", target=procedure.person,
                     rule="R-PPL-3", detail={"employer": procedure.new_employer,
                                             "non_compete": non_compete})
    return procedure


@durable_service
def exit_project_approve(*, actor: Person, procedure: ExitProcedure) -> ExitProcedure:
    """A leader approves leaving a major project early; the person must sign again (R-PPL-4)."""
    ranks = get_policy().personnel.project_leave_approver_ranks
    decision = may_decide(actor, ranks=ranks, requester_id=procedure.person_id, rule="R-PPL-4")
    require(decision, actor=actor, action="exit.project_approve", target=procedure.person)
    if not procedure.before_project_end:
        raise bad("project", _("没有未结束的重大项目"))
    procedure = _locked(procedure)
    if procedure.project_approved_at is not None:
        raise bad("project", _("已批准提前离开项目"))
    with transaction.atomic():
        commitment = _new_commitment(
            actor=actor, person=procedure.person, template=template_current(),
            reason=Commitment.Reason.LEAVING, clearance=procedure.clearance,
            matter=procedure.project)
        procedure.project_approved_by = actor
        procedure.project_approved_at = timezone.now()
        procedure.resign_commitment = commitment
        procedure.save(update_fields=["project_approved_by", "project_approved_at",
                                      "resign_commitment"])
        audit_append(actor=actor, action="exit.project_approve", target=procedure.person,
                     rule="R-PPL-4", detail={"project": procedure.project,
                                             "commitment": commitment.pk})
    return procedure


@durable_service
def exit_finish(*, actor: Person, procedure: ExitProcedure) -> ExitProcedure:
    """Finish leaving: refused while any blocker stands; starts the decryption period
    (脱密期) and the non-compete (竞业限制) on the day of leaving."""
    require_office(actor, "exit.finish", procedure.person)
    procedure = _locked(procedure)
    if procedure.status != ExitProcedure.Status.OPEN:
        raise bad("exit", _("离岗手续已办结"))
    require(may_finish_exit(exit_facts(procedure)), actor=actor, action="exit.finish",
            target=procedure.person)
    person = procedure.person
    if person.status == "ACTIVE":
        person = person_mark_leaving(actor=actor, person=person)
    today = timezone.localdate()
    settings = get_policy().personnel
    with transaction.atomic():
        person_mark_left(actor=actor, person=person, ref=f"exit:{procedure.pk}")
        procedure.status = ExitProcedure.Status.DONE
        procedure.finished_at = timezone.now()
        procedure.decryption_ends = (_plus_years(today, procedure.decryption_years)
                                     - timedelta(days=1)) if procedure.decryption_years else today
        if procedure.non_compete and settings.non_compete_years:
            procedure.non_compete_ends = (_plus_years(today, settings.non_compete_years)
                                          - timedelta(days=1))
        procedure.save(update_fields=["status", "finished_at", "decryption_ends",
                                      "non_compete_ends"])
        audit_append(actor=actor, action="exit.finish", target=procedure.person,
                     rule="R-PPL-3", detail={
                         "decryption_ends": procedure.decryption_ends.isoformat(),
                         "non_compete_ends": procedure.non_compete_ends.isoformat()
                         if procedure.non_compete_ends else ""})
    return procedure
