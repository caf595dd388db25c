"""Incidents (事件) opened by loss reports (R-DOC-7): a missing copy found at a stock-take
is reported through the same loss service, and the secrecy office closes an incident with
its findings. Both are audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.approvals.models import Incident
from baomi.approvals.services.execute import loss_report
from baomi.audit.services import audit_append
from baomi.carriers import stocktake as st
from baomi.carriers.models import StockTakeItem
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.selectors import in_secrecy_office_unit
from baomi.policy.approval_actions import may_close_incident
from baomi.policy.decision import require

if TYPE_CHECKING:
    from baomi.people.models import Person


@durable_service
def stocktake_loss_report(*, actor: Person, item: StockTakeItem, note: str = "") -> Incident:
    """R-DOC-7: a copy found missing at a stock-take (清点) is reported lost — the copy is
    marked LOST, an incident opened, the leaders alerted — and the line links the incident."""
    st.stocktake_check(actor=actor, department_id=item.stocktake.department_id,
                       action="stocktake.loss", target=item.stocktake)
    if item.result != StockTakeItem.Result.MISSING or item.incident_ref or item.copy is None:
        raise ApplicationError(_("只有缺失且未报告的份可以报告丢失"),
                               fields={"item": [item.get_result_display()]})
    text = (note or "").strip() or f"清点 #{item.stocktake_id} 中缺失"
    incident = loss_report(actor=actor, copy=item.copy, note=text)
    st.stocktake_item_reported(actor=actor, item=item, incident_ref=f"#{incident.pk}")
    return incident


@durable_service
def incident_close(*, actor: Person, incident: Incident, findings: str) -> Incident:
    """The secrecy office (保密办) closes an incident with its findings (调查结论)."""
    require(may_close_incident(in_office=in_secrecy_office_unit(actor)), actor=actor,
            action="incident.close", target=incident)
    findings = (findings or "").strip()
    if not findings:
        raise ApplicationError(_("请填写调查结论"), fields={"findings": [_("必填")]})
    current = Incident.objects.select_for_update().get(pk=incident.pk)
    if current.status == Incident.Status.CLOSED:
        raise ApplicationError(_("事件已结案"), fields={"status": [_("已结案")]})
    current.status = Incident.Status.CLOSED
    current.findings = findings[:5000]
    current.closed_by, current.closed_at = actor, timezone.now()
    current.save(update_fields=["status", "findings", "closed_by", "closed_at"])
    audit_append(actor=actor, action="incident.close", target=current, rule="R-DOC-7",
                 detail={"incident": current.pk, "findings": findings[:500]})
    return current
