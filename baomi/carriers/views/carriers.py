"""Carrier pages: ledger, detail, draft, confirm / return, resubmit.

Reads go through the selectors scoped to the viewer, writes through the services; the
services decide and audit (rules of the house 1–3). A carrier the viewer may not see is
"not found" (NotVisible → 404) and nothing on the page hints that it exists (R-ACC-1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from baomi.audit.labels import action_label
from baomi.audit.selectors import events_for_target
from baomi.carriers.forms import (
    CarrierConfirmForm,
    CarrierDraftForm,
    CarrierFilterForm,
    CarrierResubmitForm,
    CarrierReturnForm,
)
from baomi.carriers.models import Carrier
from baomi.carriers.selectors import carrier_copies, carrier_page, carrier_scope_people
from baomi.carriers.services import (
    carrier_confirm,
    carrier_draft,
    carrier_for_action,
    carrier_resubmit,
    carrier_return,
    carrier_view,
    carrier_withdraw,
)
from baomi.core.errors import ApplicationError
from baomi.core.once import announce_created, create_once, form_key
from baomi.core.views import is_fragment
from baomi.people.web import PersonRequest, person_page
from baomi.policy.classification import mark_for
from baomi.policy.labels import level_label, policy_label, rank_label

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from baomi.people.models import Person

#: audit history rows shown on the detail page (newest first)
HISTORY_ROWS = 50


CHANNEL_LABELS = {
    "web": gettext_lazy("网页"),
    "api": "API",
    "cli": gettext_lazy("命令行"),
    "job": gettext_lazy("定时任务"),
}

DETAIL_LABELS = {
    "number": gettext_lazy("编号"),
    "level": gettext_lazy("密级"),
    "proposed_level": gettext_lazy("拟定密级"),
    "kind": gettext_lazy("类型"),
    "term_years": gettext_lazy("保密期限(年)"),
    "scope_rank": gettext_lazy("知悉范围"),
    "copies": gettext_lazy("份数"),
    "confirmer": gettext_lazy("定密人工号"),
    "note": gettext_lazy("退回意见"),
    "reason": gettext_lazy("原因"),
    "rule_detail": gettext_lazy("规则"),
    "sight": gettext_lazy("可见范围"),
}

#: what a read saw (decision 0006): only metadata reads record it
SIGHT_LABELS = {"metadata": gettext_lazy("仅元数据(R-ACC-4)"), "full": gettext_lazy("全部")}


def _detail_pairs(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """An audit event's detail in words: labels for keys, levels and ranks."""
    pairs = []
    for key, value in detail.items():
        text = "—" if value is None else str(value)
        if key in ("level", "proposed_level"):
            text = level_label(text)
        elif key == "scope_rank":
            text = rank_label(text)
        elif key == "sight":
            text = str(SIGHT_LABELS.get(text, text))
        elif key == "kind" and text in Carrier.Kind.values:
            text = str(Carrier.Kind(text).label)
        pairs.append((str(DETAIL_LABELS.get(key, key)), text))
    return pairs


def _status_changed(request: HttpRequest, error: ApplicationError, pk: int) -> HttpResponse:
    """A second submit after the status already moved on: say so, show the carrier."""
    status = "、".join(error.fields.get("status", []))
    messages.warning(request, f"{error.message}({status})" if status else error.message)
    return redirect("carriers:detail", pk=pk)


# --- ledger and detail ----------------------------------------------------------------

@person_page
def carrier_list(request: PersonRequest) -> HttpResponse:
    """载体台账: filters (invalid values are shown and ignored), pagination with a total."""
    me = request.person
    form = CarrierFilterForm(request.GET)
    page_obj = carrier_page(viewer=me, filters=form.filters(),
                            page=request.GET.get("page") or 1)
    context = {"form": form, "page_obj": page_obj}
    if is_fragment(request):
        return render(request, "carriers/partials/carrier_table.html", context)
    return render(request, "carriers/list.html", context)


