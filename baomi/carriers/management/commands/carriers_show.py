"""`baomi carriers_show --as U NUMBER_OR_ID`: one carrier with its copies.

The read is audited (R-ACC-6). A carrier the person may not see is "未找到。" (exit 4),
exactly like one that does not exist (R-ACC-1); the refusal is audited too. A supervisor
or auditor not in scope gets its metadata only (R-ACC-4, decision 0006).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

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
    term = _("%(term_years)s 年") % {"term_years": carrier.term_years} if carrier.term_years else _("不设期限")
    if carrier.term_ends:
        term += _(",至 %(date)s") % {"date": f"{carrier.term_ends:%Y-%m-%d}"}
    confirmer = carrier.confirmer
    return [
        (_("编号"), carrier.number or ""),
        (_("名称"), carrier.shown_title),
        (_("密级"), level_label(carrier.level, policy=policy)),
        (_("类型"), carrier.get_kind_display()),
        (_("状态"), carrier.get_status_display()),
        (_("部门"), carrier.department.name),
        (_("保密期限"), term),
        (_("份数"), str(carrier.copies_planned)),
        (_("拟制人"), f"{carrier.drafter.name}({carrier.drafter.staff_no}) {when(carrier.created_at)}"),
        (_("定密人"), f"{confirmer.name}({confirmer.staff_no}) {when(carrier.confirmed_at)}".rstrip()
         if confirmer else "—"),
        (_("可见范围"), _("仅元数据(监督检查/审计,R-ACC-4)")),
    ]


def describe(carrier: Carrier) -> list[tuple[str, str]]:
    policy = get_policy()
    mark = mark_for(carrier.level, controlled=carrier.controlled)
    scope = "、".join(f"{p.name}({p.staff_no})"
                     for p in carrier_scope_people(carrier=carrier).order_by("staff_no"))
    term = _("%(term_years)s 年") % {"term_years": carrier.term_years} if carrier.term_years else _("不设期限")
    if carrier.term_ends:
        term += _(",至 %(date)s") % {"date": f"{carrier.term_ends:%Y-%m-%d}"}
    confirmer = carrier.confirmer
    rows = [
        (_("编号"), carrier.number or ""),
        (_("名称"), carrier.title),
        (_("密级"), level_label(carrier.level, policy=policy)),
        (_("类型"), carrier.get_kind_display()),
        (_("状态"), carrier.get_status_display()),
        (_("部门"), carrier.department.name),
        (_("定密依据"), carrier.category or "—"),
        (_("定密理由"), carrier.reason or "—"),
        (_("保密期限"), term),
        (_("知悉范围"), _("%(rank)s及以上;列名: %(scope)s") % {"rank": rank_label(carrier.scope_rank, policy=policy), "scope": scope or '—'}),
        (_("标识"), _("%(text)s(%(placement)s)") % {"text": mark.text or '无', "placement": policy_label('placement', mark.placement)}),
        (_("份数"), str(carrier.copies_planned)),
        (_("拟制人"), f"{carrier.drafter.name}({carrier.drafter.staff_no}) {when(carrier.created_at)}"),
        (_("定密人"), f"{confirmer.name}({confirmer.staff_no}) {when(carrier.confirmed_at)}".rstrip()
         if confirmer else "—"),
    ]
    if carrier.return_note:
        rows.append((_("退回意见"), carrier.return_note))
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
                (_("份号"), _("保管人"), _("状态")),
                [(c.copy_no, f"{c.custodian.name}({c.custodian.staff_no})",
                  c.get_status_display()) for c in copies]))
