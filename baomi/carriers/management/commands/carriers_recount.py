"""`baomi carriers_recount`: rebuild the carrier tally (CarrierTally) from the carriers.

Idempotent and safe at any time: the services keep the tally exact, this repairs it
after a restore or a manual database change.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from baomi.carriers.tally import tally_rebuild
from baomi.core.command import BaomiCommand


class Command(BaomiCommand):
    help = "重建载体计数 / rebuild the carrier counts used by the lists"

    def handle(self, *args: Any, **options: Any) -> None:
        groups = tally_rebuild()
        self.stdout.write(_("已重建载体计数: %(groups)s 组") % {"groups": groups})
