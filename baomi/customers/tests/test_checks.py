"""R-CUS-4 agent re-checks, R-CUS-5 verified queries with a log, R-CUS-6 quarterly xlsx."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.core.errors import PolicyDenied
from baomi.customers.models import PolicyQuery, Recheck, SuspiciousItem
from baomi.customers.reports import quarter_bounds, quarterly_report
from baomi.customers.services.agents import agent_create
from baomi.customers.services.checks import (
    complaint_record,
    complaint_verify,
    policy_query,
    recheck_entry_record,
)
from baomi.customers.services.scan import EvidenceFile, item_close, suspicious_scan

from .conftest import make_id, row

D = datetime.date


def complain(people: dict[str, Any], agent: Any, day: datetime.date, verified: bool) -> Any:
    complaint = complaint_record(actor=people["gm"], agent=agent, received_on=day,
                                 summary="夸大收益")
    return complaint_verify(actor=people["gm"], complaint=complaint, mis_selling=verified,
                            findings="录音核实")[1]


def test_second_verified_complaint_in_a_year_rechecks_all_customers(people, register,
                                                                    agent) -> None:
    for n in range(1, 4):
        register(n)
    assert complain(people, agent, D(2026, 1, 10), True) is None
    assert complain(people, agent, D(2026, 2, 10), False) is None   # unfounded: no count
    recheck = complain(people, agent, D(2026, 6, 1), True)
    assert isinstance(recheck, Recheck)
    assert recheck.entries.count() == 6  # 3 policies × (holder + insured)
    assert complain(people, agent, D(2026, 7, 1), True) is None  # one open re-check
    entry = recheck.entries.first()
    assert entry is not None
    recheck_entry_record(actor=people["gm"], entry=entry, result="FALSE_DATA", note="电话不实")
    assert AuditEvent.objects.filter(action="recheck.open").count() == 1


def test_complaints_more_than_a_year_apart_do_not_trigger(people, register, agent) -> None:
    register(1)
    assert complain(people, agent, D(2024, 1, 10), True) is None
    assert complain(people, agent, D(2025, 3, 1), True) is None
    assert not Recheck.objects.exists()


def test_query_answered_only_to_a_party_and_always_logged(service, register) -> None:
    policy = register(1, beneficiary_name="受益人乙",
                      beneficiary_id_number=make_id(D(2001, 3, 3), serial=9))
    clerk = service["clerk"]
    holder = row(1)
    answer = policy_query(actor=clerk, policy_number=policy.number,
                          asker_name=holder["holder_name"],
                          asker_id_number=holder["holder_id_number"], channel="PHONE")
    assert answer.role == "投保人"
    answer = policy_query(actor=clerk, policy_number=policy.number, asker_name="受益人乙",
                          asker_id_number=make_id(D(2001, 3, 3), serial=9), channel="COUNTER")
    assert answer.role == "受益人"
    stranger = make_id(D(1985, 5, 5), serial=3)
    with pytest.raises(PolicyDenied) as exc:
        policy_query(actor=clerk, policy_number=policy.number, asker_name="陌生人",
                     asker_id_number=stranger, channel="PHONE")
    assert exc.value.rule == "R-CUS-5"
    with pytest.raises(PolicyDenied):  # right ID number, wrong name
        policy_query(actor=clerk, policy_number=policy.number, asker_name="冒名者",
                     asker_id_number=holder["holder_id_number"], channel="PHONE")
    log = list(PolicyQuery.objects.order_by("id").values_list("outcome", "asker_role"))
    assert log == [("ANSWERED", "投保人"), ("ANSWERED", "受益人"), ("REFUSED", ""),
                   ("REFUSED", "投保人")]
    assert AuditEvent.objects.filter(action="policy.query", allowed=False).count() == 2
    assert all("*" in m for m in PolicyQuery.objects.values_list("asker_id_masked", flat=True))


def test_quarterly_report_lists_false_data_agents_and_agencies(people, service, register,
                                                               agent) -> None:
    assert quarter_bounds("2026Q4") == (D(2026, 10, 1), D(2026, 12, 31))
    other = agent_create(actor=people["gm"], code="A002", name="李代理")
    register(1)
    register(2, holder_phone=row(1)["holder_phone"], agent_code="A002")
    suspicious_scan(scan_date=timezone.localdate())
    item = SuspiciousItem.objects.get()
    assert item.assignee is not None
    item_close(actor=item.assignee, item=item, outcome="FALSE_DATA",
               findings="代理人用本人电话替代客户电话", responsible_agent=other,
               evidence=[EvidenceFile("说明.txt", "调查报告".encode())])
    quarter = f"{timezone.localdate().year}Q{(timezone.localdate().month - 1) // 3 + 1}"
    data, lines = quarterly_report(actor=people["gm"], quarter=quarter)
    assert [line.agent.code for line in lines] == ["A002"]
    book = openpyxl.load_workbook(io.BytesIO(data))
    agents = [r for r in book["代理人"].iter_rows(min_row=3, values_only=True)]
    assert agents[0][1] == "A002" and item.number in agents[0][5]
    with pytest.raises(PolicyDenied):
        quarterly_report(actor=people["staff"], quarter=quarter)
