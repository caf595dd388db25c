"""`baomi carriers_list --as U`: the carriers this person may see, newest first.

The same scoped list as the pages and the API (R-ACC-1/2, R-CLS-2): what the person may
not see is not shown and not counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.carriers.management.commands._carriers import (
    LIST_HEADERS,
    bad,
    choice_code,
    department_ref,
    level_code,
    list_row,
)
from baomi.carriers.models import Carrier
from baomi.carriers.selectors import CarrierFilters, carrier_page
from baomi.core.command import BaomiCommand
from baomi.core.table import format_table

if TYPE_CHECKING:
    from django.core.management.base import CommandParser

PAGE_SIZE = 50


class Command(BaomiCommand):
    help = "列出可见的涉密载体 / list the carriers a person may see"
    acts_as_person = True

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--level", default="", help="密级: code or label (秘密)")
        parser.add_argument("--kind", default="", help="类型: DOCUMENT, DRAWING … or 文件 …")
        parser.add_argument("--status", default="", help="状态: DRAFT, CONFIRMED … or 已定密 …")
        parser.add_argument("--department", default="", help="部门: id or code")
        parser.add_argument("--q", default="", help="text in the title or number")
        parser.add_argument("--page", default="1", help="page number (50 per page)")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = self.actor(options)
        page_no = options["page"]
        if not str(page_no).isdigit() or int(page_no) < 1:
            raise bad("page", _("页码应为正整数: %(page_no)s") % {"page_no": page_no})
        filters = CarrierFilters(
            level=level_code(options["level"]) if options["level"] else "",
            kind=(choice_code(Carrier.Kind, options["kind"], "kind", _("类型"))
                  if options["kind"] else ""),
            status=(choice_code(Carrier.Status, options["status"], "status", _("状态"))
                    if options["status"] else ""),
            department=department_ref(options["department"]) if options["department"] else None,
            text=options["q"].strip()[:100],
        )
        page = carrier_page(viewer=viewer, filters=filters, page=int(page_no),
                            per_page=PAGE_SIZE)
        rows = [list_row(c) for c in page.object_list]
        if rows:
            self.stdout.write(format_table(LIST_HEADERS, rows))
        else:
            self.stdout.write(_("没有可见的涉密载体。"))
        self.stdout.write(_("共 %(count)s 条 · 第 %(number)s/"
                          "%(num_pages)s 页") % {"count": page.paginator.count, "number": page.number, "num_pages": page.paginator.num_pages})
