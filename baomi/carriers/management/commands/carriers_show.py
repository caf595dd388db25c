"""`baomi carriers_show --as U NUMBER_OR_ID`: one carrier with its copies.

The read is audited (R-ACC-6). A carrier the person may not see is "未找到。" (exit 4),
exactly like one that does not exist (R-ACC-1); the refusal is audited too. A supervisor
or auditor not in scope gets its metadata only (R-ACC-4, decision 0006).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.carriers.management.commands._carriers import carrier_ref, when
from baomi.carriers.selectors import carrier_copies, carrier_scope_people
from baomi.carriers.services import carrier_view
from baomi.core.command import BaomiCommand
from baomi.core.table import format_table, pad
from baomi.policy.classification import mark_for
from baomi.policy.labels import level_label, policy_label, rank_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.core.management.base import CommandParser

    from baomi.carriers.models import Carrier


def describe_metadata(carrier: Carrier) -> list[tuple[str, str]]:
    """What a supervisor or auditor not in scope reads (decision 0006)."""
    policy = get_policy()
    term = f"{carrier.term_years} 年" if carrier.term_years else "不设期限"
    if carrier.term_ends:
        term += f",至 {carrier.term_ends:%Y-%m-%d}"
    confirmer = carrier.confirmer
    return [
        ("编号", carrier.number or ""),
        ("名称", carrier.shown_title),
        ("密级", level_label(carrier.level, policy=policy)),
        ("类型", carrier.get_kind_display()),
        ("状态", carrier.get_status_display()),
        ("部门", carrier.department.name),
        ("保密期限", term),
        ("份数", str(carrier.copies_planned)),
        ("拟制人", f"{carrier.drafter.name}({carrier.drafter.staff_no}) {when(carrier.created_at)}"),
        ("定密人", f"{confirmer.name}({confirmer.staff_no}) {when(carrier.confirmed_at)}".rstrip()
         if confirmer else "—"),
        ("可见范围", "仅元数据(监督检查/审计,R-ACC-4)"),
    ]


def describe(carrier: Carrier) -> list[tuple[str, str]]:
    policy = get_policy()
    mark = mark_for(carrier.level, controlled=carrier.controlled)
    scope = "、".join(f"{p.name}({p.staff_no})"
                     for p in carrier_scope_people(carrier=carrier).order_by("staff_no"))
    term = f"{carrier.term_years} 年" if carrier.term_years else "不设期限"
    if carrier.term_ends:
        term += f",至 {carrier.term_ends:%Y-%m-%d}"
    confirmer = carrier.confirmer
    rows = [
        ("编号", carrier.number or ""),
        ("名称", carrier.title),
        ("密级", level_label(carrier.level, policy=policy)),
        ("类型", carrier.get_kind_display()),
        ("状态", carrier.get_status_display()),
        ("部门", carrier.department.name),
        ("定密依据", carrier.category or "—"),
        ("定密理由", carrier.reason or "—"),
        ("保密期限", term),
        ("知悉范围", f"{rank_label(carrier.scope_rank, policy=policy)}及以上;列名: {scope or '—'}"),
        ("标识", f"{mark.text or '无'}({policy_label('placement', mark.placement)})"),
        ("份数", str(carrier.copies_planned)),
        ("拟制人", f"{carrier.drafter.name}({carrier.drafter.staff_no}) {when(carrier.created_at)}"),
        ("定密人", f"{confirmer.name}({confirmer.staff_no}) {when(carrier.confirmed_at)}".rstrip()
         if confirmer else "—"),
    ]
    if carrier.return_note:
        rows.append(("退回意见", carrier.return_note))
    return rows


class Command(BaomiCommand):
    help = "查看一个涉密载体 / show one carrier (the read is audited)"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("carrier", metavar="NUMBER_OR_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = self.actor(options)
        carrier = carrier_view(viewer=viewer, metadata=True, **carrier_ref(options["carrier"]))
        rows = describe(carrier) if carrier.sight == "full" else describe_metadata(carrier)
        for label, value in rows:
            self.stdout.write(f"{pad(label, 8)}  {value}")
        copies = list(carrier_copies(carrier=carrier))
        if copies:
            self.stdout.write("")
            self.stdout.write(format_table(
                ("份号", "保管人", "状态"),
                [(c.copy_no, f"{c.custodian.name}({c.custodian.staff_no})",
                  c.get_status_display()) for c in copies]))