@person_page
def carrier_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """Every R-CLS-4 field, the mark (R-CLS-7), copies and the audit history; for a
    supervisor or auditor not in scope, the metadata only (R-ACC-4, decision 0006)."""
    me = request.person
    carrier = carrier_view(viewer=me, pk=pk, metadata=True)  # audited; NotVisible → 404
    mark = mark_for(carrier.level, controlled=carrier.controlled)
    if carrier.sight != "full":
        return render(request, "carriers/detail_metadata.html", {
            "carrier": carrier, "mark": mark, "copies": carrier_copies(carrier=carrier)})
    history = events_for_target(target_type="carrier", target_id=carrier.pk)
    events = [(event, action_label(event.action),
               CHANNEL_LABELS.get(event.channel, event.channel), _detail_pairs(event.detail))
              for event in history[:HISTORY_ROWS]]
    viewer_id = me.id if me else None
    return render(request, "carriers/detail.html", {
        "carrier": carrier,
        "mark": mark,
        "mark_placement": policy_label("placement", mark.placement),
        "copies": carrier_copies(carrier=carrier),
        "scope_people": carrier_scope_people(carrier=carrier),
        "events": events,
        "events_total": history.count(),
        "can_confirm": carrier.status == Carrier.Status.DRAFT
        and viewer_id == carrier.confirmer_id,
        "can_resubmit": carrier.status == Carrier.Status.RETURNED
        and viewer_id == carrier.drafter_id,
        "can_withdraw": carrier.status in (Carrier.Status.DRAFT, Carrier.Status.RETURNED)
        and viewer_id == carrier.drafter_id,
    })


# --- draft ------------------------------------------------------------------------------

@person_page
@require_http_methods(["GET", "POST"])
def carrier_draft_page(request: PersonRequest) -> HttpResponse:
    """拟制 (R-CLS-2): the service checks every rule; its field messages land on the form."""
    me = request.person
    if request.method == "POST":
        form = CarrierDraftForm(request.POST, me=me)
        if form.is_valid():
            try:
                made = create_once(actor=me, key=form_key(request), scope="carrier.draft",
                                   create=lambda: carrier_draft(actor=me,
                                                                **form.service_kwargs()))
            except ApplicationError as exc:
                form.show_errors(exc)
            else:
                carrier = made.record
                announce_created(request, made, _("已拟制 %(number)s,等待 %(name)s 定密确认。") % {
                    "number": carrier.number, "name": carrier.confirmer.name
                    if carrier.confirmer else ""})
                return redirect("carriers:detail", pk=carrier.pk)
        return render(request, "carriers/draft.html", {"form": form})
    get = request.GET
    form = CarrierDraftForm(me=me, kind=get.get("kind", ""), level=get.get("level", ""),
                            confirmer=get.get("confirmer", ""))
    if is_fragment(request):
        return render(request, "carriers/partials/draft_classification.html", {"form": form})
    return render(request, "carriers/draft.html", {"form": form})


# --- confirm and return (the named confirmer) -----------------------------------------

def _confirm_page(request: HttpRequest, carrier: Carrier, *, form: CarrierConfirmForm,
                  return_form: CarrierReturnForm) -> HttpResponse:
    return render(request, "carriers/confirm.html", {
        "carrier": carrier, "form": form, "return_form": return_form,
        "scope_people": carrier_scope_people(carrier=carrier),
        "mark": mark_for(form.level_value, controlled=carrier.controlled),
    })


def _not_for_confirm(request: HttpRequest, carrier: Carrier, me: Person) -> HttpResponse | None:
    """A GET of the confirm page by someone it is not for: explain and show the carrier."""
    if carrier.status != Carrier.Status.DRAFT:
        messages.info(request, _("该载体当前为“%(status)s”,无需定密确认。")
                      % {"status": carrier.get_status_display()})
        return redirect("carriers:detail", pk=carrier.pk)
    if carrier.confirmer_id != me.id:
        messages.warning(request, _("R-CLS-2:只有指定的定密人可以确认或退回此草稿。"))
        return redirect("carriers:detail", pk=carrier.pk)
    return None


