"""Approval pages: my requests, my approvals, request detail and actions, registers.

Views read through selectors (scoped) and write through services; denials are rendered by
the middleware with their rule and clause (rules of the house 1–3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.approvals import registers as regs
from baomi.approvals import services as svc
from baomi.approvals.actions import request_actions
from baomi.approvals.forms import (
    DecideForm,
    DestroyForm,
    LossForm,
    PasswordForm,
    RegisterFilterForm,
    RequestForm,
)
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.selectors import (
    incidents_for,
    my_inbox,
    my_notifications,
    my_requests,
    pending_confirmations_for,
    request_get,
    request_steps,
)
from baomi.audit.selectors import events_for_target
from baomi.carriers.ledger import available_copies, copy_for
from baomi.carriers.selectors import carrier_get
from baomi.core.errors import ApplicationError
from baomi.core.exports import XLSX_TYPE, form_pdf, register_pdf, xlsx_bytes
from baomi.core.once import announce_created, create_once, form_key
from baomi.core.params import int_or_none
from baomi.core.views import page
from baomi.people.web import PersonRequest, person_page
from baomi.policy.classification import highest_mark
from baomi.policy.labels import level_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from baomi.people.models import Person

Kind = ApprovalRequest.Kind
PER_PAGE = 50

#: the printed form's title per kind (the seed's 档案借阅审批单 and its siblings)
FORM_TITLES = {
    "BORROW": "档案借阅审批单", "COPY": "文件复制申请单", "PRINT": "文件打印审批单",
    "DISTRIBUTE": "文件分发审批单", "NETWORK": "网络传输审批单", "EXTERNAL": "对外提供审批单",
    "DESTROY": "涉密载体销毁审批单(销毁清单)", "DECLASSIFY": "解密审批单",
    "EXTEND": "保密期限延长审批单", "CHANGE_LEVEL": "密级变更审批单",
}


def _get(me: Person | None, rid: int) -> ApprovalRequest:
    return request_get(viewer=me, pk=rid)


def _back(request: HttpRequest, rid: int, error: ApplicationError) -> HttpResponse:
    details = "；".join(m for ms in error.fields.values() for m in ms)
    messages.error(request, f"{error.message}({details})" if details else error.message)
    return redirect("approvals:detail", rid=rid)


@person_page
def request_list(request: PersonRequest) -> HttpResponse:
    me = request.person
    page_obj = Paginator(my_requests(viewer=me), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "approvals/list.html", {"page_obj": page_obj})


@person_page
def inbox(request: PersonRequest) -> HttpResponse:
    me = request.person
    steps = list(my_inbox(viewer=me)[:200])
    return render(request, "approvals/inbox.html", {
        "steps": steps, "now": timezone.now(),
        "confirmations": pending_confirmations_for(viewer=me)})


@person_page
def request_new(request: PersonRequest) -> HttpResponse:
    me = request.person
    carrier_pk = int_or_none(request.GET.get("carrier") or request.POST.get("carrier"))
    if carrier_pk is None:
        raise Http404
    carrier = carrier_get(viewer=me, pk=carrier_pk)  # NotVisible → 404
    kind = request.POST.get("kind") or request.GET.get("kind") or Kind.BORROW
    if kind not in Kind.values:
        kind = Kind.BORROW
    copies = [(c.pk, _("第 %(n)s 份(%(who)s)") % {"n": c.copy_no, "who": c.custodian.name})
              for c in available_copies(carrier=carrier)]
    form = RequestForm(request.POST or None, copies=copies, initial={"kind": kind})
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        copy = next((c for c in available_copies(carrier=carrier) if c.pk == data["copy"]), None)
        try:
            made = create_once(actor=me, key=form_key(request), scope="approval.submit",
                               create=lambda: svc.request_submit(
                actor=me, kind=data["kind"], carrier=carrier, reason=data["reason"], copy=copy,
                due_back=data.get("due_back"), count=data.get("count") or 1,
                recipient=data.get("recipient"), party=data.get("party") or "",
                nda_signed=bool(data.get("nda_signed")), nda_ref=data.get("nda_ref") or "",
                new_level=data.get("new_level") or "",
                new_term_years=data.get("new_term_years")))
        except ApplicationError as exc:
            existing = getattr(exc, "existing", None)  # svc.PendingRequestExists
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            created = made.record
            announce_created(request, made, _("已提交审批单 %(n)s") % {"n": created.number})
            return redirect("approvals:detail", rid=created.pk)
    return render(request, "approvals/new.html", {
        "form": form, "carrier": carrier, "kind": kind, "kind_label": Kind(kind).label,
        "kinds": Kind.choices, "shown": form.shown(kind), "existing": existing},
        status=400 if form.errors else 200)


@person_page
def request_detail(request: PersonRequest, rid: int) -> HttpResponse:
    me = request.person
    req = _get(me, rid)
    steps = request_steps(request=req)
    in_inbox = my_inbox(viewer=me).filter(request=req).exists()
    history = events_for_target(target_type="approvalrequest", target_id=req.pk)[:50]
    # what this viewer may do, decided by policy as the services decide it (each a Decision)
    decisions = request_actions(viewer=me, request=req)
    actions = {name: d for name, d in decisions.items() if d}
    # why an approver-looking viewer is not offered to sign, or a borrower to take back
    not_offered = [d for name, d in decisions.items()
                   if not d and name in ("approve", "return")]
    pending = next((s for s in steps if s.status == "PENDING"), None)
    return render(request, "approvals/detail.html", {
        "req": req, "steps": steps, "history": history, "in_inbox": in_inbox,
        "can_decide": "approve" in actions, "actions": actions, "pending": pending,
        "not_offered": not_offered,
        "me": me, "decide_form": DecideForm(), "password_form": PasswordForm(),
        "destroy_form": DestroyForm(), "two_person": any(
            s.signatures_required > 1 and s.status == "PENDING" for s in steps),
    })


def _post_action(request: PersonRequest, rid: int, action: str) -> HttpResponse:
    me = request.person
    req = _get(me, rid)
    try:
        if action == "decide":
            form = DecideForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("请更正标出的字段"), fields={
                    k: [str(e) for e in v] for k, v in form.errors.items()})
            svc.step_decide(actor=me, request=req, decision=form.cleaned_data["decision"],
                            reason=form.cleaned_data["reason"],
                            password=form.cleaned_data["password"])
            messages.success(request, _("已签署审批意见"))
            if request.POST.get("next") == "inbox":
                return redirect("approvals:inbox")
        elif action in ("sign_for", "return"):
            password = request.POST.get("password", "")
            fn = svc.request_sign_for if action == "sign_for" else svc.request_return
            fn(actor=me, request=req, password=password)
            messages.success(request, _("已签收"))
        elif action == "destroy":
            destroy = DestroyForm(request.POST)
            if not destroy.is_valid():
                raise ApplicationError(_("请更正标出的字段"), fields={
                    k: [str(e) for e in v] for k, v in destroy.errors.items()})
            svc.request_destroy(actor=me, request=req, witness=destroy.cleaned_data["witness"],
                                witness_password=destroy.cleaned_data["witness_password"],
                                method=destroy.cleaned_data["method"])
            messages.success(request, _("已销毁并登记"))
        elif action == "provide":
            svc.request_provide(actor=me, request=req)
            messages.success(request, _("已登记对外提供"))
        elif action == "apply":
            svc.request_apply(actor=me, request=req)
            messages.success(request, _("已办结"))
        elif action == "withdraw":
            svc.request_withdraw(actor=me, request=req)
            messages.success(request, _("已撤回"))
    except ApplicationError as exc:
        return _back(request, rid, exc)
    return redirect("approvals:detail", rid=rid)


@person_page
@require_POST
def request_decide(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "decide")


@person_page
@require_POST
def request_sign_for(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "sign_for")


@person_page
@require_POST
def request_return(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "return")


@person_page
@require_POST
def request_destroy(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "destroy")


@person_page
@require_POST
def request_provide(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "provide")


@person_page
@require_POST
def request_apply(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "apply")


@person_page
@require_POST
def request_withdraw(request: PersonRequest, rid: int) -> HttpResponse:
    return _post_action(request, rid, "withdraw")


@person_page
def request_pdf(request: PersonRequest, rid: int) -> HttpResponse:
    """The decision printed as the seed's form (档案借阅审批单 etc.), marked (R-CLS-6)."""
    me = request.person
    req = _get(me, rid)
    policy = get_policy()
    spec = policy.level(req.level)
    fields = [
        ("审批单号", req.number or ""), ("申请类型", str(req.get_kind_display())),
        ("文件编号", req.carrier.number or ""), ("文件名称", req.shown_title),
        ("密级", level_label(spec.code)), ("份号", str(req.copy.copy_no) if req.copy else ""),
        ("申请人", f"{req.requester.name}({req.requester.unit.name})"),
        ("事由", req.reason),
        ("申请时间", f"{timezone.localtime(req.created_at):%Y-%m-%d %H:%M}"),
    ]
    if req.kind == Kind.BORROW:
        fields.append(("归还日期", f"{req.due_back:%Y-%m-%d}" if req.due_back else ""))
    if req.kind in (Kind.PRINT, Kind.COPY):
        fields.append(("份数", str(req.count)))
    if req.kind == Kind.DISTRIBUTE and req.recipient:
        fields.append(("收件人", req.recipient.name))
    if req.kind == Kind.EXTERNAL:
        fields += [("接收单位", req.party), ("保密协议编号", req.nda_ref)]
    if req.kind == Kind.EXTEND:
        fields.append(("新保密期限", f"{req.new_term_years} 年"))
    if req.kind == Kind.CHANGE_LEVEL:
        fields.append(("新密级", level_label(req.new_level) if req.new_level else ""))
    fields.append(("审批结果", str(req.get_status_display())))
    rows = []
    for step in request_steps(request=req):
        for sig in step.signatures.all():
            who = sig.signer.name + (f"(代 {sig.on_behalf_of.name})" if sig.on_behalf_of else "")
            rows.append([f"第 {step.seq} 步", who, sig.get_decision_display(), sig.reason,
                         f"{timezone.localtime(sig.at):%Y-%m-%d %H:%M}"])
        if not step.signatures.all():
            rows.append([f"第 {step.seq} 步", "", step.get_status_display(), "", ""])
    pdf = form_pdf(title=FORM_TITLES[req.kind], mark=spec.mark, fields=fields, steps=rows,
                   footer=f"{policy.organisation['name']} · 打印于 "
                          f"{timezone.localtime():%Y-%m-%d %H:%M}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{req.number}.pdf"'
    return response


@page
def register_index(request: HttpRequest) -> HttpResponse:
    return render(request, "approvals/registers.html", {
        "registers": [("ledger", regs.LEDGER_TITLE)] + [
            (spec.slug, spec.title) for spec in regs.REGISTERS.values()]})


@person_page
def register(request: PersonRequest, slug: str) -> HttpResponse:
    """A register page with filters and a date range; ?format=xlsx|pdf exports it."""
    if slug != "ledger" and slug not in regs.REGISTERS:
        raise Http404
    me = request.person
    form = RegisterFilterForm(request.GET)
    title, headers, qs, columns = regs.register_rows(viewer=me, slug=slug,
                                                     filters=form.filters())
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "pdf"):
        objects = list(qs[:20000])
        rows = regs.render_rows(objects, columns)
        mark = highest_mark(objects)
        stamp = f"{timezone.localdate():%Y%m%d}"
        if fmt == "xlsx":
            response = HttpResponse(xlsx_bytes(title=title, headers=headers, rows=rows,
                                               mark=mark), content_type=XLSX_TYPE)
        else:
            response = HttpResponse(register_pdf(title=title, headers=headers, rows=rows,
                                                 mark=mark), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{slug}-{stamp}.{fmt}"'
        return response
    page_obj = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = regs.render_rows(list(page_obj.object_list), columns)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "approvals/register.html", {
        "title": title, "headers": headers, "rows": rows, "page_obj": page_obj,
        "form": form, "slug": slug, "query": query.urlencode()})


@person_page
def notifications(request: PersonRequest) -> HttpResponse:
    me = request.person
    items = list(my_notifications(viewer=me)[:200])
    return render(request, "approvals/notifications.html", {"items": items})


@person_page
def incidents(request: PersonRequest) -> HttpResponse:
    me = request.person
    return render(request, "approvals/incidents.html",
                  {"items": list(incidents_for(viewer=me)[:200])})


@person_page
def loss_report(request: PersonRequest, copy_id: int) -> HttpResponse:
    """R-DOC-7: report a copy lost."""
    me = request.person
    copy = copy_for(viewer=me, pk=copy_id)
    if copy is None:
        raise Http404
    form = LossForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = create_once(actor=me, key=form_key(request), scope="incident.loss",
                           create=lambda: svc.loss_report(actor=me, copy=copy,
                                                          note=form.cleaned_data["note"]))
        announce_created(request, made, _("已报告丢失并立案 #%(n)s,领导已收到提醒")
                         % {"n": made.record.pk}, level=messages.WARNING)
        return redirect("approvals:incidents")
    return render(request, "approvals/loss.html", {"form": form, "copy": copy})
