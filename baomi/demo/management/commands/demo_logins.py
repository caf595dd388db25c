"""`baomi demo_logins`: print the demo logins per rank and the demo password."""

from __future__ import annotations

from typing import Any

from baomi.core.command import BaomiCommand
from baomi.demo.company import logins_table


class Command(BaomiCommand):
    help = "列出演示登录(按职级)和演示密码 / Print the demo logins per rank and the password."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(logins_table())
