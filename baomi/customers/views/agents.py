"""Agent pages of the customers app: agents and agencies, mis-selling complaints and the
re-checks they trigger (R-CUS-4). Views parse input, call selectors and services, render."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baomi.core.errors import ApplicationError
from baomi.core.once import (
    announce_created,
    create_once,
    form_key,
)
from baomi.core.views import object_pk
from baomi.customers import forms as f
from baomi.customers import selectors as sel
from baomi.customers.models import Agent, Complaint, Recheck, RecheckEntry
from baomi.customers.services.agents import (
    agency_create,
    agency_set_active,
    agency_update,
    agent_create,
    agent_set_active,
    agent_update,
)
from baomi.customers.services.checks import (
    complaint_record,
    complaint_verify,
    recheck_entry_record,
    verified_count,
)
from baomi.people.web import PersonRequest, person_page
from baomi.policy.customers import may_oversee_list, may_work_with_customers
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from baomi.people.models import Person


def _agency_choices(me: Person) -> list[tuple[str, str]]:
    """Agencies an agent may be registered with or moved to: those in use."""
    return [(str(a.pk), str(a)) for a in sel.agency_list(viewer=me, active=True)]


#: the agents page's status filter: all, in use, deactivated
_STATUS = {"active": True, "inactive": False}
_AGENT_ACTIONS = ("agent_edit", "agent_deactivate", "agent_reactivate")
_AGENCY_ACTIONS = ("agency_edit", "agency_deactivate", "agency_reactivate")


def _pk(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


@person_page
@require_http_methods(["GET", "POST"])
def agents_page(request: PersonRequest) -> HttpResponse:
    """Agents and agencies; overseers register new ones (agent_create, agency_create),
    edit them (`?edit_agent=` / `?edit_agency=`) and deactivate or reactivate them."""
    me = request.person
    term = request.GET.get("q", "")[:40]
    status = request.GET.get("status", "")
    if status not in _STATUS:
        status = ""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    page_obj = sel.agent_page(viewer=me, term=term, page=request.GET.get("page") or 1,
                              active=_STATUS.get(status))
    choices = _agency_choices(me)
    agent_form = f.AgentForm(agencies=choices, prefix="agent")
    agency_form = f.AgencyForm(prefix="agency")
    panel = _edit_panel(request, me, action, choices)
    if request.method == "POST":
        if action == "agent":
            agent_form = f.AgentForm(request.POST, agencies=choices, prefix="agent")
            if agent_form.is_valid():
                data = agent_form.cleaned_data
                agency = sel.agencies().filter(pk=data["agency"]).first() \
                    if data["agency"] else None
                try:
                    made = create_once(actor=me, key=form_key(request), scope="agent.create",
                                       create=lambda: agent_create(
                                           actor=me, code=data["code"], name=data["name"],
                                           kind=data["kind"], agency=agency))
                except ApplicationError as exc:
                    f.apply_errors(agent_form, exc.fields or {"__all__": [exc.message]})
                else:
                    announce_created(request, made, _("代理人 %(a)s 已登记。") % {"a": made.record})
                    return redirect("customers:agents")
        elif action == "agency":
            agency_form = f.AgencyForm(request.POST, prefix="agency")
            if agency_form.is_valid():
                try:
                    made_agency = create_once(
                        actor=me, key=form_key(request), scope="agency.create",
                        create=lambda: agency_create(actor=me, **agency_form.cleaned_data))
                except ApplicationError as exc:
                    f.apply_errors(agency_form, exc.fields or {"__all__": [exc.message]})
                else:
                    announce_created(request, made_agency,
                             _("代理机构 %(a)s 已登记。") % {"a": made_agency.record})
                    return redirect("customers:agents")
        elif action in _AGENT_ACTIONS or action in _AGENCY_ACTIONS:
            done = _manage(request, me, action, panel)
            if done is not None:
                return done
        else:
            messages.error(request, _("未知的操作。"))
    bad = bool(agent_form.errors or agency_form.errors) or any(
        panel[key].errors for key in ("edit_form", "deactivate_form", "reactivate_form")
        if key in panel and panel[key].is_bound)
    return render(request, "customers/agents.html", {
        "page_obj": page_obj, "q": term, "status": status,
        "agencies": sel.agency_list(viewer=me, active=_STATUS.get(status)),
        "agent_form": agent_form, "agency_form": agency_form,
        "can_register": bool(may_oversee_list(me)), **panel},
        status=400 if bad else 200)


def _edit_panel(request: HttpRequest, me: Person, action: str,
                choices: list[tuple[str, str]]) -> dict[str, Any]:
    """The agent or agency being edited (the POST's `pk`, else `?edit_agent=` or
    `?edit_agency=`) with its unbound forms; {} when none. A POST naming none is 404."""
    agent = agency = None
    if action in _AGENT_ACTIONS or (not action and "edit_agent" in request.GET):
        pk = _pk(request.POST.get("pk") if action else request.GET.get("edit_agent"))
        agent = sel.agent_get(viewer=me, pk=pk) if pk else None
    elif action in _AGENCY_ACTIONS or (not action and "edit_agency" in request.GET):
        pk = _pk(request.POST.get("pk") if action else request.GET.get("edit_agency"))
        agency = sel.agency_get(viewer=me, pk=pk) if pk else None
    if agent is None and agency is None:
        if action in _AGENT_ACTIONS or action in _AGENCY_ACTIONS:
            raise Http404
        return {}
    panel: dict[str, Any] = {
        "deactivate_form": f.DeactivateForm(prefix="off"),
        "reactivate_form": f.ReactivateForm(prefix="on")}
    if agent is not None:
        edit_choices = list(choices)
        current = agent.agency
        if current is not None and not current.active:  # kept, not offered to others
            edit_choices.append((str(current.pk), f"{current}({_('已停用')})"))
        panel.update({
            "editing": agent, "editing_kind": "agent", "edit_choices": edit_choices,
            "agency_inactive": current is not None and not current.active,
            "edit_form": f.AgentEditForm(
                initial={"name": agent.name, "kind": agent.kind,
                         "agency": str(agent.agency_id or "")},
                agencies=edit_choices, prefix="edit")})
    elif agency is not None:
        panel.update({"editing": agency, "editing_kind": "agency",
                      "edit_form": f.AgencyEditForm(initial={"name": agency.name},
                                                    prefix="edit")})
    return panel


def _manage(request: HttpRequest, me: Person, action: str,
            panel: dict[str, Any]) -> HttpResponse | None:
    """Edit, deactivate or reactivate the panel's agent or agency; a redirect when done,
    None when the bound form (now in the panel) has errors to show."""
    target = panel["editing"]
    verb = action.partition("_")[2]
    form: Any
    if verb == "edit":
        form = (f.AgentEditForm(request.POST, agencies=panel["edit_choices"], prefix="edit")
                if isinstance(target, Agent) else f.AgencyEditForm(request.POST, prefix="edit"))
        panel["edit_form"] = form
    elif verb == "deactivate":
        form = panel["deactivate_form"] = f.DeactivateForm(request.POST, prefix="off")
    else:
        form = panel["reactivate_form"] = f.ReactivateForm(request.POST, prefix="on")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    active = verb == "reactivate"
    try:
        if verb == "edit" and isinstance(target, Agent):
            agency = sel.agencies().filter(pk=data["agency"]).first() \
                if data["agency"] else None
            target = agent_update(actor=me, agent=target, name=data["name"],
                                  kind=data["kind"], agency=agency)
            done = _("代理人 %(a)s 已修改。")
        elif verb == "edit":
            target = agency_update(actor=me, agency=target, name=data["name"])
            done = _("代理机构 %(a)s 已修改。")
        elif isinstance(target, Agent):
            target = agent_set_active(actor=me, agent=target, active=active,
                                      reason=data["reason"])
            done = _("代理人 %(a)s 已重新启用。") if active else _("代理人 %(a)s 已停用。")
        else:
            target = agency_set_active(actor=me, agency=target, active=active,
                                       reason=data["reason"])
            done = (_("代理机构 %(a)s 已重新启用;其代理人需逐一启用。") if active
                    else _("代理机构 %(a)s 及其在用的代理人已停用。"))
    except ApplicationError as exc:
        f.apply_errors(form, exc.fields or {"__all__": [exc.message]})
        return None
    messages.success(request, done % {"a": target})
    return redirect("customers:agents")


@person_page
@require_http_methods(["GET", "POST"])
def complaints_page(request: PersonRequest) -> HttpResponse:
    """Complaints of mis-selling: the list, and recording a new one (R-CUS-4)."""
    me = request.person
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
                made = create_once(actor=me, key=form_key(request), scope="complaint.record",
                                   create=lambda: complaint_record(
                                       actor=me, agent=agent, received_on=data["received_on"],
                                       summary=data["summary"], policy=policy))
            except ApplicationError as exc:
                f.apply_errors(form, exc.fields)
            else:
                announce_created(request, made, _("投诉已登记,待核实。"))
                return redirect("customers:complaint", pk=made.record.pk)
    page_obj = Paginator(qs, sel.PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(request, "customers/complaints.html", {
        "page_obj": page_obj, "status": status, "agent_code": agent_code, "form": form,
        "statuses": Complaint.Status.choices}, status=400 if form.errors else 200)


@person_page
@require_http_methods(["GET", "POST"])
def complaint_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """One complaint; overseers verify it. The threshold-th verified complaint within the
    window opens a re-check of all the agent's customers (R-CUS-4, the service decides)."""
    me = request.person
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


@person_page
def rechecks_page(request: PersonRequest) -> HttpResponse:
    me = request.person
    status = request.GET.get("status", "")
    if status not in ("", *Recheck.Status.values):
        status = ""
    qs = sel.rechecks(viewer=me)
    if status:
        qs = qs.filter(status=status)
    page_obj = Paginator(qs, sel.PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(request, "customers/rechecks.html", {"page_obj": page_obj, "status": status})


@person_page
def recheck_detail(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
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


@person_page
@require_POST
def recheck_entry(request: PersonRequest, pk: int, entry: int) -> HttpResponse:
    """Record one entry as 资料属实 / 资料不实; the re-check is done when none is pending."""
    me = request.person
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
