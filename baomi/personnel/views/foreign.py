"""Forms 附表21–24 (R-FOR-1..3): list, new, secrecy review, leader decision, debrief."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.core.once import announce_created, create_once, form_key
from baomi.people.web import PersonRequest, person_page
from baomi.personnel.models import ForeignForm
from baomi.personnel.pdf import foreign_pdf
from baomi.personnel.selectors import foreign_forms_for, foreign_get
from baomi.personnel.services.foreign import (
    FIELDS,
    OPTIONAL,
    foreign_debrief,
    foreign_decide,
    foreign_review,
    foreign_submit,
)
from baomi.personnel.views._common import act


@person_page
def foreign_list(request: PersonRequest) -> HttpResponse:
    me = request.person
    return render(request, "personnel/foreign_list.html", {
        "forms": foreign_forms_for(viewer=me)[:200], "kinds": ForeignForm.Kind.choices,
        "me": me})


@person_page
def foreign_new(request: PersonRequest) -> HttpResponse:
    me = request.person
    kind = request.GET.get("kind") or request.POST.get("kind") or "F24"
    if kind not in FIELDS:
        raise NotVisible
    error = ""
    if request.method == "POST":
        values: dict[str, object] = {key: request.POST.get(key, "")[:500]
                                     for key, _label in FIELDS[kind]}
        values.update({flag: request.POST.get(flag) == "on"
                       for flag in ("no_photography", "acknowledged")})
        try:
            made = create_once(actor=me, key=form_key(request), scope="foreign.submit",
                               create=lambda: foreign_submit(
                                   actor=me, kind=kind, person=me, fields=values,
                                   private=request.POST.get("private") == "on"))
        except PolicyDenied as exc:
            error = f"{exc.rule}:{exc.reason_shown} —— {exc.clause}"
        except ApplicationError as exc:
            error = "; ".join(m for ms in exc.fields.values() for m in ms) or exc.message
        else:
            announce_created(request, made)
            return redirect("personnel:foreign", pk=made.record.pk)
    return render(request, "personnel/foreign_new.html", {
        "kind": kind, "label": ForeignForm.Kind(kind).label, "error": error,
        "fields": [(key, label, key in OPTIONAL, request.POST.get(key, ""))
                   for key, label in FIELDS[kind]]})


@person_page
def foreign_detail(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    form = foreign_get(viewer=me, pk=pk)
    labels = dict(FIELDS[form.kind])
    return render(request, "personnel/foreign_detail.html", {
        "form": form, "me": me,
        "rows": [(labels.get(k, k), v) for k, v in form.fields.items() if k in labels]})


@person_page
@require_POST
def foreign_action(request: PersonRequest, pk: int, action: str) -> HttpResponse:
    me = request.person
    form = foreign_get(viewer=me, pk=pk)
    note = request.POST.get("note", "")[:200]
    calls = {
        "review": (lambda: foreign_review(actor=me, form=form), _("保密审查已完成")),
        "approve": (lambda: foreign_decide(actor=me, form=form, approve=True, note=note),
                    _("已批准")),
        "reject": (lambda: foreign_decide(actor=me, form=form, approve=False, note=note),
                   _("已驳回")),
        "debrief": (lambda: foreign_debrief(actor=me, form=form,
                                            text=request.POST.get("text", "")[:4000]),
                    _("已登记回国汇报")),
    }
    if action not in calls:
        raise NotVisible
    call, ok = calls[action]
    return act(request, call, ok=ok, back="personnel:foreign", pk=pk)


@person_page
def foreign_print(request: PersonRequest, pk: int) -> HttpResponse:
    form = foreign_get(viewer=request.person, pk=pk)
    response = HttpResponse(foreign_pdf(form), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{form.number}.pdf"'
    return response
