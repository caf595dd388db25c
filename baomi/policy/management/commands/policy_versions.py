"""`baomi policy_versions`: the recorded versions of the policy, newest first."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.core.table import format_table
from baomi.policy.runtime import get_policy
from baomi.policy.selectors import policy_versions

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "列出策略版本 / list recorded policy versions"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        in_force = get_policy().sha256
        versions = list(policy_versions().only("id", "sha256", "source", "activated_at",
                                               "activated_by"))
        if options["json"]:
            self.stdout.write(json.dumps([
                {"id": v.pk, "sha256": v.sha256, "source": v.source,
                 "activated_at": v.activated_at.isoformat(), "activated_by": v.activated_by,
                 "in_force": i == 0 and v.sha256 == in_force}
                for i, v in enumerate(versions)
            ], ensure_ascii=False, indent=2))
            return
        if not versions:
            self.stdout.write(_("尚未记录任何策略版本(运行 baomi policy_sync)。"))
            return
        rows = [
            (f"#{v.pk}", timezone.localtime(v.activated_at).strftime("%Y-%m-%d %H:%M:%S"),
             v.sha256[:16], v.activated_by, v.source,
             "在用" if i == 0 and v.sha256 == in_force else "")
            for i, v in enumerate(versions)
        ]
        self.stdout.write(format_table((_("版本"), _("启用时间"), "SHA-256", _("启用人"), _("来源"), _("状态")),
                                       rows, max_width=60))
        if versions[0].sha256 != in_force:
            self.stdout.write(_("注意: 正在施行的策略文件尚未记录(运行 baomi policy_sync)。"))
