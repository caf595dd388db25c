"""Agent pages of the customers app: agents and agencies, mis-selling complaints and the
re-checks they trigger (R-CUS-4). Views parse input, call selectors and services, render."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baomi.core.errors import ApplicationError
from baomi.core.views import no_person, object_pk, page
from baomi.customers import forms as f
from baomi.customers import selectors as sel
from baomi.customers.models import Complaint, Recheck, RecheckEntry
from baomi.customers.services.checks import (
    complaint_record,
    complaint_verify,
    recheck_entry_record,
    verified_count,
)
from baomi.customers.services.registry import agency_create, agent_create
from baomi.people.selectors import person_for
from baomi.policy.customers import may_oversee_list, may_work_with_customers
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from baomi.people.models import Person


def _me(request: HttpRequest) -> Person | None:
    return person_for(request.user)


def _agency_choices(me: Person) -> list[tuple[str, str]]:
    return [(str(a.pk), str(a)) for a in sel.agency_list(viewer=me)]


@page
@require_http_methods(["GET", "POST"])
def agents_page(request: HttpRequest) -> HttpResponse:
    """Agents and agencies; overseers register new ones (agent_create, agency_create)."""
    me = _me(request)
    if me is None:
        return no_person(request)
    term = request.GET.get("q", "")[:40]
    page_obj = sel.agent_page(viewer=me, term=term, page=request.GET.get("page") or 1)
    choices = _agency_choices(me)
    agent_form = f.AgentForm(agencies=choices, prefix="agent")
    agency_form = f.AgencyForm(prefix="agency")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "agent":
            agent_form = f.AgentForm(request.POST, agencies=choices, prefix="agent")
            if agent_form.is_valid():
                data = agent_form.cleaned_data
                agency = sel.agencies().filter(pk=data["agency"]).first() \
                    if data["agency"] else None
                try:
                    agent = agent_create(actor=me, code=data["code"], name=data["name"],
                                         kind=data["kind"], agency=agency)
                except ApplicationError as exc:
                    f.apply_errors(agent_form, exc.fields or {"__all__": [exc.message]})
                else:
                    messages.success(request, _("代理人 %(a)s 已登记。") % {"a": agent})
                    return redirect("customers:agents")
        elif action == "agency":
            agency_form = f.AgencyForm(request.POST, prefix="agency")
            if agency_form.is_valid():
                try:
                    created = agency_create(actor=me, **agency_form.cleaned_data)
                except ApplicationError as exc:
                    f.apply_errors(agency_form, exc.fields or {"__all__": [exc.message]})
                else:
                    messages.success(request, _("代理机构 %(a)s 已登记。") % {"a": created})
                    return redirect("customers:agents")
        else:
            messages.error(request, _("未知的操作。"))
    bad = bool(agent_form.errors or agency_form.errors)
    return render(request, "customers/agents.html", {
        "page_obj": page_obj, "q": term, "agencies": sel.agency_list(viewer=me),
        "agent_form": agent_form, "agency_form": agency_form,
        "can_register": bool(may_oversee_list(me))}, status=400 if bad else 200)


@page
@require_http_methods(["GET", "POST"])
def complaints_page(request: HttpRequest) -> HttpResponse:
    """Complaints of mis-selling: the list, and recording a new one (R-CUS-4)."""
    me = _me(request)
    if me is None:
        return no_person(request)
    status = request.GET.get("status", "")
    if status not in ("", *Complaint.Status.values):
        status = ""
    qs = sel.complaints(viewer=me)
    if status:
        qs = qs.filter(status=status)
    agent_code = request.GET.get("agent", "")[:30]
    if agent_code:
        qs = qs.filter(agent__code=agent_code)
    form = f.ComplaintForm(request.POST or None,
                           initial={"received_on": timezone.localdate(), "agent_code": agent_code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agent = sel.agent_by_code(data["agent_code"].strip())
        policy = None
        if agent is None:
            form.add_error("agent_code", _("没有这个代理人工号"))
        if data["policy_number"].strip():
            policy = sel.policy_by_number(data["policy_number"])
            if policy is None:
                form.add_error("policy_number", _("没有这个保单号"))
        if agent is not None and not form.errors:
            try:
                complaint = complaint_record(actor=me, agent=agent,
                                             received_on=data["received_on"],
                                             summary=data["summary"], policy=policy)
            except ApplicationError as exc:
                f.apply_errors(form, exc.fields)
            else:
                messages.success(request, _("投诉已登记,待核实。"))
                return redirect("customers:complaint", pk=complaint.pk)
    page_obj = Paginator(qs, sel.PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(request, "customers/complaints.html", {
        "page_obj": page_obj, "status": status, "agent_code": agent_code, "form": form,
        "statuses": Complaint.Status.choices}, status=400 if form.errors else 200)


@page
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One complaint; overseers verify it. The threshold-th verified complaint within the
    window opens a re-check of all the agent's customers (R-CUS-4, the service decides)."""
    me = _me(request)
    if me is None:
        return no_person(request)
    complaint = sel.complaint_get(viewer=me, pk=object_pk(pk))
    if complaint is None:
        raise Http404
    form = f.VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _done, recheck = complaint_verify(
                actor=me, complaint=complaint, mis_selling=form.cleaned_data["mis_selling"] == "yes",
                findings=form.cleaned_data["findings"])
        except ApplicationError as exc:
            f.apply_errors(form, exc.fields)
        else:
            if recheck is not None:
                messages.warning(request, _("该代理人一年内经查实的投诉已达 %(n)d 次,已对其全部"
                                            "保单客户启动重新核查。") % {"n": get_policy().customers.complaint_threshold})
                return redirect("customers:recheck", pk=recheck.pk)
            messages.success(request, _("核实结论已记录。"))
            return redirect("customers:complaint", pk=complaint.pk)
    settings = get_policy().customers
    return render(request, "customers/complaint_detail.html", {
        "complaint": complaint, "form": form,
        "verified": verified_count(complaint.agent, on=complaint.received_on),
        "threshold": settings.complaint_threshold, "window": settings.complaint_window_days,
        "open_recheck": complaint.agent.rechecks.filter(status=Recheck.Status.OPEN).first(),
        "can_verify": bool(may_oversee_list(me))}, status=400 if form.errors else 200)


