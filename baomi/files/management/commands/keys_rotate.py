"""`baomi keys_rotate`: rewrap every file's data key under a new master key (R-DOC-1).

Content is not re-encrypted. Interrupted, it is simply run again: it continues with the
pending key. Afterwards every file is opened and authenticated; the old key is dropped only
when all of them open. Exit 1 when a file does not open (listed).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.files.rotation import keys_rotate

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "重新包装全部文件的数据密钥(更换主密钥),并验证每个文件都能打开"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--batch", type=int, default=200, help="每个事务重新包装的数量")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"{stage} {done}/{total}")

        report = keys_rotate(batch=max(1, options["batch"]), progress=progress)
        source = ", ".join(report.from_kids) or "—"
        self.stdout.write(_("主密钥 %(source)s → %(to_kid)s:重新包装 %(rewrapped)s 个,"
                          "验证 %(verified)s 个文件可以打开") % {"source": source, "to_kid": report.to_kid, "rewrapped": report.rewrapped, "verified": report.verified})
        if report.failed:
            self.stderr.write(_("%(n)s 个文件无法打开,旧密钥保留:") % {"n": len(report.failed)})
            for line in report.failed:
                self.stderr.write(f"  {line}")
            sys.exit(1)
        self.stdout.write(_("完成:新主密钥已启用,旧密钥已删除。"))
