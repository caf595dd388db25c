"""Agents and agencies: register, edit, deactivate and reactivate (R-CUS-3, R-CUS-4).

Every service asks `may_oversee_list` (leaders, customer-service managers, the secrecy
office; R-CUS-3), validates, writes in one transaction and appends its audit event.

* An agent's code (工号) and an agency's code are fixed once registered: imports, policies,
  complaints and the quarterly report (R-CUS-6) refer to them. Only names, the agent's
  kind and agency change.
* Nothing is deleted: an agent or agency that stops working is deactivated, with a
  reason (kept in the audit event), and keeps its policies, complaints and re-checks.
  Deactivating an agency deactivates its active agents in the same transaction (each
  agent gets its own audit event); reactivating the agency does not reactivate them.
* An agent of a deactivated agency cannot be registered, moved there, or reactivated
  while the agency stays deactivated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append, audit_append_many
from baomi.core.errors import ApplicationError
from baomi.customers.models import Agency, Agent
from baomi.customers.services import require
from baomi.policy.customers import may_oversee_list

if TYPE_CHECKING:
    from baomi.people.models import Person

#: the longest deactivation reason kept in the audit event
REASON_MAX = 300


def agency_create(*, actor: Person, code: str, name: str) -> Agency:
    require(may_oversee_list(actor), actor=actor, action="agency.create")
    agency = Agency(code=code.strip(), name=name.strip())
    _clean(agency)
    with transaction.atomic():
        agency.save()
        audit_append(actor=actor, action="agency.create", target=agency,
                     detail={"code": agency.code})
    return agency


def agent_create(*, actor: Person, code: str, name: str, kind: str = Agent.Kind.SALES,
                 agency: Agency | None = None) -> Agent:
    require(may_oversee_list(actor), actor=actor, action="agent.create")
    with transaction.atomic():
        if agency is not None:  # its state now, not the caller's copy's
            agency = Agency.objects.select_for_update().filter(pk=agency.pk).first() or agency
        agent = Agent(code=code.strip(), name=name.strip(), kind=kind, agency=agency)
        errors = {}
        if agency is not None and not agency.active:
            errors["agency"] = [_("代理机构 %(a)s 已停用") % {"a": agency}]
        _clean(agent, errors)
        agent.save()
        audit_append(actor=actor, action="agent.create", target=agent,
                     detail={"code": agent.code, "agency": agency.code if agency else ""})
    return agent


def agency_update(*, actor: Person, agency: Agency, name: str) -> Agency:
    """Rename an agency; its code stays (R-CUS-6 reports refer to it)."""
    require(may_oversee_list(actor), actor=actor, action="agency.update", target=agency)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        old = agency.name
        agency.name = name.strip()
        _clean(agency)
        if agency.name == old:
            return agency
        agency.save(update_fields=["name"])
        audit_append(actor=actor, action="agency.update", target=agency,
                     detail={"code": agency.code, "name": [old, agency.name]})
    return agency


def agency_set_active(*, actor: Person, agency: Agency, active: bool,
                      reason: str) -> Agency:
    """Deactivate (reason required; its active agents too) or reactivate an agency."""
    action = "agency.reactivate" if active else "agency.deactivate"
    require(may_oversee_list(actor), actor=actor, action=action, target=agency)
    reason = _reason(reason, required=not active)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if agency.active == active:
            raise ApplicationError(_("代理机构 %(a)s 已是该状态") % {"a": agency}, fields={
                "active": [_("已在用") if active else _("已停用")]})
        agency.active = active
        agency.save(update_fields=["active"])
        agents: list[Agent] = []
        if not active:
            agents = list(Agent.objects.select_for_update().filter(agency=agency, active=True)
                          .order_by("code"))
            Agent.objects.filter(pk__in=[a.pk for a in agents]).update(active=False)
        events: list[dict[str, Any]] = [{
            "actor": actor, "action": action, "target": agency,
            "detail": {"code": agency.code, "reason": reason, "agents": len(agents)}}]
        events += [{"actor": actor, "action": "agent.deactivate", "target": agent,
                    "detail": {"code": agent.code, "reason": reason,
                               "agency": agency.code}} for agent in agents]
        audit_append_many(events=events)
    return agency


def agent_update(*, actor: Person, agent: Agent, name: str, kind: str,
                 agency: Agency | None) -> Agent:
    """Change an agent's name, kind or agency; the code is fixed once registered."""
    require(may_oversee_list(actor), actor=actor, action="agent.update", target=agent)
    with transaction.atomic():
        agent = Agent.objects.select_for_update(of=("self",)).select_related("agency").get(
            pk=agent.pk)
        before = {"name": agent.name, "kind": agent.kind,
                  "agency": agent.agency.code if agent.agency else ""}
        errors = {}
        if agency is not None and agency.pk != agent.agency_id:
            agency = Agency.objects.filter(pk=agency.pk).first() or agency
        if agency is not None and agency.pk != agent.agency_id and not agency.active:
            errors["agency"] = [_("代理机构 %(a)s 已停用") % {"a": agency}]
        agent.name, agent.kind, agent.agency = name.strip(), kind, agency
        _clean(agent, errors)
        after = {"name": agent.name, "kind": agent.kind,
                 "agency": agency.code if agency else ""}
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if not changes:
            return agent
        agent.save(update_fields=["name", "kind", "agency"])
        audit_append(actor=actor, action="agent.update", target=agent,
                     detail={"code": agent.code, **changes})
    return agent


