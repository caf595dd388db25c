"""`baomi audit_verify`: check an export offline, or the database itself.

    baomi audit_verify --export audit.jsonl --checkpoint checkpoint.txt --key ed25519.vkey

runs the offline verifier (baomi/audit/verifier.py, no database) and names the first
bad index; exit 0 when it verifies, 1 when it does not, 2 when a file is unreadable.
Without `--export` it re-hashes the stored log against its head and checkpoints.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from baomi.audit import verifier
from baomi.core.command import BaomiCommand

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "核验审计日志 / verify the audit log (an export offline, or the database)"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--export", help="audit_export JSON lines")
        parser.add_argument("--checkpoint", action="append", default=[],
                            help="signed checkpoint file (repeatable)")
        parser.add_argument("--key", help="verifier key file (.vkey)")
        parser.add_argument("--proof", help="also check an audit_prove JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export"]:
            if not options["checkpoint"] or not options["key"]:
                self.stderr.write("--export 需要 --checkpoint 和 --key")
                sys.exit(2)
            argv = ["--export", options["export"], "--key", options["key"]]
            for path in options["checkpoint"]:
                argv += ["--checkpoint", path]
            if options["proof"]:
                argv += ["--proof", options["proof"]]
            sys.stdout.flush()
            code = verifier.main(argv)
            if code:
                sys.exit(code)
            return
        from baomi.audit.selectors import log_check

        check = log_check()
        if check.first_bad_seq is None:
            self.stdout.write("通过 OK: 数据库中的审计日志与树头和全部检查点一致。")
            return
        self.stdout.write(f"失败 FAILED at seq {check.first_bad_seq}: {check.reason}")
        sys.exit(1)
