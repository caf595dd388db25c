"""Audit pages for auditors only (R-ACC-4): search, export of the selection, proofs.

Auditors see event metadata, never a carrier's content: detail values that are not
metadata are hidden (selectors.metadata). Everyone else gets the 403 page with the rule.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.forms import AuditSearchForm
from baomi.audit.keys import verifier_key
from baomi.audit.merkle import ProofError
from baomi.audit.models import AuditEvent
from baomi.audit.note import NoteError, open_checkpoint
from baomi.audit.selectors import (
    audit_search,
    inclusion_proof,
    latest_checkpoint,
    metadata,
)
from baomi.audit.services import audit_append
from baomi.audit.verifier import verify_proof
from baomi.core.persons import person_for
from baomi.core.views import is_fragment, page
from baomi.policy.audit_access import may_audit
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpRequest

PAGE_ROWS = 50
EXPORT_LIMIT = 50_000


def _auditor(request: HttpRequest) -> Any:
    """The person behind the login (a people.Person, through the core port) if they may
    audit; otherwise the refusal is audited and raised."""
    me = person_for(request.user)
    # refused: audited, then PolicyDeniedMiddleware answers 403 with rule and clause
    require(may_audit(me), actor=me, action="audit.view")
    return me


@page
def audit_list(request: HttpRequest) -> HttpResponse:
    me = _auditor(request)
    form = AuditSearchForm(request.GET)
    events = audit_search(viewer=me, **form.filters())
    page_obj = Paginator(events, PAGE_ROWS).get_page(request.GET.get("page") or 1)
    context = {"form": form, "page_obj": page_obj, "checkpoint": latest_checkpoint(),
               "rows": [metadata(e) | {"actor_name": e.actor.name if e.actor else ""}
                        for e in page_obj],
               "query": request.GET.urlencode()}
    if is_fragment(request):
        return render(request, "audit/partials/event_table.html", context)
    return render(request, "audit/list.html", context)


@page
def audit_export(request: HttpRequest) -> HttpResponse:
    """The selection as JSON lines of metadata (audited: who exported what, R-ACC-6)."""
    me = _auditor(request)
    form = AuditSearchForm(request.GET)
    filters = form.filters()
    events = audit_search(viewer=me, **filters)[:EXPORT_LIMIT]
    lines = [json.dumps(metadata(e), ensure_ascii=False, sort_keys=True) for e in events]
    audit_append(actor=me, action="audit.export", detail={
        "filters": {k: str(v) for k, v in filters.items()}, "count": len(lines)})
    response = HttpResponse("\n".join(lines) + "\n", content_type="application/x-ndjson")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.jsonl"'
    return response


@page
def audit_event(request: HttpRequest, seq: int) -> HttpResponse:
    """One event's metadata; the verify button checks its inclusion proof (htmx)."""
    _auditor(request)
    event = AuditEvent.objects.select_related("actor").filter(seq=seq).first()
    if event is None:
        raise Http404
    return render(request, "audit/event.html", {
        "event": metadata(event), "actor_name": event.actor.name if event.actor else "",
        "checkpoint": latest_checkpoint()})


@page
def audit_verify(request: HttpRequest, seq: int) -> HttpResponse:
    """Check event `seq` against the newest signed checkpoint, as the verifier would."""
    _auditor(request)
    checkpoint = latest_checkpoint()
    context: dict[str, object] = {"checkpoint": checkpoint, "seq": seq}
    if checkpoint is None:
        context["error"] = _("尚无签名检查点:请先运行 baomi audit_checkpoint")
    elif seq > checkpoint.size:
        context["error"] = _("此事件在最新检查点(%(size)d 条)之后,下一次检查点将包含它") % {
            "size": checkpoint.size}
    else:
        proof = inclusion_proof(seq=seq, size=checkpoint.size)
        context["proof"] = proof
        context["proof_json"] = json.dumps(proof, indent=2)
        try:
            key = verifier_key(name=get_policy().audit.origin,
                               algorithm=checkpoint.signature_algorithm)
            verify_proof(proof, open_checkpoint(checkpoint.note, key))
            context["verified"] = True
        except (ProofError, NoteError) as exc:
            context["error"] = str(exc)
    return render(request, "audit/partials/verify_result.html", context)
