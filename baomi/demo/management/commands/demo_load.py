"""`baomi demo_load [--if-empty] [--seed N] [--carriers N]`: load the demo organisation."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError

from baomi.carriers.models import Carrier
from baomi.core.command import BaomiCommand
from baomi.core.writes import service_batch
from baomi.demo.company import (
    DEFAULT_CARRIERS,
    DEFAULT_SEED,
    database_is_empty,
    load_demo,
    logins_table,
)
from baomi.demo.customers import load_customers_demo
from baomi.policy.labels import level_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.core.management.base import CommandParser

    from baomi.demo.company import DemoSummary


class Command(BaomiCommand):
    help = ("装入演示单位:6 个部门、61 名人员、约 300 件涉密载体;客户信息模块开启时另有"
            "客户服务部与约 300 件保单。全部经由服务层写入并审计。"
            " / Load the demo company (and the customers demo when that module is on)"
            " through the services (every row audited).")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--if-empty", action="store_true",
                            help="数据库已有人员或单位时什么也不做 / do nothing unless empty")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"随机种子,同一种子得到同样的数据 (默认 {DEFAULT_SEED})")
        parser.add_argument("--carriers", type=int, default=DEFAULT_CARRIERS,
                            help=f"载体数量 (默认 {DEFAULT_CARRIERS})")

    def handle(self, *args: Any, **options: Any) -> None:
        if not database_is_empty():
            if options["if_empty"]:
                self.stdout.write("数据库中已有人员或单位,未装入演示数据。"
                                  " / The database is not empty: demo not loaded.")
                self.stdout.write(logins_table())
                return
            raise CommandError("数据库中已有人员或单位:演示数据只装入空数据库。"
                               " / The database is not empty: the demo loads into an empty one.")
        count = options["carriers"]
        if not 0 <= count <= 20000:
            raise CommandError("--carriers 应在 0 到 20000 之间 / must be 0..20000")
        started = time.perf_counter()
        with service_batch():  # the company and the customers demo: all or nothing
            summary = load_demo(seed=options["seed"], carriers=count)
            customers = load_customers_demo(seed=options["seed"])
        seconds = time.perf_counter() - started
        self.stdout.write(self._summary(summary, seconds))
        if customers is not None:
            self.stdout.write(customers.text())
        self.stdout.write("")
        self.stdout.write(logins_table())

    def _summary(self, summary: DemoSummary, seconds: float) -> str:
        policy = get_policy()

        def levels() -> str:
            return "、".join(f"{level_label(spec.code, policy=policy)} {summary.by_level[spec.code]}"
                            for spec in policy.levels if summary.by_level[spec.code])

        statuses = "、".join(f"{label} {summary.by_status[value]}"
                            for value, label in Carrier.Status.choices
                            if summary.by_status[value])
        kinds = "、".join(f"{label} {summary.by_kind[value]}"
                         for value, label in Carrier.Kind.choices if summary.by_kind[value])
        return "\n".join([
            f"演示单位已装入 / Demo organisation loaded (seed {summary.seed}, {seconds:.1f} s)",
            f"  单位 units: {summary.units}   人员 people: {summary.people}"
            f"   登录 logins: {summary.logins}",
            f"  载体 carriers: {summary.carriers}  ({statuses})",
            f"  密级 levels: {levels()}",
            f"  类型 kinds: {kinds}",
        ])
