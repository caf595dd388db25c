"""Complaints and agent re-checks (R-CUS-4) and verified policy queries (R-CUS-5)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.identity import IdProblem, parse_id_number
from baomi.customers.models import (
    Agent,
    Complaint,
    Customer,
    InsurancePolicy,
    PolicyQuery,
    Recheck,
    RecheckEntry,
)
from baomi.customers.services import require
from baomi.policy.customers import (
    may_answer_query,
    may_oversee_list,
    may_work_with_customers,
)
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person


def complaint_record(*, actor: Person, agent: Agent, received_on: datetime.date,
                     summary: str, policy: InsurancePolicy | None = None) -> Complaint:
    require(may_work_with_customers(actor), actor=actor, action="complaint.record")
    errors = {}
    if not summary.strip():
        errors["summary"] = [_("请填写投诉内容")]
    if received_on > timezone.localdate():
        errors["received_on"] = [_("投诉日期不能晚于今天")]
    if policy is not None and policy.agent_id != agent.id:
        errors["policy"] = [_("该保单不是此代理人销售的")]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    with transaction.atomic():
        complaint = Complaint.objects.create(agent=agent, policy=policy, received_on=received_on,
                                             summary=summary.strip(), recorded_by=actor)
        audit_append(actor=actor, action="complaint.record", target=complaint,
                     detail={"agent": agent.code})
    return complaint


def verified_count(agent: Agent, *, on: datetime.date) -> int:
    """Verified mis-selling complaints received in the year up to `on` (R-CUS-4)."""
    window = get_policy().customers.complaint_window_days
    return Complaint.objects.filter(
        agent=agent, status=Complaint.Status.VERIFIED,
        received_on__gt=on - datetime.timedelta(days=window), received_on__lte=on).count()


def complaint_verify(*, actor: Person, complaint: Complaint, mis_selling: bool,
                     findings: str) -> tuple[Complaint, Recheck | None]:
    """Record the verification; the threshold-th verified complaint in a year starts a
    re-check of every customer the agent sold to (R-CUS-4, 第十四条)."""
    require(may_oversee_list(actor), actor=actor, action="complaint.verify", target=complaint)
    if not findings.strip():
        raise ApplicationError(_("请更正标出的字段"), fields={"findings": [_("请填写核实情况")]})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.status != Complaint.Status.PENDING:
            raise ApplicationError(_("此投诉已核实"), fields={"status": [_("已核实")]})
        complaint.status = (Complaint.Status.VERIFIED if mis_selling
                            else Complaint.Status.UNFOUNDED)
        complaint.findings = findings.strip()
        complaint.verified_by = actor
        complaint.verified_at = timezone.now()
        complaint.save()
        audit_append(actor=actor, action="complaint.verify", target=complaint,
                     detail={"verified": mis_selling, "agent": complaint.agent.code})
        recheck = None
        if mis_selling:
            recheck = recheck_trigger(agent=complaint.agent, on=complaint.received_on,
                                      actor=actor)
    return complaint, recheck


def recheck_trigger(*, agent: Agent, on: datetime.date, actor: Person | None) -> Recheck | None:
    """Open a re-check of all the agent's customers when the threshold is reached."""
    threshold = get_policy().customers.complaint_threshold
    count = verified_count(agent, on=on)
    if count < threshold or Recheck.objects.filter(agent=agent,
                                                   status=Recheck.Status.OPEN).exists():
        return None
    policies = InsurancePolicy.objects.filter(agent=agent)
    customer_ids = set(policies.values_list("policyholder_id", flat=True))
    customer_ids |= set(policies.values_list("insured_id", flat=True))
    customer_ids |= set(Customer.objects.filter(benefit_policies__agent=agent)
                        .values_list("id", flat=True))
    try:
        with transaction.atomic():
            recheck = Recheck.objects.create(
                agent=agent, created_at=timezone.now(),
                reason=f"一年内经查实的销售误导投诉 {count} 次(≥ {threshold})")  # stored record
            RecheckEntry.objects.bulk_create(
                [RecheckEntry(recheck=recheck, customer_id=pk) for pk in sorted(customer_ids)])
            audit_append(actor=actor, action="recheck.open", target=recheck,
                         detail={"agent": agent.code, "complaints": count,
                                 "customers": len(customer_ids)})
    except IntegrityError:  # another verification opened it at the same moment
        return None
    return recheck


