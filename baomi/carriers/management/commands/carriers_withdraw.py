"""`baomi carriers_withdraw --as U NUMBER --reason …`: the drafter withdraws a draft (作废)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.carriers.management.commands._carriers import carrier_ref, summary
from baomi.carriers.services import carrier_for_action, carrier_withdraw
from baomi.core.command import BaomiCommand

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "作废草稿 / the drafter withdraws an unconfirmed draft (R-CLS-2)"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("carrier", metavar="NUMBER")
        parser.add_argument("--reason", required=True, help="作废原因")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        carrier = carrier_for_action(viewer=actor, **carrier_ref(options["carrier"]))
        carrier = carrier_withdraw(actor=actor, carrier=carrier, reason=options["reason"])
        self.stdout.write(_("已作废 %(carrier)s") % {"carrier": summary(carrier)})
