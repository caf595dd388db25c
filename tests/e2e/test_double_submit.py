"""Back + submit, and a double click, make one record (issue 11, docs/decisions/0005):
the create form's one-time token comes back with the form and the second post is
answered with the record the first one made."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import Carrier

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person

    from .conftest import Session

pytestmark = pytest.mark.e2e

TITLE = "重复提交测试报告(浏览器测试)"


def test_back_and_submit_on_the_draft_form_makes_one_carrier(
        session: Session, people: dict[str, Person]) -> None:
    page = session.page
    session.login("staff")
    session.go("/carriers/draft/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_level", "SECRET")
    page.wait_for_selector("#id_category option[value^='2.3']", state="attached")
    page.select_option("#id_category", label="2.3 立项报告、产品开发进度分析报告")
    page.fill("#id_reason", "含尚未公开的新产品开发计划")
    page.select_option("#id_confirmer", str(people["manager"].pk))
    page.get_by_role("button", name="提交定密").click()
    page.wait_for_url(re.compile(r"/carriers/\d+/$"))
    first = page.url

    page.go_back()  # the form again, as the browser restores it
    page.wait_for_url(re.compile(r"/carriers/draft/$"))
    assert page.input_value("#id_title") == TITLE
    page.get_by_role("button", name="提交定密").click()
    page.wait_for_url(re.compile(r"/carriers/\d+/$"))

    assert page.url == first  # the carrier the first post made
    assert page.get_by_text("此表单已经提交过").is_visible()
    assert Carrier.objects.filter(title=TITLE).count() == 1
    assert not session.errors, session.errors


def test_back_and_submit_on_the_request_form_makes_one_request(
        session: Session, people: dict[str, Person], make_carrier: Callable[..., Any]) -> None:
    carrier = make_carrier(level="CONFIDENTIAL", title="项目成本与利润论证材料",
                           named_people=[people["pm"]], copies_planned=2)
    page = session.page
    due = timezone.localdate() + timedelta(days=3)
    session.login("pm")
    session.go(f"/approvals/new/?carrier={carrier.pk}&kind=BORROW")
    page.fill("textarea[name=reason]", "项目评审需要查阅")
    page.fill("input[name=due_back]", due.isoformat())
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))
    first = page.url

    page.go_back()
    page.wait_for_url(re.compile(r"/approvals/new/"))
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))

    assert page.url == first
    assert page.get_by_text("此表单已经提交过").is_visible()
    assert ApprovalRequest.objects.filter(carrier=carrier, kind="BORROW").count() == 1
    assert not session.errors, session.errors


def test_back_and_submit_on_the_delegation_form_makes_one_delegation(
        session: Session, people: dict[str, Person]) -> None:
    from baomi.approvals.models import Delegation

    page = session.page
    session.login("gm")
    session.go("/approvals/delegations/")
    form = page.get_by_test_id("delegation-form")
    form.locator("select[name=delegate]").select_option(str(people["deputy"].pk))
    form.locator("input[name=kinds]").first.check()
    form.locator("input[name=ends_on]").fill(
        (timezone.localdate() + timedelta(days=10)).isoformat())
    form.get_by_role("button", name="授权").click()
    page.wait_for_load_state()
    assert Delegation.objects.filter(grantor=people["gm"]).count() == 1

    page.go_back()  # the filled form again
    page.wait_for_url(re.compile(r"/approvals/delegations/$"))
    page.get_by_test_id("delegation-form").get_by_role("button", name="授权").click()
    page.wait_for_load_state()

    assert page.get_by_text("此表单已经提交过").is_visible()
    assert Delegation.objects.filter(grantor=people["gm"]).count() == 1
    assert not session.errors, session.errors


def test_back_and_submit_on_the_stocktake_form_starts_one_stocktake(
        session: Session, people: dict[str, Person], make_person: Callable[..., Person],
        make_carrier: Callable[..., Any]) -> None:
    from baomi.carriers.models import StockTake

    officer = make_person("STAFF", "GENERAL", "rd", username="rdsec", is_secrecy_officer=True)
    make_carrier(level="SECRET", title="清点用载体", copies_planned=2)
    page = session.page
    session.login("rdsec")
    session.go("/carriers/stocktakes/")
    page.get_by_test_id("stocktake-start").get_by_role("button", name="开始清点").click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))
    first = page.url

    page.go_back()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/$"))
    page.get_by_test_id("stocktake-start").get_by_role("button", name="开始清点").click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))

    assert page.url == first
    assert page.get_by_text("此表单已经提交过").is_visible()
    assert StockTake.objects.filter(department=officer.unit).count() == 1
    assert not session.errors, session.errors
