"""`baomi carriers_confirm --as U NUMBER`: confirm a draft's classification (定密确认).

Only the named confirmer, entitled for the level (R-CLS-3), never the drafter (R-ACC-4);
a refusal prints the rule and its clause and exits 3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.carriers.management.commands._carriers import (
    carrier_ref,
    category_for,
    level_code,
    rank_code,
    summary,
)
from baomi.carriers.services import carrier_confirm, carrier_for_action
from baomi.core.command import BaomiCommand

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "定密确认 / confirm a draft's classification and issue its copies"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("carrier", metavar="NUMBER")
        parser.add_argument("--level", default=None, help="the level settled, if not the proposed")
        parser.add_argument("--term-years", type=int, default=None, help="保密期限(年)")
        parser.add_argument("--scope-rank", default=None, help="知悉范围的最低职级")
        parser.add_argument("--category", default=None, help="定密依据")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        carrier = carrier_for_action(viewer=actor, **carrier_ref(options["carrier"]))
        level = level_code(options["level"]) if options["level"] else None
        category = options["category"]
        if category is not None:
            category = category_for(level or carrier.level, category)
        carrier = carrier_confirm(
            actor=actor, carrier=carrier, level=level, term_years=options["term_years"],
            scope_rank=rank_code(options["scope_rank"]) if options["scope_rank"] else None,
            category=category,
        )
        term = _("%(term_years)s 年") % {"term_years": carrier.term_years} if carrier.term_years else _("不设期限")
        self.stdout.write(_("已定密 %(carrier)s") % {"carrier": summary(carrier)})
        self.stdout.write(_("  保密期限 %(term)s,份数 %(copies_planned)s") % {"term": term, "copies_planned": carrier.copies_planned})
