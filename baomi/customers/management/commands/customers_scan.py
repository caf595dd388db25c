"""`baomi customers_scan [--date D]`: the suspicious-customer list for business date D
(default yesterday), R-CUS-3. Idempotent and cron-safe: run it daily (T+1) or as often as
you like; it never duplicates an item. `--full` first regroups every customer from
scratch and reports any shared value the database's triggers had not recorded (there
should be none; run it after restoring a backup or loading data with triggers off).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.core.errors import ApplicationError, NotVisible
from baomi.customers.services.scan import suspicious_scan
from baomi.policy.customers import module_on

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "可疑客户扫描(同一电话、同一银行账号)/ scan for shared phones and accounts"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="业务日期 T,YYYY-MM-DD(默认昨天)")
        parser.add_argument("--full", action="store_true",
                            help="先对全部客户重新分组核对(较慢)/ regroup every customer first")

    def handle(self, *args: Any, **options: Any) -> None:
        if not module_on():
            raise NotVisible
        if options.get("date"):
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise ApplicationError(_("请更正标出的字段"),
                                       fields={"date": [_("日期格式应为 YYYY-MM-DD")]}) from None
        else:
            day = timezone.localdate() - datetime.timedelta(days=1)
        result = suspicious_scan(scan_date=day, full=options["full"])
        if result.missing is not None:
            self.stdout.write(_("全量核对:补记共用电话 %(phones)s,共用银行账号 %(accounts)s")
                              % {"phones": result.missing.get("PHONE", 0),
                                 "accounts": result.missing.get("ACCOUNT", 0)})
        run = result.run
        self.stdout.write(
            _("业务日期 %(scan_date)s:可疑组 %(groups)s,新增可疑件 %(new_items)s,"
            "新增关联客户 %(joined)s;清单日期 %(listed_on)s,排查期限 %(due_on)s") % {"scan_date": run.scan_date, "groups": run.groups, "new_items": run.new_items, "joined": run.joined, "listed_on": run.listed_on, "due_on": run.due_on})
        if result.warning:
            self.stderr.write(_("警告: %(warning)s") % {"warning": result.warning})
