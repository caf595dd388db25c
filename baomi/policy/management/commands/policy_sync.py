"""`baomi policy_sync`: record the policy file in force as a version if it changed.

Idempotent: run by `make run` after migrate, safe to run at any time. The change is
audited as "policy.activate".
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.policy.runtime import load_active
from baomi.policy.services import policy_record

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Command(BaomiCommand):
    help = "记录正在施行的策略版本 / record the policy in force if it changed"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--by", default="", metavar="LABEL",
                            help="who puts the policy in force (default: the OS user)")

    def handle(self, *args: Any, **options: Any) -> None:
        policy = load_active()  # the file as it is now, validated
        label = options["by"] or f"policy_sync ({_os_user()})"
        version, created = policy_record(actor_label=label, policy=policy)
        if created:
            self.stdout.write(_("已记录新的策略版本 #%(pk)s: %(sha256)s "
                              "(%(source)s)") % {"pk": version.pk, "sha256": version.sha256[:16], "source": policy.source})
        else:
            self.stdout.write(_("策略未变化: 版本 #%(pk)s %(sha256)s") % {"pk": version.pk, "sha256": version.sha256[:16]})