def agent_set_active(*, actor: Person, agent: Agent, active: bool, reason: str) -> Agent:
    """Deactivate (reason required) or reactivate an agent; an agent of a deactivated
    agency stays deactivated until the agency is reactivated or the agent moved."""
    action = "agent.reactivate" if active else "agent.deactivate"
    require(may_oversee_list(actor), actor=actor, action=action, target=agent)
    reason = _reason(reason, required=not active)
    with transaction.atomic():
        # the agency's row first, then the agent's: the order agency_set_active locks in
        agency_id = Agent.objects.filter(pk=agent.pk).values_list("agency_id", flat=True).get()
        agency = (Agency.objects.select_for_update().filter(pk=agency_id).first()
                  if agency_id else None)
        agent = Agent.objects.select_for_update().get(pk=agent.pk)
        if agent.agency_id != agency_id:  # moved meanwhile
            agency = agent.agency
        if agent.active == active:
            raise ApplicationError(_("代理人 %(a)s 已是该状态") % {"a": agent}, fields={
                "active": [_("已在用") if active else _("已停用")]})
        if active and agency is not None and not agency.active:
            raise ApplicationError(_("代理人所属的代理机构已停用"), fields={
                "agency": [_("代理机构 %(a)s 已停用,先启用该机构或把代理人改到其他机构")
                           % {"a": agency}]})
        agent.active = active
        agent.save(update_fields=["active"])
        audit_append(actor=actor, action=action, target=agent,
                     detail={"code": agent.code, "reason": reason,
                             "agency": agency.code if agency else ""})
    return agent


def _reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ApplicationError(_("请更正标出的字段"), fields={"reason": [_("请填写停用原因")]})
    if len(reason) > REASON_MAX:
        raise ApplicationError(_("请更正标出的字段"), fields={
            "reason": [_("原因不能超过 %(n)d 个字") % {"n": REASON_MAX}]})
    return reason


def _clean(obj: Agent | Agency, errors: dict[str, list[str]] | None = None) -> None:
    """full_clean's messages per field, merged with the service's own, as one error."""
    fields = {k: list(v) for k, v in (errors or {}).items()}
    try:
        obj.full_clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            fields.setdefault(key, []).extend(messages)
    if fields:
        raise ApplicationError(_("请更正标出的字段"), fields=fields)


__all__ = ["REASON_MAX", "agency_create", "agency_set_active", "agency_update",
           "agent_create", "agent_set_active", "agent_update"]
