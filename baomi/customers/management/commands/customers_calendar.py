"""`baomi customers_calendar [--seed] [--year Y]`: the working-day calendar (R-CUS-3).

`--seed` loads the years the chinese-calendar package knows (idempotent; years already
entered are kept). Without it, prints the year's holidays and make-up working days and
warns when the year has no data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.customers.selectors import calendar_days, calendar_years
from baomi.customers.services.calendar import calendar_seed, missing_year_warning

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "工作日历(法定节假日与调休)/ the working-day calendar"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", action="store_true", help="从 chinese-calendar 导入")
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["seed"]:
            added = calendar_seed(actor=None)
            self.stdout.write(_("已导入 %(added)s 个年度") % {"added": added})
        year = options["year"] or timezone.localdate().year
        for day in calendar_days(year):
            self.stdout.write(f"{day.day}  {day.get_kind_display()}  {day.name}")
        if not calendar_years().filter(year=year).exists():
            self.stderr.write(_("警告: %(warning)s") % {"warning": missing_year_warning([year])})
