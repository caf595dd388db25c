"""`baomi approvals_remind [--now 2026-12-01T09:00]`: post due reminders (cron-safe).

Idempotent: running it again the same day posts nothing new. Notices carry ids and levels
only (R-DOC-3). `--now` moves the clock (for checks and tests).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.approvals.services import remind_run
from baomi.core.command import BaomiCommand
from baomi.core.context import channel
from baomi.core.errors import ApplicationError

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "到期提醒 / post reminders: overdue returns, late approval steps, terms ending"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--now", default=None, help="ISO date or time to run as")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                moment = datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise ApplicationError(_("时间格式有误"), fields={"now": [
                    _("例如 2026-12-01 或 2026-12-01T09:00")]}) from exc
            now = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
        with channel("job"):
            counts = remind_run(now=now)
        self.stdout.write(_("逾期未还 %(overdue)s 条,审批超时 %(steps)s 条,"
                          "保密期限将到 %(terms)s 条(新提醒)") % {"overdue": counts['overdue'], "steps": counts['steps'], "terms": counts['terms']})
