"""The logins table printed by `baomi demo_logins` and at the end of `baomi demo_load`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.hashers import check_password

from baomi.core.table import pad, text_width
from baomi.demo.company.org import DEMO_PASSWORD, PEOPLE
from baomi.people.models import Person
from baomi.policy.labels import clearance_label, rank_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Sequence

HEADER = ("用户名 Username", "姓名 Name", "职级 Rank", "部门 Dept", "涉密等级 Clearance",
          "职务 Post")


def render_table(rows: Sequence[Sequence[str]], *, groups: Sequence[int] = ()) -> str:
    """A plain-text table; a rule is drawn before each row index in `groups`."""
    widths = [max(text_width(row[i]) for row in (HEADER, *rows)) for i in range(len(HEADER))]
    rule = "-+-".join("-" * w for w in widths)

    def line(row: Sequence[str]) -> str:
        return " | ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()

    out = [line(HEADER), rule]
    for index, row in enumerate(rows):
        if index in groups and index:
            out.append(rule)
        out.append(line(row))
    return "\n".join(out)


def login_people() -> list[Person]:
    """People with a login, highest rank first (policy order), then by staff number."""
    order = {code: n for n, code in enumerate(get_policy().rank_codes())}
    people = list(Person.objects.filter(user__isnull=False, status=Person.Status.ACTIVE)
                  .select_related("unit", "user"))
    return sorted(people, key=lambda p: (order.get(p.rank, 99), p.staff_no))


def logins_table() -> str:
    """Logins per rank, and the demo password when the logins still use it."""
    policy = get_policy()
    people = login_people()
    if not people:
        return "还没有可登录的人员。运行 `baomi demo_load` 装入演示单位。\n" \
               "No logins yet. Run `baomi demo_load` to load the demo organisation."
    # the customers demo's 客户服务部 (loaded when that module is on)
    from baomi.demo.customers import PEOPLE as SERVICE_PEOPLE

    posts = {spec.key: spec.post for spec in (*PEOPLE, *SERVICE_PEOPLE)}

    rows: list[list[str]] = []
    groups: list[int] = []
    previous = ""
    for person in people:
        if person.rank != previous:
            groups.append(len(rows))
            previous = person.rank
        username = person.user.username if person.user else ""
        post = posts.get(username, "")
        if person.is_secrecy_officer and "保密" not in post:
            post = f"{post},兼职保密员" if post else "兼职保密员"
        rows.append([username, person.name, rank_label(person.rank, policy=policy), person.unit.name,
                     clearance_label(person.clearance, policy=policy), post])
    text = ["演示登录 / Demo logins", "", render_table(rows, groups=groups), ""]
    first = people[0].user
    if first is not None and check_password(DEMO_PASSWORD, first.password):
        text.append(f"密码(全部相同)/ Password (all the same): {DEMO_PASSWORD}")
    else:
        text.append("密码不是演示密码 / passwords are not the demo password")
    return "\n".join(text)