@person_page
@require_http_methods(["GET", "POST"])
def carrier_confirm_page(request: PersonRequest, pk: int) -> HttpResponse:
    """定密确认 (R-CLS-3). A level beyond the confirmer's authority is refused with 403."""
    me = request.person
    if request.method == "POST":
        carrier = carrier_for_action(viewer=me, pk=pk)
        form = CarrierConfirmForm(request.POST, carrier=carrier)
        if form.is_valid():
            try:
                confirmed = carrier_confirm(actor=me, carrier=carrier, **form.service_kwargs())
            except ApplicationError as exc:
                if "status" in exc.fields:
                    return _status_changed(request, exc, carrier.pk)
                form.show_errors(exc)
            else:
                messages.success(request, _("已定密:%(number)s,生成 %(n)s 份。") % {
                    "number": confirmed.number, "n": confirmed.copies_planned})
                return redirect("carriers:detail", pk=confirmed.pk)
        return _confirm_page(request, carrier, form=form, return_form=CarrierReturnForm())
    if is_fragment(request):
        carrier = carrier_for_action(viewer=me, pk=pk)
        form = CarrierConfirmForm(carrier=carrier, level=request.GET.get("level", ""))
        return render(request, "carriers/partials/confirm_fields.html", {"form": form})
    carrier = carrier_view(viewer=me, pk=pk)  # the confirmer reads the draft: audited
    refused = _not_for_confirm(request, carrier, me)
    if refused is not None:
        return refused
    return _confirm_page(request, carrier, form=CarrierConfirmForm(carrier=carrier),
                         return_form=CarrierReturnForm())


@person_page
@require_POST
def carrier_return_page(request: PersonRequest, pk: int) -> HttpResponse:
    """退回修改: the confirmer sends the draft back with a note."""
    me = request.person
    carrier = carrier_for_action(viewer=me, pk=pk)
    return_form = CarrierReturnForm(request.POST)
    note = return_form.cleaned_data.get("note", "") if return_form.is_valid() else ""
    try:
        carrier_return(actor=me, carrier=carrier, note=note)
    except ApplicationError as exc:
        if "status" in exc.fields:
            return _status_changed(request, exc, carrier.pk)
        return_form.show_errors(exc)
        return _confirm_page(request, carrier, form=CarrierConfirmForm(carrier=carrier),
                             return_form=return_form)
    messages.success(request, _("已退回 %(number)s 给拟制人。") % {"number": carrier.number})
    return redirect("carriers:detail", pk=carrier.pk)


# --- resubmit (the drafter of a returned draft) ---------------------------------------

@person_page
@require_http_methods(["GET", "POST"])
def carrier_resubmit_page(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    if request.method == "POST":
        carrier = carrier_for_action(viewer=me, pk=pk)
        form = CarrierResubmitForm(request.POST, carrier=carrier, me=me)
        if form.is_valid():
            try:
                carrier_resubmit(actor=me, carrier=carrier, **form.service_kwargs())
            except ApplicationError as exc:
                if "status" in exc.fields:
                    return _status_changed(request, exc, carrier.pk)
                form.show_errors(exc)
            else:
                messages.success(request, _("已重新提交 %(number)s,等待定密确认。")
                                 % {"number": carrier.number})
                return redirect("carriers:detail", pk=carrier.pk)
        return render(request, "carriers/resubmit.html", {"carrier": carrier, "form": form})
    if is_fragment(request):
        carrier = carrier_for_action(viewer=me, pk=pk)
        form = CarrierResubmitForm(carrier=carrier, me=me, level=request.GET.get("level", ""))
        return render(request, "carriers/partials/resubmit_fields.html", {"form": form})
    carrier = carrier_view(viewer=me, pk=pk)
    if carrier.status != Carrier.Status.RETURNED or carrier.drafter_id != me.id:
        messages.info(request, _("只有被退回的草稿可由其拟制人修改后重新提交。"))
        return redirect("carriers:detail", pk=carrier.pk)
    return render(request, "carriers/resubmit.html", {
        "carrier": carrier, "form": CarrierResubmitForm(carrier=carrier, me=me)})


# --- withdraw (the drafter) -------------------------------------------------------------

@person_page
@require_http_methods(["POST"])
def carrier_withdraw_page(request: PersonRequest, pk: int) -> HttpResponse:
    """作废 (R-CLS-2): the drafter withdraws an unconfirmed draft; refusals are 403."""
    me = request.person
    carrier = carrier_for_action(viewer=me, pk=pk)
    try:
        carrier_withdraw(actor=me, carrier=carrier, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        details = "；".join(m for msgs in exc.fields.values() for m in msgs)
        messages.error(request, f"{exc.message}({details})" if details else exc.message)
    else:
        messages.success(request, _("已作废 %(number)s。") % {"number": carrier.number})
    return redirect("carriers:detail", pk=carrier.pk)
