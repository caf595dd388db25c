"""`baomi people_list`: active people, as a table or JSON."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from baomi.people.tests.factories import PersonFactory


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_people_list_table(people, org):
    PersonFactory(name="已离职者", unit=org["rd"], status="LEFT")
    out = run("people_list")
    assert out.splitlines()[0].split() == ["工号", "姓名", "部门", "职级", "涉密等级", "登录名",
                                           "保密员"]
    assert people["gm"].staff_no in out and "总经理" in out and "核心" in out
    assert "已离职者" not in out
    assert f"共 {len(people)} 人" in out


def test_people_list_json_by_unit(people):
    data = json.loads(run("people_list", "--unit", "finance", "--json"))
    assert {p["username"] for p in data} == {"outsider", "fin_manager"}
    assert all(p["unit"] == "finance" for p in data)
