"""`baomi policy_check FILE`: validate a policy file before it is put in force.

Prints "OK" and the file's SHA-256, or "FILE:LINE: reason" and exits 2.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import EXIT_INVALID, BaomiCommand
from baomi.policy.document import PolicyError, load_policy_file

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "检查策略文件 / validate a policy file"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", metavar="FILE", help="policy file (TOML)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            policy = load_policy_file(path)
        except PolicyError as exc:
            where = f"{exc.source or path}:{exc.line}" if exc.line else (exc.source or path)
            self.stderr.write(f"{where}: {exc.reason}")
            sys.exit(EXIT_INVALID)
        self.stdout.write(f"OK {policy.sha256}")
        self.stdout.write(_("  %(n)s 个密级, %(n2)s 个职级, "
                          "%(n3)s 个涉密等级") % {"n": len(policy.levels), "n2": len(policy.ranks), "n3": len(policy.clearances)})
