"""Delegation (授权人, R-ACC-4) and incident (R-DOC-7) pages.

A leader delegates the kinds the policy lists as delegable (and their rank approves) to
someone else until a date, and revokes it; the secrecy office closes loss incidents with
its findings. Views read through selectors and write through services.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.approvals import services as svc
from baomi.approvals.forms import DelegationForm, IncidentCloseForm
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.selectors import (
    delegable_kinds_for,
    delegation_get,
    delegations_in_force,
    incident_get,
    my_delegations,
)
from baomi.core.errors import ApplicationError
from baomi.core.once import announce_created, create_once, form_key
from baomi.people.selectors import in_secrecy_office_unit
from baomi.people.web import PersonRequest, person_page
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpResponse


def _kinds_text(kinds: str) -> str:
    return "、".join(str(ApprovalRequest.Kind(k).label) for k in kinds.split(",")
                    if k in ApprovalRequest.Kind.values)


@person_page
def delegations(request: PersonRequest) -> HttpResponse:
    """List delegations in force (granted and received); grant one (POST)."""
    me = request.person
    kinds = delegable_kinds_for(person=me)
    form = DelegationForm(request.POST or None, grantor=me, kinds=kinds)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            ends_at = timezone.make_aware(datetime.combine(data["ends_on"], time(23, 59, 59)))
            try:
                made = create_once(actor=me, key=form_key(request), scope="delegation.grant",
                                   create=lambda: svc.delegation_grant(
                                       actor=me, delegate=data["delegate"], kinds=data["kinds"],
                                       ends_at=ends_at, reason=data.get("reason") or ""))
            except ApplicationError as exc:
                for field, errors in exc.fields.items():
                    for error in errors:
                        form.add_error("ends_on" if field == "ends_at" else
                                       field if field in form.fields else None, error)
            else:
                announce_created(request, made, _("已授权 %(who)s")
                                 % {"who": data["delegate"].name})
                return redirect("approvals:delegations")
        status = 400
    in_force = list(delegations_in_force(viewer=me))
    history = [d for d in my_delegations(viewer=me)[:50]
               if d.revoked_at is not None or d.ends_at <= timezone.now()]
    for d in [*in_force, *history]:
        d.kinds_label = _kinds_text(d.kinds)  # type: ignore[attr-defined]
    return render(request, "approvals/delegations.html", {
        "form": form, "kinds": kinds, "granted": [d for d in in_force if d.grantor_id == me.pk],
        "received": [d for d in in_force if d.delegate_id == me.pk], "history": history,
        "max_days": get_policy().approvals.delegation_max_days, "now": timezone.now(),
    }, status=status)


@person_page
@require_POST
def delegation_revoke(request: PersonRequest, did: int) -> HttpResponse:
    me = request.person
    delegation = delegation_get(viewer=me, pk=did)  # NotVisible → 404
    svc.delegation_revoke(actor=me, delegation=delegation)  # PolicyDenied → 403
    messages.success(request, _("已撤销授权"))
    return redirect("approvals:delegations")


@person_page
def incident_detail(request: PersonRequest, iid: int) -> HttpResponse:
    """One incident; the secrecy office closes it with its findings (POST)."""
    me = request.person
    incident = incident_get(viewer=me, pk=iid)  # NotVisible → 404
    form = IncidentCloseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.incident_close(actor=me, incident=incident,
                                   findings=form.cleaned_data["findings"])
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("事件已结案"))
            return redirect("approvals:incident", iid=iid)
        return render(request, "approvals/incident.html", {
            "i": incident, "form": form, "may_close": True}, status=400)
    return render(request, "approvals/incident.html", {
        "i": incident, "form": form,
        "may_close": incident.status == "OPEN" and in_secrecy_office_unit(me)})
