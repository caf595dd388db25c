"""Reads of the personnel app, scoped to the viewer (rule of the house 2)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone

from baomi.core.errors import NotVisible
from baomi.people.models import Person
from baomi.people.selectors import in_secrecy_office
from baomi.personnel.models import (
    Attempt,
    Certificate,
    Commitment,
    CommitmentTemplate,
    Exam,
    ExitProcedure,
    ForeignForm,
    PostAssignment,
    Question,
    TrustReview,
)
from baomi.policy.labels import clearance_label
from baomi.policy.personnel import may_decide, may_manage_people, may_view_file
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from baomi.policy.decision import Decision


def manages_people(viewer: Person | None) -> Decision:
    """May `viewer` run posts, commitments, exits, reviews and the registers of cleared
    people (R-PPL-1, 保密办)? The one question the personnel pages, selectors and services
    ask (`baomi.policy.personnel.may_manage_people`)."""
    return may_manage_people(viewer, viewer_in_office=viewer is not None
                             and in_secrecy_office(viewer))


def file_person(*, viewer: Person | None, pk: int) -> Person:
    """The subject of a secrecy file, or NotVisible (404) for anyone but the person and the
    secrecy office."""
    subject = Person.objects.filter(pk=pk).select_related("unit").first()
    if subject is None or viewer is None:
        raise NotVisible
    if not may_view_file(viewer, subject, viewer_in_office=in_secrecy_office(viewer)):
        raise NotVisible
    return subject


def person_file(*, viewer: Person | None, pk: int) -> dict[str, Any]:
    """Everything about one cleared person on one screen (R-PPL-1..6, R-FOR-1..3)."""
    from baomi.approvals.selectors import my_requests
    from baomi.carriers.selectors import my_custody

    subject = file_person(viewer=viewer, pk=pk)
    return {
        "subject": subject,
        "posts": list(PostAssignment.objects.filter(person=subject)),
        "commitments": list(Commitment.objects.filter(person=subject)
                            .select_related("template").prefetch_related("archives")),
        "attempts": list(Attempt.objects.filter(person=subject).select_related("exam")),
        "certificates": list(Certificate.objects.filter(person=subject)),
        "custody": list(my_custody(viewer=subject)),
        "requests": list(my_requests(viewer=subject)[:50]),
        "foreign": list(ForeignForm.objects.filter(person=subject)),
        "exits": list(ExitProcedure.objects.filter(person=subject)),
        "agreements": list(subject.agreements.all()),
        "reviews": list(subject.reviews.all()),
        "sanctions": list(subject.sanctions.all()),
        "reminders": list(subject.reminders.all()),
    }


def my_pending_commitments(*, viewer: Person) -> QuerySet[Commitment]:
    return Commitment.objects.filter(person=viewer, status=Commitment.Status.PENDING)


def commitment_get(*, viewer: Person | None, pk: int) -> Commitment:
    commitment = Commitment.objects.filter(pk=pk).select_related("person", "template").first()
    if commitment is None:
        raise NotVisible
    file_person(viewer=viewer, pk=commitment.person_id)
    return commitment


def exit_get(*, viewer: Person | None, pk: int) -> ExitProcedure:
    """An exit procedure: for the person and the secrecy office, and for the leader who is
    to approve (or approved) leaving a major project early (R-PPL-4) — only that page, not
    the person's file."""
    procedure = ExitProcedure.objects.filter(pk=pk).select_related(
        "person", "project_approved_by").first()
    if procedure is None or viewer is None:
        raise NotVisible
    if may_approve_project_leave(viewer=viewer, procedure=procedure) or (
            procedure.project_approved_by_id == viewer.id):
        return procedure
    file_person(viewer=viewer, pk=procedure.person_id)
    return procedure


def may_approve_project_leave(*, viewer: Person, procedure: ExitProcedure) -> bool:
    """The viewer is a leader who may approve this early exit now (R-PPL-4)."""
    return bool(procedure.status == ExitProcedure.Status.OPEN
                and procedure.before_project_end and procedure.project_approved_at is None
                and may_decide(viewer, requester_id=procedure.person_id, rule="R-PPL-4",
                               ranks=get_policy().personnel.project_leave_approver_ranks))


def exits_awaiting_approval(*, viewer: Person) -> list[ExitProcedure]:
    """Early exits from a major project waiting for this leader's approval (R-PPL-4)."""
    if viewer.rank not in get_policy().personnel.project_leave_approver_ranks:
        return []
    open_exits = (ExitProcedure.objects.filter(
        status=ExitProcedure.Status.OPEN, project__gt="", project_ends__gt=timezone.localdate(),
        project_approved_at__isnull=True).exclude(person=viewer).select_related("person"))
    return [e for e in open_exits if may_approve_project_leave(viewer=viewer, procedure=e)]


