"""The quarterly report of agents and agencies that supplied false customer data (R-CUS-6).

Sources: suspicious items closed as 虚假资料 with the responsible agent (R-CUS-3), and
re-check entries found 资料不实 (R-CUS-4), in the quarter. Two sheets: agents, agencies.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.customers.models import Agent, RecheckEntry, SuspiciousItem
from baomi.customers.services import require
from baomi.policy.customers import may_oversee_list

if TYPE_CHECKING:
    from baomi.people.models import Person


@dataclass
class AgentLine:
    agent: Agent
    items: list[str] = field(default_factory=list)
    recheck_findings: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + self.recheck_findings


def quarter_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """'2026Q1' (or '2026-Q1') → first and last day of the quarter."""
    match = re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text.strip())
    if not match:
        raise ApplicationError("请更正标出的字段", fields={"quarter": ["季度格式应为 2026Q1"]})
    year, q = int(match.group(1)), int(match.group(2))
    first = datetime.date(year, 3 * q - 2, 1)
    last = (datetime.date(year + 1, 1, 1) if q == 4
            else datetime.date(year, 3 * q + 1, 1)) - datetime.timedelta(days=1)
    return first, last


def false_data_lines(first: datetime.date, last: datetime.date) -> list[AgentLine]:
    lines: dict[int, AgentLine] = {}
    items = (SuspiciousItem.objects.filter(
        outcome=SuspiciousItem.Outcome.FALSE_DATA, closed_at__date__gte=first,
        closed_at__date__lte=last, responsible_agent__isnull=False)
        .select_related("responsible_agent", "responsible_agent__agency").order_by("id"))
    for item in items:
        agent = item.responsible_agent
        assert agent is not None  # noqa: S101 (filtered above)
        lines.setdefault(agent.id, AgentLine(agent)).items.append(item.number)
    entries = (RecheckEntry.objects.filter(
        result=RecheckEntry.Result.FALSE_DATA, recheck__created_at__date__lte=last,
        recheck__created_at__date__gte=first)
        .select_related("recheck__agent", "recheck__agent__agency"))
    for entry in entries:
        agent = entry.recheck.agent
        lines.setdefault(agent.id, AgentLine(agent)).recheck_findings += 1
    return sorted(lines.values(), key=lambda line: (-line.total, line.agent.code))


def quarterly_report(*, actor: Person, quarter: str) -> tuple[bytes, list[AgentLine]]:
    """The xlsx workbook (bytes) and its lines; running it is audited."""
    import openpyxl
    from openpyxl.styles import Font

    require(may_oversee_list(actor), actor=actor, action="customers.report")
    first, last = quarter_bounds(quarter)
    lines = false_data_lines(first, last)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101
    sheet.title = "代理人"
    title = f"提供虚假客户资料的营销员、银保专管员 {first:%Y-%m-%d} 至 {last:%Y-%m-%d}"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["序号", "代理人工号", "姓名", "类别", "代理机构", "可疑件(虚假资料)",
                  "重新核查不实", "合计"])
    for n, line in enumerate(lines, start=1):
        agent = line.agent
        sheet.append([n, agent.code, agent.name, str(agent.get_kind_display()),
                      agent.agency.name if agent.agency else "", "、".join(line.items),
                      line.recheck_findings, line.total])
    agencies: dict[str, list[int]] = {}
    for line in lines:
        if line.agent.agency is not None:
            key = f"{line.agent.agency.code}\t{line.agent.agency.name}"
            counts = agencies.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += line.total
    second = book.create_sheet("代理机构")
    second.append([f"提供虚假客户资料的代理机构 {first:%Y-%m-%d} 至 {last:%Y-%m-%d}"])
    second["A1"].font = Font(bold=True)
    second.append(["序号", "机构代码", "机构名称", "涉及代理人数", "虚假资料件数"])
    for n, (key, (agents, total)) in enumerate(sorted(agencies.items()), start=1):
        code, name = key.split("\t", 1)
        second.append([n, code, name, agents, total])
    out = io.BytesIO()
    book.save(out)
    with transaction.atomic():
        audit_append(actor=actor, action="customers.report", target=None,
                     detail={"quarter": quarter, "agents": len(lines),
                             "agencies": len(agencies)})
    return out.getvalue(), lines
