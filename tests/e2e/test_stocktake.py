"""Browser scenario for a stock-take (清点, R-DOC-11) and the oversight pages: a department's
secrecy officer starts a stock-take, marks copies found and missing, records an unexpected
copy, files the report and reports the missing copy lost (R-DOC-7); the secrecy office
closes the incident; the GM delegates borrowing approval (授权人, R-ACC-4) and sees a
pending confirmation (定密, R-CLS-3) in the approvals inbox."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from baomi.approvals.models import Delegation, Incident
from baomi.carriers.models import CarrierCopy, StockTake

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person

    from .conftest import Session

pytestmark = pytest.mark.e2e


def test_stocktake_loss_incident_delegation_inbox(
        session: Session, people: dict[str, Person], make_person: Callable[..., Person],
        make_carrier: Callable[..., Any]) -> None:
    officer = make_person("STAFF", "GENERAL", "rd", username="rdsec", is_secrecy_officer=True,
                          name="赵保密")
    secret = make_carrier(level="SECRET", copies_planned=3, title="研发方案")
    make_carrier(level="INTERNAL", copies_planned=2, title="部门通知")
    elsewhere = make_carrier(level="SECRET", drafter=people["fin_manager"],
                             confirmer=people["pm"], title="财务报表")
    page = session.page

    # --- the department's secrecy officer checks 研发部 ---------------------------------
    session.login("rdsec")
    session.go("/carriers/stocktakes/")
    page.get_by_role("button", name="开始清点").click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))
    take = StockTake.objects.get()
    assert take.expected == 5
    rows = page.get_by_test_id("stocktake-items")
    assert "研发方案" not in rows.inner_text()  # metadata only (R-ACC-4)
    first, *rest = list(take.items.order_by("carrier_number", "copy_no"))
    page.locator(f"label[for=m-{first.pk}]").click()
    page.fill(f"input[name=n-{first.pk}]", "柜中未见")
    for item in rest:
        page.locator(f"label[for=f-{item.pk}]").click()
    page.get_by_test_id("stocktake-save").click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))
    page.fill("#ux-number", elsewhere.number)
    page.fill("#ux-copy", "1")
    page.fill("#ux-note", "会议室桌上发现")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))
    session.shot("stocktake-sheet")
    page.fill("#close-note", "缺失一份,已报告保密办;账外一份已交还财务部")
    page.get_by_role("button", name="完成清点").click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))
    assert "清点报告已归档" in page.get_by_test_id("stocktake-report").inner_text()
    page.get_by_role("button", name="报告丢失").click()
    page.fill(f"#loss-note-{first.pk}", "清点时未找到")
    page.get_by_role("button", name="确认报告丢失").click()
    page.wait_for_url(re.compile(r"/carriers/stocktakes/\d+/$"))
    session.shot("stocktake-report")
    incident = Incident.objects.get()
    assert CarrierCopy.objects.get(pk=first.copy_id).status == CarrierCopy.Status.LOST
    response = page.request.get(session.base_url + f"/carriers/stocktakes/{take.pk}/report.pdf")
    assert response.status == 200 and response.body()[:4] == b"%PDF"
    session.go("/carriers/stocktakes/")
    session.shot("stocktake-list")
    session.logout()

    # --- the secrecy office closes the incident -------------------------------------
    session.login("gm")
    session.go(f"/approvals/incidents/{incident.pk}/")
    page.fill("#id_findings", "经查为清点前借出未登记,已找回并补登;对保管人提出批评。")
    session.shot("incident-close")
    page.get_by_role("button", name="结案").click()
    page.wait_for_url(re.compile(r"/approvals/incidents/\d+/$"))
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    session.shot("incident-closed")

    # --- the GM delegates borrowing approval and sees a confirmation in the inbox ----
    make_carrier(confirm=False, level="CONFIDENTIAL", title="年度经营计划(草稿)")
    session.go("/approvals/delegations/")
    page.select_option("#id_delegate", str(people["deputy"].pk))
    page.locator("input[name=kinds][value=BORROW]").check()
    page.fill("#id_ends_on", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.fill("#id_reason", "出差期间由副总经理代批借阅")
    page.get_by_role("button", name="授权", exact=True).click()
    page.wait_for_url(re.compile(r"/approvals/delegations/$"))
    assert Delegation.objects.filter(grantor=people["gm"], revoked_at__isnull=True).count() == 1
    session.shot("delegations")
    session.go("/approvals/inbox/")
    assert "年度经营计划" in page.get_by_test_id("inbox-confirmations").inner_text()
    session.shot("inbox-confirmations")
    assert not session.errors, session.errors
    assert secret.number and officer.pk