def recheck_entry_record(*, actor: Person, entry: RecheckEntry, result: str,
                         note: str = "") -> RecheckEntry:
    require(may_work_with_customers(actor), actor=actor, action="recheck.entry")
    if result not in (RecheckEntry.Result.CONFIRMED, RecheckEntry.Result.FALSE_DATA):
        raise ApplicationError(_("请更正标出的字段"), fields={"result": [_("请选择核查结果")]})
    with transaction.atomic():
        entry = RecheckEntry.objects.select_for_update().get(pk=entry.pk)
        entry.result = result
        entry.note = note.strip()[:300]
        entry.save(update_fields=["result", "note"])
        recheck = entry.recheck
        if not recheck.entries.filter(result=RecheckEntry.Result.PENDING).exists():
            recheck.status = Recheck.Status.DONE
            recheck.save(update_fields=["status"])
        audit_append(actor=actor, action="recheck.entry", target=entry,
                     detail={"recheck": recheck.pk, "result": result})
    return entry


@dataclass(frozen=True)
class QueryAnswer:
    policy: InsurancePolicy
    role: str
    log: PolicyQuery


def policy_query(*, actor: Person, policy_number: str, asker_name: str,
                 asker_id_number: str, channel: str) -> QueryAnswer:
    """Answer only after the asker is verified as policyholder, insured or beneficiary of
    the policy; every query, answered or refused, is logged (R-CUS-5, 第十七条)."""
    require(may_work_with_customers(actor), actor=actor, action="policy.query")
    errors = {}
    if channel not in PolicyQuery.Channel.values:
        errors["channel"] = [_("请选择查询方式")]
    if not asker_name.strip():
        errors["asker_name"] = [_("请填写查询人姓名")]
    try:
        number = parse_id_number(asker_id_number).number
    except IdProblem as exc:
        errors["asker_id_number"] = [exc.message]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    bi = crypto.blind_index("id", number)
    policy = (InsurancePolicy.objects.select_related("policyholder", "insured", "agent")
              .filter(number=policy_number.strip()).first())
    role, name_matches = "", False
    if policy is not None:
        parties = [("投保人", policy.policyholder), ("被保险人", policy.insured)]
        parties += [("受益人", c) for c in policy.beneficiaries.filter(id_bi=bi)]
        for label, customer in parties:
            if customer.id_bi == bi:
                role = f"{role}、{label}" if role else label
                name_matches = name_matches or customer.name == asker_name.strip()
    decision = may_answer_query(asker_is_party=bool(role), name_matches=name_matches)
    log = PolicyQuery(at=timezone.now(), staff=actor, policy_number=policy_number.strip()[:40],
                      policy=policy, asker_name=asker_name.strip()[:50],
                      asker_id_masked=crypto.mask_id(number), asker_role=role[:30],
                      channel=channel,
                      outcome=(PolicyQuery.Outcome.ANSWERED if decision
                               else PolicyQuery.Outcome.REFUSED),
                      reason=decision.reason[:200])
    with transaction.atomic():
        log.save()
        if decision:
            audit_append(actor=actor, action="policy.query", target=log,
                         detail={"policy": log.policy_number, "role": role})
    # the refused query stays in the query log; `require` audits the denial and raises it
    require(decision, actor=actor, action="policy.query", target=log)
    assert policy is not None  # noqa: S101 (a party was found, so the policy exists)
    return QueryAnswer(policy=policy, role=role, log=log)


def false_data_q(first: datetime.date, last: datetime.date) -> Q:
    """Items closed as false data in [first, last] (R-CUS-6)."""
    return Q(outcome="FALSE_DATA", closed_at__date__gte=first, closed_at__date__lte=last)
