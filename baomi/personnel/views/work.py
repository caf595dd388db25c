"""Exams (R-PPL-2), leaving (R-PPL-3, R-PPL-4, R-DOC-8) and forms 21–24 (R-FOR-1..3)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import NotVisible, PolicyDenied
from baomi.core.once import announce_created, create_once, form_key
from baomi.people.web import PersonRequest, person_page
from baomi.personnel.forms import ExitForm, NotifyForm
from baomi.personnel.models import Exam
from baomi.personnel.pdf import reminder_pdf
from baomi.personnel.selectors import (
    attempt_get,
    attempt_questions,
    exit_get,
    file_person,
    manages_people,
    may_approve_project_leave,
    open_exams,
)
from baomi.personnel.services.leaving import (
    exit_blockers,
    exit_finish,
    exit_issue_reminder,
    exit_notify_employer,
    exit_project_approve,
    exit_start,
)
from baomi.personnel.services.training import attempt_start, attempt_submit
from baomi.personnel.views._common import act, form_error


@person_page
def exams(request: PersonRequest) -> HttpResponse:
    me = request.person
    return render(request, "personnel/exams.html", {"exams": open_exams(), "me": me})


@person_page
@require_POST
def exam_start(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    exam = Exam.objects.filter(pk=pk, is_open=True).first()
    if exam is None:
        raise NotVisible
    try:
        attempt = attempt_start(actor=me, exam=exam)
    except PolicyDenied as exc:
        messages.error(request, f"{exc.rule}:{exc.reason_shown} —— {exc.clause}")
        return redirect("personnel:exams")
    return redirect("personnel:attempt", pk=attempt.pk)


@person_page
def attempt_page(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    attempt = attempt_get(viewer=me, pk=pk)
    questions = attempt_questions(attempt)
    if request.method == "POST" and attempt.submitted_at is None:
        answers = {str(q.id): request.POST.getlist(f"q{q.id}") for q in questions}
        return act(request, lambda: attempt_submit(actor=me, attempt=attempt, answers=answers),
                   ok=_("已交卷"), back="personnel:attempt", pk=pk)
    return render(request, "personnel/attempt.html", {
        "attempt": attempt, "questions": questions, "me": me})


@person_page
@require_POST
def exit_new(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    subject = file_person(viewer=me, pk=pk)
    form = ExitForm(request.POST)
    if not form.is_valid():
        return form_error(request, form, "personnel:file", pk=pk)
    try:
        made = create_once(actor=me, key=form_key(request), scope="exit.start",
                           create=lambda: exit_start(actor=me, person=subject,
                                                     reason=form.cleaned_data["reason"]))
    except PolicyDenied as exc:
        messages.error(request, f"{exc.rule}:{exc.reason_shown} —— {exc.clause}")
        return redirect("personnel:file", pk=pk)
    announce_created(request, made)
    return redirect("personnel:exit", pk=made.record.pk)


@person_page
def exit_page(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    procedure = exit_get(viewer=me, pk=pk)
    office = bool(manages_people(me))
    return render(request, "personnel/exit.html", {
        "procedure": procedure, "blockers": exit_blockers(procedure), "me": me,
        "office": office, "notify_form": NotifyForm(),
        "can_approve": may_approve_project_leave(viewer=me,
                                                                    procedure=procedure),
        "sees_file": office or (me.pk == procedure.person_id)})


@person_page
@require_POST
def exit_action(request: PersonRequest, pk: int, action: str) -> HttpResponse:
    me = request.person
    procedure = exit_get(viewer=me, pk=pk)
    if action == "reminder":
        return act(request, lambda: exit_issue_reminder(actor=me, procedure=procedure),
                   ok=_("已发出离岗保密提醒函"), back="personnel:exit", pk=pk)
    if action == "notify":
        form = NotifyForm(request.POST)
        if not form.is_valid():
            return form_error(request, form, "personnel:exit", pk=pk)
        d = form.cleaned_data
        return act(request, lambda: exit_notify_employer(
            actor=me, procedure=procedure, employer=d["employer"], notified_on=d["notified_on"],
            ref=d["ref"], non_compete=d["non_compete"]), ok=_("已登记通报"),
            back="personnel:exit", pk=pk)
    if action == "approve":
        return act(request, lambda: exit_project_approve(actor=me, procedure=procedure),
                   ok=_("已批准,须再签保密承诺"), back="personnel:exit", pk=pk)
    if action == "finish":
        return act(request, lambda: exit_finish(actor=me, procedure=procedure),
                   ok=_("离岗手续已办结"), back="personnel:exit", pk=pk)
    raise NotVisible


@person_page
def exit_reminder_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    procedure = exit_get(viewer=request.person, pk=pk)
    response = HttpResponse(reminder_pdf(procedure), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="exit-reminder-{procedure.pk}.pdf"'
    return response
