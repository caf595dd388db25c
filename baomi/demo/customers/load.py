"""Loading the demo through the services: unit, agents, import, scan, complaints, query."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from baomi.core.errors import ApplicationError
from baomi.core.writes import service_batch
from baomi.customers import crypto
from baomi.customers.identity import normalise_phone
from baomi.customers.models import (
    Agent,
    Complaint,
    InsurancePolicy,
    PolicyQuery,
    Recheck,
    SuspiciousItem,
)
from baomi.customers.services.agents import (
    agency_create,
    agent_create,
    agent_set_active,
)
from baomi.customers.services.checks import (
    complaint_record,
    complaint_verify,
    policy_query,
)
from baomi.customers.services.registry import policies_import
from baomi.customers.services.scan import EvidenceFile, item_close, suspicious_scan
from baomi.demo.company.org import DEMO_PASSWORD
from baomi.demo.customers.data import (
    AGENCIES,
    AGENTS,
    COMPLAINED,
    COMPLAINT_FINDINGS,
    COMPLAINTS,
    DEACTIVATED,
    DEACTIVATION_REASON,
    DEFAULT_POLICIES,
    PENDING,
    PENDING_COMPLAINT,
    PEOPLE,
    UNIT_NAME,
    UNIT_NUMBER,
)
from baomi.demo.customers.plan import (
    CustomersPlan,
    plan_customers,
)
from baomi.people.models import OrgUnit
from baomi.people.services import orgunit_create, person_create
from baomi.policy.customers import module_on
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.customers.services.registry import ImportResult
    from baomi.people.models import Person



@dataclass
class CustomersDemoSummary:
    unit: str = ""
    unit_added: bool = False
    people: int = 0
    logins: int = 0
    agencies: int = 0
    agents: int = 0
    inactive_agents: int = 0
    rows: int = 0
    stored: int = 0
    refused: int = 0
    scan_date: datetime.date | None = None
    open_items: int = 0
    closed_items: int = 0
    complaints: int = 0
    rechecks: int = 0
    queries: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        return "\n".join([
            f"客户信息演示已装入 / Customers demo loaded ({self.seconds:.1f} s)",
            f"  {self.unit} people: {self.people}"
            f"{'(新增单位 new unit)' if self.unit_added else ''}"
            f"   代理机构 agencies: {self.agencies}"
            f"   代理人 agents: {self.agents}(停用 inactive {self.inactive_agents})",
            f"  保单 policies: {self.stored}   导入拒绝 refused rows: {self.refused}"
            f" / {self.rows}",
            f"  可疑件 suspicious ({self.scan_date}): 待排查 open {self.open_items}、"
            f"已办结 closed {self.closed_items}   投诉 complaints: {self.complaints}"
            f"   重新核查 re-checks: {self.rechecks}   查询 queries: {self.queries}",
        ])


@dataclass
class _Staff:
    head: Person
    clerk: Person
    desk: Person


def _service_people(summary: CustomersDemoSummary) -> _Staff:
    """The customer-service unit of the policy, and its three people."""
    codes = get_policy().customers.service_units
    unit = OrgUnit.objects.filter(code__in=codes).order_by("sort", "id").first()
    if unit is None:
        company = OrgUnit.objects.filter(parent__isnull=True).order_by("id").first()
        unit = orgunit_create(actor=None, name=UNIT_NAME, code=codes[0], parent=company,
                              sort=UNIT_NUMBER * 10)
        summary.unit_added = True
    summary.unit = unit.name
    people = []
    for n, spec in enumerate(PEOPLE, start=1):
        people.append(person_create(
            actor=None, name=spec.name, staff_no=f"E{UNIT_NUMBER}{n:03d}", unit=unit,
            rank=spec.rank, clearance=spec.clearance,
            username=spec.key if spec.login else None,
            password=DEMO_PASSWORD if spec.login else None,
            is_secrecy_officer=spec.officer))
        summary.logins += spec.login
    summary.people = len(people)
    return _Staff(*people)


def _agents(head: Person, summary: CustomersDemoSummary) -> dict[str, Agent]:
    agencies = {code: agency_create(actor=head, code=code, name=name)
                for code, name in AGENCIES}
    agents = {spec.code: agent_create(actor=head, code=spec.code, name=spec.name,
                                      kind=spec.kind,
                                      agency=agencies[spec.agency] if spec.agency else None)
              for spec in AGENTS}
    summary.agencies, summary.agents = len(agencies), len(agents)
    return agents


def _check_import(result: ImportResult, plan: CustomersPlan) -> None:
    """The demo's rows are designed: any other outcome is a bug in the plan."""
    lines = {n for n, row in enumerate(plan.rows, start=2)
             if row["policy_number"] in plan.refused}
    if result.stored != plan.good or {b.line for b in result.bad} != lines:
        raise ApplicationError("演示保单导入结果与设计不符", fields={
            "import": [f"第 {b.line} 行: {';'.join(b.reasons)}" for b in result.bad]})


