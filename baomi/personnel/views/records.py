"""Pages of the secrecy office for commitment templates (R-PPL-1), IP/NDA agreements
(R-PPL-5), trust ratings, periodic reviews, rewards and penalties and the allowance report
(R-PPL-6). Thin: selectors read, services decide and write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import NotVisible
from baomi.core.exports import XLSX_TYPE, xlsx_bytes
from baomi.core.once import create_once, form_key
from baomi.people.web import PersonRequest, person_page
from baomi.personnel.forms import AgreementForm, ReviewForm, SanctionForm, TemplateForm
from baomi.personnel.models import Agreement, Commitment, CommitmentTemplate
from baomi.personnel.selectors import (
    allowance_people,
    allowance_report,
    file_person,
    key_post_reviews,
    manages_people,
    templates_for,
)
from baomi.personnel.services.commitments import template_current, template_publish
from baomi.personnel.services.records import (
    agreement_record,
    review_record,
    sanction_record,
)
from baomi.personnel.views._common import act, form_error
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import Model

    from baomi.people.models import Person


def _office(request: PersonRequest) -> Person:
    """The signed-in member of the secrecy office; anyone else gets 404 (R-ACC-4)."""
    me = request.person
    if not manages_people(me):
        raise NotVisible
    return me


@person_page
def templates_page(request: PersonRequest) -> HttpResponse:
    """Versions of the commitment text; a new version asks everyone for a renewal."""
    me = request.person
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if not form.is_valid():
            return form_error(request, form, "personnel:templates")
        published: list[CommitmentTemplate] = []

        def publish() -> None:
            published.append(template_publish(actor=me, clauses=form.clause_list(),
                                               extra_clauses=form.extra()))

        response = act(request, publish, ok=_("新版本已发布"), back="personnel:templates")
        if published:
            renewals = published[0].commitments.filter(reason=Commitment.Reason.RENEWAL).count()
            messages.info(request, _("%(n)d 人须续签保密承诺书") % {"n": renewals})
        return response
    _office(request)
    current = template_current()
    initial = {"clauses": "\n".join(current.clauses),
               **{f"extra_{code}": "\n".join(items)
                  for code, items in current.extra_clauses.items()}}
    return render(request, "personnel/templates.html", {
        "current": current, "rows": templates_for(viewer=me),
        "form": TemplateForm(initial=initial)})


@person_page
@require_POST
def record_action(request: PersonRequest, pk: int, action: str) -> HttpResponse:
    """Agreement, trust rating, reward or penalty on a person's file (the secrecy office)."""
    me = request.person
    subject = file_person(viewer=me, pk=pk)
    call: Callable[[], Model]
    if action == "agreement":
        agreement = AgreementForm(request.POST, prefix="agreement")
        if not agreement.is_valid():
            return form_error(request, agreement, "personnel:file", pk=pk)
        signed = agreement.cleaned_data["status"] == Agreement.Status.SIGNED
        number = agreement.cleaned_data["number"]
        call, ok = (lambda: agreement_record(actor=me, person=subject, signed=signed,
                                             number=number)), _("协议签订情况已登记")
    elif action == "review":
        review = ReviewForm(request.POST, prefix="review")
        if not review.is_valid():
            return form_error(request, review, "personnel:file", pk=pk)
        data, inputs = review.cleaned_data, review.inputs()
        call, ok = (lambda: review_record(actor=me, person=subject, rating=data["rating"],
                                          inputs=inputs, note=data["note"],
                                          on=data["reviewed_on"])), _("信用评级已登记")
    elif action == "sanction":
        sanction = SanctionForm(request.POST, prefix="sanction")
        if not sanction.is_valid():
            return form_error(request, sanction, "personnel:file", pk=pk)
        data = sanction.cleaned_data
        call, ok = (lambda: sanction_record(actor=me, person=subject, kind=data["kind"],
                                            reason=data["reason"],
                                            amount=data["amount"] or 0)), _("奖惩已登记")
    else:
        raise NotVisible
    create = call
    return act(request, lambda: create_once(actor=me, key=form_key(request),
                                            scope=f"record.{action}", create=create),
               ok=ok, back="personnel:file", pk=pk)


@person_page
def reviews_page(request: PersonRequest) -> HttpResponse:
    """People in key posts and their periodic review (R-PPL-6)."""
    me = _office(request)
    settings = get_policy().personnel
    return render(request, "personnel/reviews.html", {
        "rows": key_post_reviews(viewer=me), "interval": settings.review_interval_days})


@person_page
def allowance_page(request: PersonRequest) -> HttpResponse:
    """Allowance by clearance level (篇十 机制四, R-PPL-6), also as xlsx."""
    me = _office(request)
    people = allowance_people(viewer=me)
    if request.GET.get("format") == "xlsx":
        rows = [[r["person"].staff_no, r["person"].name, r["person"].unit.name, r["label"],
                 f"{r['percent']}%"] for r in people]
        data = xlsx_bytes(title=_("保密津贴(按涉密等级)"),
                          headers=[_("工号"), _("姓名"), _("部门"), _("涉密等级"), _("津贴比例")],
                          rows=rows)
        response = HttpResponse(data, content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="allowance-{timezone.localdate():%Y%m%d}.xlsx"')
        return response
    return render(request, "personnel/allowance.html", {
        "summary": allowance_report(viewer=me), "people": people})
