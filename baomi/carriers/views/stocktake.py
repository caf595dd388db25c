"""Stock-take (清点) pages: list and start, the check sheet, the filed report (page + PDF).

Reads through `baomi.carriers.stocktake` selectors (scoped, metadata only, R-ACC-4),
writes through its services; a missing copy is reported lost (R-DOC-7) through the
approvals' loss service, registered into baomi.carriers.loss (carriers never imports
approvals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.carriers import stocktake as st
from baomi.carriers.loss import stocktake_loss_report
from baomi.carriers.models import StockTake, StockTakeItem
from baomi.core.errors import ApplicationError
from baomi.core.exports import register_pdf
from baomi.core.once import announce_created, create_once, form_key
from baomi.core.params import int_or_none, int_param
from baomi.people.selectors import unit_by_id
from baomi.people.web import PersonRequest, person_page
from baomi.policy.classification import highest_mark
from baomi.policy.labels import level_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpRequest


Result = StockTakeItem.Result


def _error(request: HttpRequest, error: ApplicationError) -> None:
    details = "；".join(m for ms in error.fields.values() for m in ms)
    messages.error(request, f"{error.message}({details})" if details else error.message)


@person_page
def stocktake_list(request: PersonRequest) -> HttpResponse:
    me = request.person
    units = st.stocktake_departments(viewer=me)
    if request.method == "POST":
        unit_id = int_or_none(request.POST.get("department"))
        unit = unit_by_id(unit_id) if unit_id else None
        if unit is None:
            messages.error(request, _("请选择部门"))
        else:
            try:
                once = create_once(actor=me, key=form_key(request), scope="stocktake.start",
                                   create=lambda: st.stocktake_start(actor=me, department=unit))
            except ApplicationError as exc:
                _error(request, exc)
            else:
                made = once.record
                announce_created(request, once, _("已开始清点,应在 %(n)s 份")
                                 % {"n": made.expected})
                return redirect("carriers:stocktake", sid=made.pk)
        return redirect("carriers:stocktakes")
    items = list(st.stocktakes_for(viewer=me)[:200])
    return render(request, "carriers/stocktake_list.html", {"items": items, "units": units})


@person_page
def stocktake_detail(request: PersonRequest, sid: int) -> HttpResponse:
    me = request.person
    stocktake = st.stocktake_get(viewer=me, pk=sid)  # NotVisible → 404
    result = request.GET.get("result", "")
    items = list(st.stocktake_items(stocktake=stocktake, result=result))
    counts = st.stocktake_counts(stocktake=stocktake)
    is_open = stocktake.status == StockTake.Status.OPEN
    return render(request, "carriers/stocktake_detail.html", {
        "st": stocktake, "items": items, "counts": counts, "result": result,
        "results": Result.choices, "is_open": is_open,
        "may_check": st.stocktake_may_check(viewer=me, stocktake=stocktake),
        "total": sum(counts.values()),
    })


@person_page
@require_POST
def stocktake_mark(request: PersonRequest, sid: int) -> HttpResponse:
    me = request.person
    stocktake = st.stocktake_get(viewer=me, pk=sid)
    results: dict[int, str] = {}
    notes: dict[int, str] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("r-") and (pk := int_or_none(key[2:])) is not None and value:
            results[pk] = value
            notes[pk] = request.POST.get(f"n-{pk}", "")
    if request.POST.get("all_found") == "1":
        results = {i.pk: Result.FOUND for i in st.stocktake_items(
            stocktake=stocktake, result=Result.PENDING)}
        notes = {}
    try:
        n = st.stocktake_mark(actor=me, stocktake=stocktake, results=results, notes=notes)
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已保存 %(n)s 项清点结果") % {"n": n})
    return redirect("carriers:stocktake", sid=sid)


@person_page
@require_POST
def stocktake_unexpected(request: PersonRequest, sid: int) -> HttpResponse:
    me = request.person
    stocktake = st.stocktake_get(viewer=me, pk=sid)
    try:
        st.stocktake_add_unexpected(actor=me, stocktake=stocktake,
                                    carrier_number=request.POST.get("carrier_number", ""),
                                    copy_no=int_param(request.POST, "copy_no"),
                                    note=request.POST.get("note", ""))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.warning(request, _("已登记账外载体"))
    return redirect("carriers:stocktake", sid=sid)


@person_page
@require_POST
def stocktake_close(request: PersonRequest, sid: int) -> HttpResponse:
    me = request.person
    stocktake = st.stocktake_get(viewer=me, pk=sid)
    try:
        st.stocktake_close(actor=me, stocktake=stocktake, note=request.POST.get("note", ""))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("清点已完成,报告已归档"))
    return redirect("carriers:stocktake", sid=sid)


@person_page
@require_POST
def stocktake_loss(request: PersonRequest, item_id: int) -> HttpResponse:
    """R-DOC-7: report a missing copy lost (incident, leaders alerted)."""
    me = request.person
    item = st.stocktake_item_get(viewer=me, pk=item_id)
    try:
        made = create_once(actor=me, key=form_key(request), scope="incident.loss",
                           create=lambda: stocktake_loss_report(
                               actor=me, item=item, note=request.POST.get("note", "")))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        announce_created(request, made, _("已报告丢失并立案 #%(n)s,领导已收到提醒")
                         % {"n": made.record.pk}, level=messages.WARNING)
    return redirect("carriers:stocktake", sid=item.stocktake_id)


REPORT_HEADERS = ["序号", "编号", "份号", "密级", "保管人", "部门", "清点结果", "核对人",
                  "核对时间", "备注", "丢失报告"]


@person_page
def stocktake_pdf(request: PersonRequest, sid: int) -> HttpResponse:
    """The filed report, printable, marked with the highest level listed (R-CLS-6)."""
    me = request.person
    stocktake = st.stocktake_get(viewer=me, pk=sid)
    items = list(st.stocktake_items(stocktake=stocktake))
    rows = [[n, _escape(i.carrier_number), i.copy_no, level_label(i.level) if i.level else "—",
             i.custodian.name if i.custodian else "", i.custodian.unit.name if i.custodian else "",
             i.get_result_display(), i.checked_by.name if i.checked_by else "",
             f"{timezone.localtime(i.checked_at):%Y-%m-%d %H:%M}" if i.checked_at else "",
             _escape(i.note), i.incident_ref] for n, i in enumerate(items, start=1)]
    counts = st.stocktake_counts(stocktake=stocktake)
    closed = (f"完成 {timezone.localtime(stocktake.closed_at):%Y-%m-%d %H:%M}"
              f"(报告人 {stocktake.closed_by.name})"
              if stocktake.closed_at and stocktake.closed_by else "清点中(未完成)")
    subtitle = (f"{get_policy().organisation['name']} · {stocktake.department.name} · "
                f"清点人 {stocktake.started_by.name} · 开始 "
                f"{timezone.localtime(stocktake.started_at):%Y-%m-%d %H:%M} · {closed}<br/>"
                f"应在 {stocktake.expected} 份:在位 {counts[Result.FOUND]},"
                f"缺失 {counts[Result.MISSING]},未清点 {counts[Result.PENDING]};"
                f"账外 {counts[Result.UNEXPECTED]} 份"
                + (f"<br/>清点结论:{_escape(stocktake.note)}" if stocktake.note else ""))
    pdf = register_pdf(title=f"涉密载体清点报告(#{stocktake.pk})", headers=REPORT_HEADERS,
                       rows=rows, mark=highest_mark([i for i in items if i.level]), subtitle=subtitle)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="stocktake-{stocktake.pk}.pdf"'
    return response


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
