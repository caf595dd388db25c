"""`baomi people_list`: active people with rank and clearance (not classified)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.core.table import format_table
from baomi.people.selectors import active_people

if TYPE_CHECKING:
    from django.core.management.base import CommandParser


class Command(BaomiCommand):
    help = "列出在岗人员 / list active people"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--unit", default="", help="only this department (code)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        people = active_people().select_related("user").order_by("staff_no")
        if options["unit"]:
            people = people.filter(unit__code=options["unit"])
        if options["json"]:
            self.stdout.write(json.dumps([
                {"id": p.pk, "staff_no": p.staff_no, "name": p.name, "unit": p.unit.code,
                 "rank": p.rank, "clearance": p.clearance,
                 "username": p.user.get_username() if p.user else ""}
                for p in people
            ], ensure_ascii=False, indent=2))
            return
        rows = [(p.staff_no, p.name, p.unit.name, p.get_rank_display(),
                 p.get_clearance_display(), p.user.get_username() if p.user else "",
                 _("是") if p.is_secrecy_officer else "")
                for p in people]
        if not rows:
            self.stdout.write(_("没有在岗人员。"))
            return
        self.stdout.write(format_table((_("工号"), _("姓名"), _("部门"), _("职级"), _("涉密等级"), _("登录名"),
                                        _("保密员")), rows))
        self.stdout.write(_("共 %(n)s 人") % {"n": len(rows)})
