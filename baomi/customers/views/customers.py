"""Customer pages: customers, registration, import results, suspicious list, calendar,
verified queries. Views parse input, call selectors and services, and render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.core.once import announce_created, create_once, form_key
from baomi.core.views import object_pk
from baomi.customers import forms as f
from baomi.customers import selectors as sel
from baomi.customers.importing import open_import
from baomi.customers.models import SuspiciousItem
from baomi.customers.services.calendar import (
    calendar_day_remove,
    calendar_day_set,
    calendar_seed,
    calendar_year_confirm,
    missing_year_warning,
    package_years,
)
from baomi.customers.services.checks import policy_query
from baomi.customers.services.registry import policies_import, policy_register
from baomi.customers.services.scan import (
    EvidenceFile,
    evidence_read,
    item_assign,
    item_close,
)
from baomi.customers.views.correct import detail_context
from baomi.people.selectors import person_by_staff_no, person_by_username
from baomi.people.web import PersonRequest, person_page
from baomi.policy.customers import (
    may_correct_customer,
    may_keep_calendar,
    may_oversee_list,
)


@person_page
def customer_list(request: PersonRequest) -> HttpResponse:
    me = request.person
    term = request.GET.get("q", "")[:60]
    page_obj = sel.customer_page(viewer=me, term=term, page=request.GET.get("page") or 1)
    return render(request, "customers/list.html", {"page_obj": page_obj, "q": term})


@person_page
def customer_detail(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    customer = sel.customer_get(viewer=me, pk=object_pk(pk))
    if customer is None:
        raise Http404
    return render(request, "customers/detail.html", detail_context(
        me, customer, item=request.GET.get("item", "")[:20]))


@person_page
@require_http_methods(["GET", "POST"])
def register_page(request: PersonRequest) -> HttpResponse:
    me = request.person
    form = f.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = create_once(actor=me, key=form_key(request), scope="policy.register",
                               create=lambda: policy_register(actor=me, data=form.cleaned_data))
        except ApplicationError as exc:
            form.apply_errors(exc.fields)
        else:
            policy = made.record
            announce_created(request, made, _("保单 %(n)s 已登记。") % {"n": policy.number})
            return redirect("customers:detail", pk=policy.policyholder_id)
    else:
        sel.customer_page(viewer=me)  # the same gate as the list (R-CUS-5)
    return render(request, "customers/register.html", {"form": form},
                  status=400 if form.errors else 200)


@person_page
@require_http_methods(["GET", "POST"])
def import_page(request: PersonRequest) -> HttpResponse:
    me = request.person
    form = f.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source = open_import(upload.name, upload.read())
            result = policies_import(actor=me, rows=source.rows)
        except ApplicationError as exc:
            for messages_ in exc.fields.values():
                for message in messages_:
                    form.add_error("file", message)
    else:
        sel.customer_page(viewer=me)
    return render(request, "customers/import.html", {"form": form, "result": result},
                  status=400 if form.errors else 200)


@person_page
def suspicious_list(request: PersonRequest) -> HttpResponse:
    me = request.person
    status = request.GET.get("status", "OPEN")
    if status not in ("", *SuspiciousItem.Status.values):
        status = "OPEN"
    items = sel.suspicious_items(viewer=me, status=status, mine=request.GET.get("mine") == "1",
                                 overdue=request.GET.get("overdue") == "1")
    from django.core.paginator import Paginator

    page_obj = Paginator(items, sel.PAGE_SIZE).get_page(request.GET.get("page") or 1)
    today = timezone.localdate()
    return render(request, "customers/suspicious_list.html", {
        "page_obj": page_obj, "status": status, "today": today, "last_scan": sel.last_scan(),
        "calendar_warning": missing_year_warning(sel.calendar_gaps(today)),
        "quarter": f"{today.year}Q{(today.month - 1) // 3 + 1}",
        "can_report": bool(may_oversee_list(me))})


@person_page
@require_http_methods(["GET", "POST"])
def suspicious_detail(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    item = sel.suspicious_get(viewer=me, pk=object_pk(pk))
    if item is None:
        raise Http404
    close_form = f.CloseForm(request.POST or None, request.FILES or None)
    assign_form = f.AssignForm()
    if request.method == "POST" and close_form.is_valid():
        data = close_form.cleaned_data
        agent = None
        if data["responsible_agent"]:
            agent = sel.agent_by_code(data["responsible_agent"].strip())
            if agent is None:
                close_form.add_error("responsible_agent", _("没有这个代理人工号"))
        if not close_form.errors:
            files = [EvidenceFile(u.name, u.read(), u.content_type or "")
                     for u in data["evidence"]]
            try:
                item_close(actor=me, item=item, outcome=data["outcome"],
                           findings=data["findings"], evidence=files, responsible_agent=agent)
            except ApplicationError as exc:
                for name, msgs in exc.fields.items():
                    for message in msgs:
                        close_form.add_error(name if name in close_form.fields else None,
                                             message)
            else:
                messages.success(request, _("可疑件已办结。"))
                return redirect("customers:suspicious_detail", pk=item.pk)
    return render(request, "customers/suspicious_detail.html", {
        "item": item, "involved": sel.item_involved(item), "agents": sel.item_agents(item),
        "evidence": item.evidence.all(), "close_form": close_form, "assign_form": assign_form,
        "today": timezone.localdate(), "can_assign": bool(may_oversee_list(me)),
        "can_correct": bool(may_correct_customer(me, investigating=(
            item.status == SuspiciousItem.Status.OPEN and item.assignee_id == me.pk)))},
        status=400 if close_form.errors else 200)


@person_page
@require_POST
def suspicious_assign(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    item = sel.suspicious_get(viewer=me, pk=object_pk(pk))
    if item is None:
        raise Http404
    form = f.AssignForm(request.POST)
    ident = form.data.get("assignee", "").strip()
    person = person_by_username(ident) or person_by_staff_no(ident) if ident else None
    if person is None:
        messages.error(request, _("没有这个人员:%(p)s") % {"p": ident})
    else:
        try:
            item_assign(actor=me, item=item, assignee=person)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已分派给 %(p)s。") % {"p": person.name})
    return redirect("customers:suspicious_detail", pk=item.pk)


@person_page
def evidence_download(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    evidence = sel.evidence_get(viewer=me, pk=object_pk(pk))
    if evidence is None:
        raise Http404
    data = evidence_read(actor=me, evidence=evidence)
    response = HttpResponse(data, content_type="application/octet-stream")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(evidence.name)}"
    return response


@person_page
def report_download(request: PersonRequest) -> HttpResponse:
    from baomi.customers.reports import quarterly_report

    me = request.person
    quarter = request.GET.get("quarter", "")[:8]
    data, _lines = quarterly_report(actor=me, quarter=quarter)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="false-data-{quarter}.xlsx"'
    return response


@person_page
@require_http_methods(["GET", "POST"])
def calendar_page(request: PersonRequest) -> HttpResponse:
    me = request.person
    sel.customer_page(viewer=me)  # module gate
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2200)
    day_form, year_form = f.CalendarDayForm(), f.YearConfirmForm(initial={"year": year})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "day":
                day_form = f.CalendarDayForm(request.POST)
                if day_form.is_valid():
                    calendar_day_set(actor=me, **day_form.cleaned_data)
                    messages.success(request, _("已保存。"))
                    return redirect(f"{request.path}?year={day_form.cleaned_data['day'].year}")
            elif action == "remove":
                day = datetime.date.fromisoformat(request.POST.get("day", ""))
                calendar_day_remove(actor=me, day=day)
                return redirect(f"{request.path}?year={day.year}")
            elif action == "confirm":
                year_form = f.YearConfirmForm(request.POST)
                if year_form.is_valid():
                    calendar_year_confirm(actor=me, **year_form.cleaned_data)
                    messages.success(request, _("该年度的工作日历已确认。"))
                    return redirect(f"{request.path}?year={year_form.cleaned_data['year']}")
            elif action == "seed":
                added = calendar_seed(actor=me)
                messages.success(request, _("已导入 %(n)d 个年度。") % {"n": added})
                return redirect(request.path)
        except ValueError:
            messages.error(request, _("日期格式有误。"))
        except ApplicationError as exc:
            for msgs in exc.fields.values():
                for message in msgs:
                    messages.error(request, message)
    years = {y.year: y for y in sel.calendar_years()}
    return render(request, "customers/calendar.html", {
        "year": year, "days": sel.calendar_days(year), "entry": years.get(year),
        "years": sorted(years.values(), key=lambda y: -y.year)[:12],
        "warning": missing_year_warning([year] if year not in years else []),
        "gaps_warning": missing_year_warning(sel.calendar_gaps(today)),
        "package_last": max(package_years()), "day_form": day_form, "year_form": year_form,
        "can_edit": bool(may_keep_calendar(me)), "prev": year - 1, "next": year + 1},
        status=400 if (day_form.errors or year_form.errors) else 200)


@person_page
@require_http_methods(["GET", "POST"])
def query_page(request: PersonRequest) -> HttpResponse:
    me = request.person
    form = f.QueryForm(request.POST or None)
    answer: Any = None
    denial: PolicyDenied | None = None
    if request.method == "POST" and form.is_valid():
        try:
            answer = policy_query(actor=me, **form.cleaned_data)
        except PolicyDenied as exc:
            if exc.rule != "R-CUS-5" or not exc.reason.startswith("查询人"):
                raise
            denial = exc
        except ApplicationError as exc:
            for name, msgs in exc.fields.items():
                for message in msgs:
                    form.add_error(name if name in form.fields else None, message)
    log = sel.query_log(viewer=me)[:20]
    return render(request, "customers/query.html", {
        "form": form, "answer": answer, "denial": denial, "log": log},
        status=400 if form.errors else (403 if denial else 200))
