"""`baomi audit_export FILE`: the whole log as JSON lines for the offline verifier.

One header line, then `{"event":<canonical JSON>,"leaf":"<stored leaf hash>"}` per
event in seq order (see baomi/audit/verifier.py). `--size N` stops at N events, e.g. at
a checkpoint's size. `-` writes to standard output.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from baomi.audit.exporting import export_blocks
from baomi.core.command import BaomiCommand

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "导出审计日志(JSON lines,供离线核验) / export the audit log for offline verification"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", help="output file, or - for standard output")
        parser.add_argument("--size", type=int, default=None, help="export the first N events")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        out = sys.stdout.buffer if path == "-" else open(path, "wb")  # noqa: SIM115
        try:
            count = 0
            for block in export_blocks(size=options["size"]):
                out.write(block)
                count += block.count(b"\n")
        finally:
            if out is not sys.stdout.buffer:
                out.close()
        if path != "-":
            self.stdout.write(f"已导出 {count - 1} 条事件到 {path}")