def open_exams() -> QuerySet[Exam]:
    return Exam.objects.filter(is_open=True).select_related("course")


def attempt_get(*, viewer: Person, pk: int) -> Attempt:
    attempt = Attempt.objects.filter(pk=pk, person=viewer).select_related("exam").first()
    if attempt is None:
        raise NotVisible
    return attempt


def attempt_questions(attempt: Attempt) -> list[Question]:
    by_id = {q.id: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    return [by_id[i] for i in attempt.question_ids if i in by_id]


def people_register(*, viewer: Person) -> QuerySet[Person]:
    """All people, for the secrecy office only (empty for anyone else)."""
    if not manages_people(viewer):
        return Person.objects.none()
    return Person.objects.select_related("unit").order_by("staff_no")


def allowance_report(*, viewer: Person) -> list[dict[str, Any]]:
    """Allowance by clearance (篇十 奖惩激励机制): people per clearance and the percentage."""
    if not manages_people(viewer):
        return []
    policy = get_policy()
    rows = []
    for spec in policy.clearances:
        count = Person.objects.filter(status="ACTIVE", clearance=spec.code).count()
        rows.append({"clearance": spec.code, "label": clearance_label(spec.code), "people": count,
                     "percent": policy.personnel.allowance_percent.get(spec.code, 0)})
    return rows


def _foreign_approver(viewer: Person) -> bool:
    return viewer.status == "ACTIVE" and \
        viewer.rank in get_policy().personnel.foreign_approver_ranks


def foreign_forms_for(*, viewer: Person) -> QuerySet[ForeignForm]:
    """The secrecy office and the approving leaders see every form; others their own."""
    forms = ForeignForm.objects.select_related("person", "applicant", "approver")
    if manages_people(viewer) or _foreign_approver(viewer):
        return forms
    return forms.filter(person=viewer) | forms.filter(applicant=viewer)


def foreign_get(*, viewer: Person | None, pk: int) -> ForeignForm:
    if viewer is None:
        raise NotVisible
    form = foreign_forms_for(viewer=viewer).filter(pk=pk).first()
    if form is None:
        raise NotVisible
    return form


def templates_for(*, viewer: Person) -> list[dict[str, Any]]:
    """Every version of the commitment text with how many signed and how many still have
    to sign it (R-PPL-1); the secrecy office only."""
    if not manages_people(viewer):
        return []
    rows = []
    for template in CommitmentTemplate.objects.select_related("created_by"):
        counts = dict(template.commitments.order_by().values_list("status")
                      .annotate(n=Count("id")))
        rows.append({"template": template,
                     "signed": counts.get(Commitment.Status.SIGNED, 0),
                     "pending": counts.get(Commitment.Status.PENDING, 0),
                     "superseded": counts.get(Commitment.Status.SUPERSEDED, 0)})
    return rows


def key_post_reviews(*, viewer: Person) -> list[dict[str, Any]]:
    """People in key posts (`key_post_clearances`) with their last trust rating and when the
    next periodic review is due (R-PPL-6); the secrecy office only. Overdue first."""
    if not manages_people(viewer):
        return []
    settings = get_policy().personnel
    today = timezone.localdate()
    people = (Person.objects.filter(status="ACTIVE", clearance__in=settings.key_post_clearances)
              .select_related("unit").order_by("staff_no"))
    latest: dict[int, TrustReview] = {}
    reviews = TrustReview.objects.filter(person__in=people).select_related("reviewer")
    for review in reviews.order_by("person_id", "-reviewed_on", "-id"):
        latest.setdefault(review.person_id, review)
    rows = []
    for person in people:
        last = latest.get(person.pk)
        due = last.reviewed_on + timedelta(days=settings.review_interval_days) if last else today
        rows.append((due > today, due, person.staff_no,
                     {"person": person, "last": last, "due": due, "overdue": due <= today}))
    return [row for *_, row in sorted(rows, key=lambda r: r[:3])]


def allowance_people(*, viewer: Person) -> list[dict[str, Any]]:
    """The people behind the allowance report: each active person with a clearance and the
    percentage their level earns (篇十 机制四, R-PPL-6); the secrecy office only."""
    if not manages_people(viewer):
        return []
    policy = get_policy()
    percent = policy.personnel.allowance_percent
    labels = {spec.code: clearance_label(spec.code) for spec in policy.clearances}
    order = {spec.code: n for n, spec in enumerate(policy.clearances)}
    people = (Person.objects.filter(status="ACTIVE").exclude(clearance="NONE")
              .select_related("unit"))
    return [{"person": p, "label": labels.get(p.clearance, p.clearance),
             "percent": percent.get(p.clearance, 0)}
            for p in sorted(people, key=lambda p: (order.get(p.clearance, 99), p.staff_no))]
