"""`baomi customers_report --as USER --quarter 2026Q1 --out FILE.xlsx` (R-CUS-6)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.customers.reports import quarterly_report

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "季度报告:提供虚假客户资料的代理人与代理机构 / quarterly false-data report"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--quarter", required=True, help="如 2026Q1")
        parser.add_argument("--out", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        data, lines = quarterly_report(actor=self.actor(options), quarter=options["quarter"])
        Path(options["out"]).write_bytes(data)
        self.stdout.write(_("%(quarter)s:代理人 %(n)s 名,已写入 %(out)s") % {"quarter": options['quarter'], "n": len(lines), "out": options['out']})
