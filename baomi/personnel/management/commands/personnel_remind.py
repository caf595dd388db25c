"""`baomi personnel_remind [--today 2026-12-01]`: certificate re-examination and periodic
training (R-PPL-2), key-post review (R-PPL-6) reminders, each also an in-app notice that
names no classified content. Idempotent and cron-safe: one reminder per person, subject and
cycle."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.core.context import channel
from baomi.core.errors import ApplicationError
from baomi.personnel.services.records import remind_run

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "涉密人员提醒 / reminders: certificates ending, training and key-post reviews due"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--today", default=None, help="ISO date to run as")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise ApplicationError(_("日期格式有误"), fields={"today": [_("例如 2026-12-01")]}) from exc
        with channel("job"):
            made = remind_run(today=today)
        self.stdout.write(_("新提醒 %(total)s 条(岗位认证复审 %(certificate)s,"
                          "定期培训 %(training)s,关键岗位审查 %(review)s)") % {"total": sum(made.values()), "certificate": made['certificate'], "training": made['training'], "review": made['review']})
