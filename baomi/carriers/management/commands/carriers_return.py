"""`baomi carriers_return --as U NUMBER --note …`: the confirmer returns a draft (退回修改)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.carriers.management.commands._carriers import carrier_ref, summary
from baomi.carriers.services import carrier_for_action, carrier_return
from baomi.core.command import BaomiCommand

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "退回草稿 / return a draft to its drafter with a note"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("carrier", metavar="NUMBER")
        parser.add_argument("--note", required=True, help="退回意见")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        carrier = carrier_for_action(viewer=actor, **carrier_ref(options["carrier"]))
        carrier = carrier_return(actor=actor, carrier=carrier, note=options["note"])
        self.stdout.write(_("已退回 %(carrier)s") % {"carrier": summary(carrier)})
