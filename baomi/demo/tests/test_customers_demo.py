"""The customers demo (`baomi demo_load` with the module on) goes through the services:
policies stored, bad rows refused, suspicious items open and closed, a re-check, a
verified query, every step audited; `--if-empty` never loads it twice."""

from __future__ import annotations

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.audit.selectors import chain_first_broken
from baomi.customers.models import (
    Agency,
    Agent,
    Complaint,
    Customer,
    Evidence,
    InsurancePolicy,
    PolicyQuery,
    Recheck,
    SuspiciousItem,
)
from baomi.customers.records import check_record
from baomi.demo.company import load_demo
from baomi.demo.customers import (
    AGENTS,
    COMPLAINED,
    DEACTIVATED,
    PEOPLE,
    UNKNOWN_AGENT,
    load_customers_demo,
    plan_customers,
)
from baomi.people.models import OrgUnit, Person
from baomi.policy.customer_settings import ModuleSettings
from baomi.policy.runtime import get_policy, policy_override


def _load(*args: str) -> str:
    out = StringIO()
    call_command("demo_load", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_customers_demo_goes_through_the_services() -> None:
    load_demo(carriers=0)
    plan = plan_customers(seed=2026, today=timezone.localdate())
    summary = load_customers_demo(seed=2026)
    assert summary is not None
    policy = get_policy()

    # a customer-service unit of the policy with the demo's people, all with logins
    unit = OrgUnit.objects.get(code__in=policy.customers.service_units)
    staff = {p.user.username: p for p in Person.objects.filter(unit=unit).select_related("user")
             if p.user is not None}
    assert set(staff) == {spec.key for spec in PEOPLE}
    assert summary.unit_added

    # agencies and agents, one deactivated with its reason in the audit event
    assert Agency.objects.count() == 2
    assert Agent.objects.count() == len(AGENTS)
    assert list(Agent.objects.filter(active=False).values_list("code", flat=True)) == [
        DEACTIVATED]
    event = AuditEvent.objects.get(action="agent.deactivate")
    assert event.detail["reason"]

    # the import: the good rows stored, the planted bad rows refused and not stored
    assert len(plan.refused) == 4
    assert InsurancePolicy.objects.count() == plan.good == summary.stored == 300
    assert summary.refused == 4
    assert not InsurancePolicy.objects.filter(number__in=plan.refused).exists()
    imported = AuditEvent.objects.get(action="customers.import")
    assert imported.detail["policies"] == 300
    assert not Customer.objects.exclude(created_by=staff["staff_cs1"]).exists()
    today = timezone.localdate()
    for row in plan.rows:   # the refused rows fail R-CUS-1/2, or name an unknown agent
        refused = row["policy_number"] in plan.refused and row["agent_code"] != UNKNOWN_AGENT
        assert isinstance(check_record(row, today=today), list) == refused

    # the scan found the planted shared values; open items are the service people's
    items = SuspiciousItem.objects.all()
    assert items.filter(kind="PHONE").count() == len(plan.shared_phones)
    assert items.filter(kind="ACCOUNT").count() == len(plan.shared_accounts)
    open_items = items.filter(status=SuspiciousItem.Status.OPEN)
    assert open_items.count() >= 1
    assert {i.assignee_id for i in open_items} <= {p.id for p in staff.values()}
    closed = items.get(status=SuspiciousItem.Status.CLOSED)
    assert closed.outcome == SuspiciousItem.Outcome.CLEARED and closed.findings
    assert closed.closed_by_id == closed.assignee_id
    assert closed.members.count() == 3   # the family sharing the daughter's mobile
    assert Evidence.objects.filter(item=closed).count() == 1

    # complaints: the threshold reached by one agent opens a re-check of its customers
    threshold = policy.customers.complaint_threshold
    assert Complaint.objects.filter(agent__code=COMPLAINED,
                                    status=Complaint.Status.VERIFIED).count() == threshold
    assert Complaint.objects.filter(status=Complaint.Status.PENDING).count() == 1
    recheck = Recheck.objects.get()
    assert recheck.agent.code == COMPLAINED and recheck.status == Recheck.Status.OPEN
    assert recheck.entries.count() > 0

    # one verified query in the query log
    query = PolicyQuery.objects.get()
    assert query.outcome == PolicyQuery.Outcome.ANSWERED and query.asker_role

    # every step audited, nothing refused by policy, the chain intact
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"orgunit.create", "person.create", "agency.create", "agent.create",
            "agent.deactivate", "customers.import", "customers.scan", "suspicious.close",
            "complaint.record", "complaint.verify", "recheck.open", "policy.query"} <= actions
    assert not AuditEvent.objects.filter(allowed=False).exists()
    assert chain_first_broken() is None


@pytest.mark.django_db
def test_demo_load_with_if_empty_loads_the_customers_once() -> None:
    first = _load("--if-empty", "--carriers", "0")
    assert "Customers demo loaded" in first and "manager_cs" in first
    counts = (Customer.objects.count(), InsurancePolicy.objects.count(),
              Agent.objects.count(), SuspiciousItem.objects.count(),
              Complaint.objects.count(), PolicyQuery.objects.count(),
              Person.objects.count(), AuditEvent.objects.count())
    assert counts[1] == 300
    second = _load("--if-empty", "--carriers", "0")
    assert "未装入演示数据" in second and "staff_cs1" in second
    assert (Customer.objects.count(), InsurancePolicy.objects.count(),
            Agent.objects.count(), SuspiciousItem.objects.count(),
            Complaint.objects.count(), PolicyQuery.objects.count(),
            Person.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.django_db
def test_no_customers_demo_when_the_module_is_off() -> None:
    off = dataclasses.replace(get_policy(), modules=ModuleSettings(enabled={"customers": False}))
    with policy_override(off):
        output = _load("--carriers", "0")
    assert "Customers demo" not in output and "manager_cs" not in output
    assert not OrgUnit.objects.filter(code="customer_service").exists()
    assert not InsurancePolicy.objects.exists() and not Agent.objects.exists()


def test_plan_is_deterministic_for_a_seed() -> None:
    today = timezone.localdate()
    first = plan_customers(seed=2026, today=today)
    assert first == plan_customers(seed=2026, today=today)
    assert first.rows != plan_customers(seed=7, today=today).rows
    numbers = [row["policy_number"] for row in first.rows]
    assert len(set(numbers)) == len(numbers) == 304
    # the planted shared values are in the rows
    phones = [row[k] for row in first.rows for k in ("holder_phone", "insured_phone",
                                                     "beneficiary_phone") if row[k]]
    assert set(first.shared_phones) <= set(phones)
    assert set(first.shared_accounts) <= {row["holder_account"] for row in first.rows}
