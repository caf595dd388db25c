"""`baomi carriers_trace FILE [--as USER]`: which copy a leaked PDF came from.

Reads the trace codes in a PDF (whole or one extracted page), checks each code's HMAC and
prints the copy, the person and the time it was issued. A forged or altered code is
refused (exit 3 when no authentic code is found). The look-up is audited (R-ACC-6).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.core.errors import ApplicationError
from baomi.files.services import copy_trace

if TYPE_CHECKING:
    from django.core.management.base import CommandParser

EXIT_FORGED = 3


class Command(BaomiCommand):
    help = "从泄露的 PDF(或其中一页)查出副本、接收人和发出时间"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="PDF 文件")
        parser.add_argument("--as", dest="as_user", default="", metavar="USERNAME",
                            help="以此人身份追查(保密办);不填则以系统身份")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ApplicationError(_("无法读取文件"), fields={"file": [str(exc)]}) from exc
        actor = self.actor(options) if options["as_user"] else None
        try:
            report = copy_trace(actor=actor, data=data, name=path.name)
        except ApplicationError as exc:
            if "伪造" in exc.message:
                self.stderr.write(_("拒绝: %(message)s") % {"message": exc.message})
                for code in exc.fields.get("file", [])[1:]:
                    self.stderr.write(f"  {code}")
                sys.exit(EXIT_FORGED)
            raise
        for copy in report.copies:
            carrier = copy.file.carrier
            issued = timezone.localtime(copy.issued_at).strftime("%Y-%m-%d %H:%M:%S")
            self.stdout.write(
                _("副本 %(pk)s(第 %(serial)s 次发出,份号 %(copy_label)s,"
                "%(purpose)s)\n"
                "  载体 %(number)s %(title)s\n"
                "  文件 %(name)s\n"
                "  接收人 %(recipient)s(工号 %(staff_no)s)\n"
                "  发出时间 %(issued)s") % {"pk": copy.pk, "serial": copy.serial, "copy_label": copy.copy_label, "purpose": copy.get_purpose_display(), "number": carrier.number, "title": carrier.title, "name": copy.file.name, "recipient": copy.recipient.name, "staff_no": copy.recipient.staff_no, "issued": issued})
        for code in report.forged:
            self.stderr.write(_("另有无效(伪造或被改动)的追踪码: %(code)s") % {"code": code})