@page
def rechecks_page(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return no_person(request)
    status = request.GET.get("status", "")
    if status not in ("", *Recheck.Status.values):
        status = ""
    qs = sel.rechecks(viewer=me)
    if status:
        qs = qs.filter(status=status)
    page_obj = Paginator(qs, sel.PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(request, "customers/rechecks.html", {"page_obj": page_obj, "status": status})


@page
def recheck_detail(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    if me is None:
        return no_person(request)
    recheck = sel.recheck_get(viewer=me, pk=object_pk(pk))
    if recheck is None:
        raise Http404
    result = request.GET.get("result", "")
    if result not in ("", *RecheckEntry.Result.values):
        result = ""
    entries = sel.recheck_entries(recheck)
    if result:
        entries = entries.filter(result=result)
    page_obj = Paginator(entries, sel.PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(request, "customers/recheck_detail.html", {
        "recheck": recheck, "page_obj": page_obj, "result": result,
        "complaints": sel.complaints(viewer=me).filter(agent=recheck.agent,
                                                       status=Complaint.Status.VERIFIED),
        "can_record": bool(may_work_with_customers(me))})


@page
@require_POST
def recheck_entry(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """Record one entry as 资料属实 / 资料不实; the re-check is done when none is pending."""
    me = _me(request)
    if me is None:
        return no_person(request)
    recheck = sel.recheck_get(viewer=me, pk=object_pk(pk))
    if recheck is None:
        raise Http404
    found = sel.recheck_entry_get(viewer=me, recheck=recheck, pk=object_pk(entry))
    if found is None:
        raise Http404
    form = f.EntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择核查结果。"))
    else:
        try:
            recheck_entry_record(actor=me, entry=found, result=form.cleaned_data["result"],
                                 note=form.cleaned_data["note"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            recheck.refresh_from_db(fields=["status"])
            if recheck.status == Recheck.Status.DONE:
                messages.success(request, _("全部客户已核查,重新核查已完成。"))
            else:
                messages.success(request, _("已记录:%(c)s。") % {"c": found.customer.name})
    back = request.POST.get("next", "")
    suffix = back if re.fullmatch(r"\?[\w=&]{0,60}", back) else ""
    return redirect(reverse("customers:recheck", args=[recheck.pk]) + suffix)
