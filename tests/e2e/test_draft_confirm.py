"""The issue's browser scenario: a drafter drafts a 秘密 document, the department manager
confirms it and sees its numbered copies (R-CLS-2, R-CLS-3, R-CLS-4)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from baomi.carriers.models import Carrier
from baomi.people.models import Person

if TYPE_CHECKING:
    from collections.abc import Callable

    from .conftest import Session

pytestmark = pytest.mark.e2e

TITLE = "新型号产品立项报告(浏览器测试)"


NAMES = {"staff": "张伟", "staff2": "刘洋", "manager": "李娜", "director": "王强",
         "pm": "陈杰", "gm": "赵敏", "board": "周建国", "deputy": "孙丽"}


def _real_names(people: dict[str, Person]) -> None:
    """Readable names for the screenshots (test set-up, not a page action)."""
    for key, name in NAMES.items():
        Person.objects.filter(pk=people[key].pk).update(name=name)
        people[key].name = name


def _some_carriers(make_carrier: Callable[..., Any], people: dict[str, Person]) -> None:
    """A few carriers of several levels so that the pages have something to show."""
    make_carrier(level="SECRET", title="2026年度产品开发进度分析报告", copies_planned=2)
    make_carrier(level="INTERNAL", title="关于加强涉密载体管理的通知")
    make_carrier(level="GENERAL", title="外协加工图纸 A-102")
    make_carrier(level="CONFIDENTIAL", title="项目成本与利润论证材料",
                 named_people=[people["pm"]])
    make_carrier(level="SECRET", confirm=False, title="供应商合同文本(草稿)")


def test_draft_then_confirm_in_the_browser(session: Session, people: dict[str, Person],
                                          make_carrier: Callable[..., Any]) -> None:
    _real_names(people)
    _some_carriers(make_carrier, people)
    page = session.page

    # --- the drafter -------------------------------------------------------------------
    session.go("/login/")
    assert page.get_by_role("heading", name="登录").is_visible()
    session.shot("login")
    session.login("staff")
    assert people["staff"].name in page.get_by_test_id("who").inner_text()
    session.shot("home-staff")

    page.get_by_test_id("nav-carriers").click()  # the 载体 menu
    page.get_by_role("link", name="拟制", exact=True).and_(page.locator(".dropdown-item")).click()
    page.wait_for_url(re.compile(r"/carriers/draft/$"))
    page.fill("#id_title", TITLE)
    # the dependent selects follow the level through htmx
    page.select_option("#id_level", "INTERNAL")
    page.wait_for_selector("#id_category option[value^='3.1']", state="attached")
    page.select_option("#id_level", "SECRET")
    page.wait_for_selector("#id_category option[value^='2.3']", state="attached")
    assert page.input_value("#id_term_years") == "10"
    page.select_option("#id_category", label="2.3 立项报告、产品开发进度分析报告")
    page.fill("#id_reason", "含尚未公开的新产品开发计划")
    page.select_option("#id_confirmer", str(people["manager"].pk))
    page.fill("#id_copies_planned", "3")
    session.shot("draft")
    page.get_by_role("button", name="提交定密").click()
    page.wait_for_url(re.compile(r"/carriers/\d+/$"))
    assert page.get_by_text("等待").first.is_visible()
    carrier = Carrier.objects.get(title=TITLE)
    assert carrier.status == "DRAFT" and carrier.level == "SECRET"
    session.logout()

    # --- the department manager confirms --------------------------------------------------
    session.login("manager")
    pending = page.locator("#pending")
    assert pending.get_by_text(TITLE).is_visible()
    session.shot("home-manager")
    pending.locator("tr", has_text=TITLE).get_by_role("link", name="定密", exact=True).click()
    page.wait_for_url(re.compile(rf"/carriers/{carrier.pk}/confirm/$"))
    page.get_by_role("button", name="确认定密…").click()
    dialog = page.locator("#confirm-modal")
    dialog.wait_for(state="visible")
    assert "秘密" in dialog.inner_text()
    session.shot("confirm-dialog")
    page.get_by_test_id("confirm-submit").click()
    page.wait_for_url(re.compile(rf"/carriers/{carrier.pk}/$"))

    copies = page.get_by_test_id("copies")
    rows = copies.locator("tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(3)] == ["1", "2", "3"]
    assert people["staff"].name in copies.inner_text()  # the drafter holds the copies
    session.shot("detail")
    carrier.refresh_from_db()
    assert carrier.status == "CONFIRMED"

    # --- the ledger, filtered through htmx ------------------------------------------------
    page.get_by_test_id("nav-carriers").click()
    page.get_by_role("link", name="载体台账").and_(page.locator(".dropdown-item")).click()
    page.wait_for_url(re.compile(r"/carriers/$"))
    session.shot("list")
    page.select_option("#id_level", "SECRET")
    page.wait_for_url(re.compile(r"level=SECRET"))
    results = page.get_by_test_id("carrier-results")
    results.get_by_text(TITLE).wait_for()
    assert "关于加强涉密载体管理的通知" not in results.inner_text()

    assert session.errors == []  # no CSP violation, no script error


def test_refusal_and_lockout_pages_in_the_browser(session: Session, people: dict[str, Person],
                                                  make_carrier: Callable[..., Any]) -> None:
    """R-CLS-3 refusal explains itself in the page; five bad passwords lock the login."""
    _real_names(people)
    draft = make_carrier(level="SECRET", confirm=False, title="含价格信息的BOM清单")
    page = session.page

    # a rule broken in the draft form is shown on its field (R-CLS-5), nothing is stored
    session.login("staff")
    session.go("/carriers/draft/")
    page.fill("#id_title", "期限过长的草稿")
    page.fill("#id_term_years", "50")
    page.select_option("#id_confirmer", str(people["manager"].pk))
    page.get_by_role("button", name="提交定密").click()
    page.wait_for_load_state()
    feedback = page.locator(".field-term_years .invalid-feedback")
    assert "R-CLS-5" in feedback.inner_text()
    session.shot("draft-errors")
    assert not Carrier.objects.filter(title="期限过长的草稿").exists()
    session.logout()

    session.login("manager")
    session.go(f"/carriers/{draft.pk}/confirm/")
    page.select_option("#id_level", "CONFIDENTIAL")
    page.wait_for_selector("#id_category option[value^='1.1']", state="attached")
    page.select_option("#id_category", index=1)
    page.get_by_role("button", name="确认定密…").click()
    dialog = page.locator("#confirm-modal")
    dialog.wait_for(state="visible")
    # app.js fills the dialog from the form as it is now, not as it was loaded
    assert "机密" in dialog.locator("[data-summary-for=level]").inner_text()
    assert dialog.locator("[data-summary-for=term_years]").inner_text() == "20"
    page.get_by_test_id("confirm-submit").click()
    denied = page.get_by_test_id("denied")
    denied.wait_for()
    assert "R-CLS-3" in denied.inner_text() and "机密文件由公司高层领导确认" in denied.inner_text()
    session.shot("denied")
    session.errors.clear()  # the 403 document itself is reported by the console

    # the English interface
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.get_by_test_id("nav-carriers").click()
    assert page.get_by_role("link", name="Carrier ledger").is_visible()
    session.go("/")
    session.shot("home-english")
    # the longer English menu still fits the 1280 px window (no sideways scrolling)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # conftest VIEWPORT
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()
    session.logout()

    for _ in range(5):
        page.fill("#id_username", "staff2")
        page.fill("#id_password", "wrong-password")
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
    locked = page.get_by_test_id("locked-out")
    locked.wait_for()
    assert "账号已暂时锁定" in locked.inner_text()
    session.shot("locked-out")
    session.errors.clear()  # the 429 document
