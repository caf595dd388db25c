"""The carriers_* commands: the same scoping, refusals and audit as pages and API.

Exit codes: 0 done, 2 bad input, 3 refused (rule and clause on stderr), 4 not found.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from baomi.audit.models import AuditEvent
from baomi.carriers.models import Carrier, CarrierTally
from baomi.carriers.selectors import carrier_count, carrier_list
from baomi.policy.clauses import CLAUSES


def run(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr), the way a shell would see them."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def listed_numbers(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines() if line.startswith("BM-")]


# --- R-ACC-1: not found, not listed, audited -------------------------------------------------

def test_staff_cannot_find_a_confidential_carrier(people, make_carrier):
    secret = make_carrier(level="CONFIDENTIAL")
    assert secret.number is not None
    for ref in (secret.number, str(secret.pk)):
        code, out, err = run("carriers_show", "--as", "staff", ref)
        assert code == 4 and out == ""
        assert "未找到" in err and secret.title not in err

    code, out, err = run("carriers_show", "--as", "staff", "BM-1999-000000")
    assert code == 4 and err.strip() == "未找到。"

    code, out, _ = run("carriers_list", "--as", "staff")
    assert code == 0 and secret.number not in out
    _, out, _ = run("carriers_list", "--as", "staff", "--level", "机密")
    assert listed_numbers(out) == [] and "共 0 条" in out

    events = AuditEvent.objects.filter(action="carrier.view", target_id=str(secret.pk))
    assert events.count() == 2
    assert all((e.allowed, e.rule, e.channel) == (False, "R-ACC-1", "cli") for e in events)


def test_list_shows_what_the_person_may_see(people, make_carrier):
    for level in ("CONFIDENTIAL", "SECRET", "INTERNAL"):
        make_carrier(level=level)
    make_carrier(level="SECRET", confirm=False)
    for key in ("gm", "director", "manager", "staff", "outsider"):
        code, out, _ = run("carriers_list", "--as", key)
        expected = [c.number for c in carrier_list(viewer=people[key])]
        assert code == 0 and listed_numbers(out) == expected, key
        assert f"共 {carrier_count(viewer=people[key])} 条" in out
    header = run("carriers_list", "--as", "gm")[1].splitlines()[0].split()
    assert header == ["编号", "名称", "密级", "类型", "状态", "部门"]


def test_list_filters_and_bad_filters(people, make_carrier, org):
    make_carrier(level="SECRET", title="立项报告")
    make_carrier(level="INTERNAL", title="会议纪要")
    assert len(listed_numbers(run("carriers_list", "--as", "manager", "--level", "SECRET")[1])) == 1
    assert len(listed_numbers(run("carriers_list", "--as", "manager", "--q", "纪要")[1])) == 1
    assert len(listed_numbers(run("carriers_list", "--as", "manager", "--kind", "文件",
                                  "--status", "已定密", "--department", "rd")[1])) == 2
    assert listed_numbers(run("carriers_list", "--as", "manager", "--department",
                              str(org["finance"].pk))[1]) == []
    for option, value in (("--level", "ULTRA"), ("--kind", "SCROLL"), ("--status", "x"),
                          ("--department", "nowhere"), ("--page", "0"), ("--page", "x")):
        code, _, err = run("carriers_list", "--as", "manager", option, value)
        assert code == 2 and "输入有误" in err, option


def test_unknown_person_is_an_error(db):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("carriers_list", "--as", "nobody", stdout=StringIO(), stderr=err)
    assert exit_.value.code == 2
    assert "没有这个人员: nobody" in err.getvalue()


# --- R-CLS-3 and R-ACC-4: refusals name the rule and quote the clause ---------------------

def test_manager_confirming_at_confidential_is_refused_with_r_cls_3(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    code, out, err = run("carriers_confirm", "--as", "manager", draft.number, "--level", "机密")
    assert code == 3 and out == ""
    assert "R-CLS-3" in err and CLAUSES["R-CLS-3"] in err
    assert Carrier.objects.get(pk=draft.pk).status == "DRAFT"
    event = AuditEvent.objects.filter(action="carrier.confirm").last()
    assert event is not None
    assert (event.allowed, event.rule, event.channel) == (False, "R-CLS-3", "cli")


def test_drafter_confirming_own_draft_is_refused_with_r_acc_4(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    code, _, err = run("carriers_confirm", "--as", "staff", draft.number)
    assert code == 3 and "R-ACC-4" in err and CLAUSES["R-ACC-4"] in err


def test_confirming_an_unseen_draft_is_not_found(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    code, _, err = run("carriers_confirm", "--as", "staff2", draft.number)
    assert code == 4 and "未找到" in err


# --- the whole flow ---------------------------------------------------------------------------

def test_draft_confirm_show_return(people):
    code, out, err = run("carriers_draft", "--as", "staff", "--title", "新产品立项报告",
                         "--kind", "文件", "--level", "秘密", "--confirmer",
                         people["manager"].staff_no, "--category", "2.3", "--copies", "2",
                         "--named", people["staff2"].staff_no)
    assert code == 0, err
    carrier = Carrier.objects.get()
    assert carrier.number is not None and carrier.number in out and "待定密" in out
    assert carrier.category.startswith("2.3 ")
    assert carrier.status == "DRAFT" and carrier.confirmer_id == people["manager"].pk

    code, out, err = run("carriers_confirm", "--as", "manager", carrier.number,
                         "--term-years", "5")
    assert code == 0, err
    assert "已定密" in out and "5 年" in out

    code, out, _ = run("carriers_show", "--as", "staff2", carrier.number)
    assert code == 0
    assert "新产品立项报告" in out and "秘密" in out and "每一页左上角" in out
    copies = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    assert [c[0] for c in copies] == ["1", "2"]
    view = AuditEvent.objects.filter(action="carrier.view", allowed=True).last()
    assert view is not None and view.channel == "cli"

    run("carriers_draft", "--as", "staff", "--title", "第二份", "--kind", "DOCUMENT",
        "--level", "SECRET", "--confirmer", "manager", "--category", "2.1")
    second = Carrier.objects.get(title="第二份")
    code, out, _ = run("carriers_return", "--as", "manager", str(second.number), "--note", "请补充")
    assert code == 0 and "已退回" in out
    second.refresh_from_db()
    assert second.status == "RETURNED" and second.return_note == "请补充"
    code, _, err = run("carriers_return", "--as", "manager", str(second.number), "--note", "再退")
    assert code == 2 and "status" in err


@pytest.mark.parametrize(("changes", "field"), [
    ({"--confirmer": "NOBODY"}, "confirmer"),
    ({"--level": "ULTRA"}, "level"),
    ({"--kind": "SCROLL"}, "kind"),
    ({"--category": "9.9"}, "category"),
    ({"--copies": "0"}, "copies_planned"),
    ({"--term-years": "50"}, "term_years"),
    ({"--confirmer": "staff2"}, "confirmer"),  # a staff member may not confirm 秘密 (R-CLS-3)
])
def test_bad_draft_input_exits_2_with_the_field(people, changes, field):
    options = {"--title": "x", "--kind": "DOCUMENT", "--level": "SECRET",
               "--confirmer": "manager", "--category": "2.1"}
    options.update(changes)
    args = [item for pair in options.items() for item in pair]
    code, _, err = run("carriers_draft", "--as", "staff", *args)
    assert code == 2 and f"{field}:" in err, err
    assert not Carrier.objects.exists()


def test_return_by_someone_else_is_refused(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False, named_people=[people["staff2"]])
    code, _, err = run("carriers_return", "--as", "staff", draft.number, "--note", "x")
    assert code == 3 and "R-CLS-2" in err


# --- carriers_recount -------------------------------------------------------------------------

def test_recount_is_idempotent_and_exact(people, make_carrier):
    for level in ("SECRET", "SECRET", "INTERNAL", "CONFIDENTIAL"):
        make_carrier(level=level)
    make_carrier(level="SECRET", confirm=False)

    def tally() -> set[tuple[object, ...]]:
        return set(CarrierTally.objects.filter(n__gt=0).values_list(
            "level", "scope_rank", "status", "kind", "department_id", "n"))

    before = tally()
    CarrierTally.objects.all().delete()  # simulate a lost tally (e.g. after a restore)
    assert carrier_count(viewer=people["gm"]) != len(carrier_list(viewer=people["gm"]))
    code, out, _ = run("carriers_recount")
    assert code == 0 and "已重建载体计数" in out
    assert tally() == before
    run("carriers_recount")
    assert tally() == before
    for person in people.values():
        assert carrier_count(viewer=person) == carrier_list(viewer=person).count()