def _close_family_item(plan: CustomersPlan) -> None:
    """The family's shared mobile, closed by its assignee as 已排除 with a report."""
    key = crypto.blind_index("phone", normalise_phone(plan.family_phone))
    item = (SuspiciousItem.objects.select_related("assignee__unit")
            .get(kind=SuspiciousItem.Kind.PHONE, key_bi=key, status=SuspiciousItem.Status.OPEN))
    assignee = item.assignee
    if assignee is None:
        raise ApplicationError("可疑件没有承办人", fields={"assignee": [item.number]})
    father, mother, daughter = plan.family
    today = timezone.localdate()
    findings = (f"电话回访 {daughter} 本人并核对户籍资料:{father}、{mother} 为其父母,"
                f"二人年事已高、不常用手机,投保时留了女儿的手机号码。家庭成员共用,资料属实。")
    report = "\n".join([
        "可疑客户信息资料排查报告", "",
        f"可疑件:{item.number}(同一电话 {item.masked})",
        f"涉及客户:{father}(父)、{mother}(母)、{daughter}(女)",
        f"排查情况:{findings}",
        "结论:已排除(家庭成员共用)。",
        f"承办人:{assignee.name}    日期:{today:%Y-%m-%d}", ""])
    item_close(actor=assignee, item=item, outcome=SuspiciousItem.Outcome.CLEARED,
               findings=findings,
               evidence=[EvidenceFile(name=f"排查报告-{item.number}.txt",
                                      content=report.encode("utf-8"),
                                      content_type="text/plain; charset=utf-8")])


def _complaints(staff: _Staff, agents: dict[str, Agent]) -> Recheck | None:
    """`complaint_threshold` verified mis-selling complaints against one agent (the last
    opens the re-check, R-CUS-4) and one complaint against another agent, pending."""
    today = timezone.localdate()
    threshold = get_policy().customers.complaint_threshold
    agent = agents[COMPLAINED]
    received = [today - datetime.timedelta(days=12 + 29 * (threshold - 1 - n))
                for n in range(threshold)]
    policies = list(InsurancePolicy.objects.filter(agent=agent, signed_on__lt=received[0])
                    .order_by("signed_on", "number")[:threshold])
    recheck = None
    for n in range(threshold):
        complaint = complaint_record(actor=staff.clerk, agent=agent, received_on=received[n],
                                     summary=COMPLAINTS[n % len(COMPLAINTS)],
                                     policy=policies[n] if n < len(policies) else None)
        # verified in the order received: the threshold-th one opens the re-check
        _, recheck = complaint_verify(actor=staff.head, complaint=complaint,
                                      mis_selling=True, findings=COMPLAINT_FINDINGS)
    other = agents[PENDING]
    complaint_record(actor=staff.desk, agent=other,
                     received_on=today - datetime.timedelta(days=3),
                     summary=PENDING_COMPLAINT,
                     policy=InsurancePolicy.objects.filter(agent=other)
                     .order_by("number").first())
    return recheck


def load_customers_demo(*, seed: int,
                        policies: int = DEFAULT_POLICIES) -> CustomersDemoSummary | None:
    """Load the customers demo (one transaction); None when the module is off or the
    policy names no customer-service unit."""
    if not module_on() or not get_policy().customers.service_units:
        return None
    started = time.perf_counter()
    today = timezone.localdate()
    plan = plan_customers(seed=seed, today=today, policies=policies)
    summary = CustomersDemoSummary(rows=len(plan.rows))
    with service_batch():  # the services join one transaction: all or nothing
        staff = _service_people(summary)
        agents = _agents(staff.head, summary)
        result = policies_import(actor=staff.clerk, rows=enumerate(plan.rows, start=2),
                                 parallel=False)
        _check_import(result, plan)
        summary.stored, summary.refused = result.stored, len(result.bad)
        agent_set_active(actor=staff.head, agent=agents[DEACTIVATED], active=False,
                         reason=DEACTIVATION_REASON)
        summary.inactive_agents = 1
        summary.scan_date = today
        suspicious_scan(scan_date=today)
        _close_family_item(plan)
        recheck = _complaints(staff, agents)
        number, name, id_number = plan.query
        policy_query(actor=staff.desk, policy_number=number, asker_name=name,
                     asker_id_number=id_number, channel=PolicyQuery.Channel.PHONE)
    items = list(SuspiciousItem.objects.values_list("status", flat=True))
    summary.open_items = sum(s == SuspiciousItem.Status.OPEN for s in items)
    summary.closed_items = sum(s == SuspiciousItem.Status.CLOSED for s in items)
    summary.complaints = Complaint.objects.count()
    summary.rechecks = int(recheck is not None)
    summary.queries = PolicyQuery.objects.count()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["DEFAULT_POLICIES", "PEOPLE", "CustomersDemoSummary", "CustomersPlan",
           "load_customers_demo", "plan_customers"]

