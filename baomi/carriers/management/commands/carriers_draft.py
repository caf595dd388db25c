"""`baomi carriers_draft --as U …`: draft a carrier (拟制). Until confirmed only the drafter
and the named confirmer see it (R-CLS-2); the confirmer must be entitled (R-CLS-3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.carriers.management.commands._carriers import (
    category_for,
    choice_code,
    level_code,
    person_ref,
    rank_code,
    summary,
)
from baomi.carriers.models import Carrier
from baomi.carriers.services import carrier_draft
from baomi.core.command import BaomiCommand

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "拟制涉密载体 / draft a classified carrier"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--title", required=True, help="名称")
        parser.add_argument("--kind", required=True, help="类型: DOCUMENT … or 文件 …")
        parser.add_argument("--level", required=True, help="拟定密级: code or label")
        parser.add_argument("--confirmer", required=True, metavar="STAFFNO",
                            help="定密人 (staff number or login name)")
        parser.add_argument("--category", default="",
                            help="定密依据, as in the policy or its number (2.1)")
        parser.add_argument("--reason", default="", help="定密理由")
        parser.add_argument("--term-years", type=int, default=None, help="保密期限(年)")
        parser.add_argument("--scope-rank", default=None, help="知悉范围的最低职级")
        parser.add_argument("--named", nargs="*", default=[], metavar="STAFFNO",
                            help="people directly concerned (知悉范围列名)")
        parser.add_argument("--copies", type=int, default=1, help="份数")
        parser.add_argument("--controlled", action="store_true", help="受控文件")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        level = level_code(options["level"])
        carrier = carrier_draft(
            actor=actor,
            title=options["title"],
            kind=choice_code(Carrier.Kind, options["kind"], "kind", _("类型")),
            level=level,
            confirmer=person_ref(options["confirmer"], "confirmer"),
            category=category_for(level, options["category"]),
            reason=options["reason"],
            term_years=options["term_years"],
            scope_rank=rank_code(options["scope_rank"]) if options["scope_rank"] else None,
            named_people=[person_ref(ref, "named_people") for ref in options["named"]],
            copies_planned=options["copies"],
            controlled=options["controlled"],
        )
        confirmer = carrier.confirmer
        self.stdout.write(_("已拟制 %(carrier)s") % {"carrier": summary(carrier)})
        if confirmer is not None:
            self.stdout.write(_("  待 %(name)s(%(staff_no)s) 定密确认") % {"name": confirmer.name, "staff_no": confirmer.staff_no})
