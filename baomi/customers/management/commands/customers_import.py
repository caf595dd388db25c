"""`baomi customers_import FILE --as USER`: policies and customers from CSV or xlsx.

Good rows are stored (one transaction per batch); every bad row is reported with its line
number and reasons and never stored. Exit 0 when every row was stored, 2 when some were
refused (their lines are on stderr; `--report FILE` writes them as CSV too).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import EXIT_INVALID, BaomiCommand
from baomi.customers.importing import open_import
from baomi.customers.services.registry import policies_import

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Progress:
    """A one-line progress bar on stderr (only when it is a terminal or asked for)."""

    def __init__(self, total: int, stream: Any, enabled: bool) -> None:
        self.total, self.done, self.stream, self.enabled = max(total, 1), 0, stream, enabled
        self.shown = -1

    def __call__(self, n: int) -> None:
        self.done += n
        percent = min(100, self.done * 100 // self.total)
        if self.enabled and percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            self.stream.write("\r" + _("导入") + f" [{bar:<25}] {percent:3d}% {self.done}/{self.total}",
                              ending="")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("")


class Command(BaomiCommand):
    help = "导入客户与保单(CSV/xlsx)/ import customers and policies"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help=".csv 或 .xlsx 文件")
        parser.add_argument("--report", help="把错误行写入这个 CSV 文件")
        parser.add_argument("--progress", action="store_true",
                            help="总是显示进度条(默认只在终端显示)")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        source = open_import(options["file"])
        if source.ignored_columns:
            self.stderr.write(_("忽略无法识别的列: ") + "、".join(source.ignored_columns))
        enabled = not options["no_progress"] and (options["progress"] or sys.stderr.isatty())
        progress = Progress(source.total, self.stderr, enabled)
        result = policies_import(actor=actor, rows=source.rows, progress=progress)
        progress.close()
        self.stdout.write(_("共 %(rows)s 行:导入 %(stored)s 行,错误 %(n)s 行") % {"rows": result.rows, "stored": result.stored, "n": len(result.bad)})
        for bad in result.bad:
            self.stderr.write(_("第 %(line)s 行: ") % {"line": bad.line} + ";".join(bad.reasons))
        if options.get("report"):
            with Path(options["report"]).open("w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.writer(fh)
                writer.writerow([_("行号"), _("原因")])
                writer.writerows([b.line, ";".join(b.reasons)] for b in result.bad)
        if result.bad:
            sys.exit(EXIT_INVALID)
