"""The issue's browser scenario for approvals (R-DOC-4, R-ACC-4, R-DOC-6):
borrow → a wrong-rank approver is refused with the rule shown → the GM approves → the
borrower signs for → overdue reminder → the lender signs for the return → the borrowing
register exported to xlsx holds the rows."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from baomi.approvals.models import ApprovalRequest

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person

    from .conftest import Session

pytestmark = pytest.mark.e2e


def test_borrow_approve_sign_for_overdue_return_export(
        session: Session, people: dict[str, Person], make_carrier: Callable[..., Any]) -> None:
    carrier = make_carrier(level="CONFIDENTIAL", title="项目成本与利润论证材料",
                           named_people=[people["pm"]], copies_planned=2)
    page = session.page
    due = timezone.localdate() + timedelta(days=3)

    # --- the project manager asks to borrow (档案借阅审批单) -----------------------------
    session.login("pm")
    session.go(f"/carriers/{carrier.pk}/")
    page.get_by_test_id("request-approval").click()
    page.wait_for_url(re.compile(r"/approvals/new/"))
    page.fill("#id_reason", "成本评审会需要查阅")
    page.fill("#id_due_back", due.isoformat())
    session.shot("borrow-request")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))
    assert page.get_by_test_id("request-status").inner_text() == "审批中"
    req = ApprovalRequest.objects.get(carrier=carrier)
    detail = f"/approvals/{req.pk}/"
    session.logout()

    # --- a director may see it but not approve a 机密 borrowing: not offered, with why --
    session.login("director")
    session.go(detail)
    assert page.get_by_role("button", name="同意").count() == 0
    why = page.get_by_test_id("not-offered")
    assert "R-DOC-4" in why.inner_text() and "总经理或其授权人" in why.inner_text()
    session.shot("borrow-denied")
    session.logout()

    # --- the GM approves from the inbox, one click plus confirmation ---------------------
    session.login("gm")
    session.go("/approvals/inbox/")
    assert req.number in page.get_by_test_id("inbox").inner_text()
    page.get_by_role("button", name="同意").first.click()
    session.shot("borrow-confirm-modal")
    page.get_by_test_id("confirm-approve").first.click()
    page.wait_for_url(re.compile(r"/approvals/inbox/$"))
    req.refresh_from_db()
    assert req.status == "APPROVED"
    session.logout()

    # --- the borrower signs for with their password ---------------------------------------
    session.login("pm")
    session.go(detail)
    page.fill("#sign-pw", "pw-pm")
    page.get_by_role("button", name="签收").click()
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))
    req.refresh_from_db()
    assert req.copy is not None and req.copy.lent_by_id == people["director"].id

    # --- a moved clock: the reminder job posts an overdue notice (ids and level only) ----
    call_command("approvals_remind", "--now", (due + timedelta(days=2)).isoformat())
    session.go("/")
    notices = page.get_by_test_id("notices").inner_text()
    assert "借阅逾期" in notices and carrier.number in notices and carrier.title not in notices
    session.shot("borrow-overdue-home")
    session.logout()

    # --- the lender signs for the return ---------------------------------------------------
    session.login("director")
    session.go(detail)
    page.fill("#return-pw", "pw-director")
    page.get_by_role("button", name="确认收回").click()
    page.wait_for_url(re.compile(r"/approvals/\d+/$"))
    assert page.get_by_test_id("request-status").inner_text() == "已办结"
    session.shot("borrow-done")

    # --- the borrowing register, exported to xlsx ------------------------------------------
    session.go("/approvals/registers/borrow/")
    assert carrier.number in page.get_by_test_id("register-table").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as sheet:
        ws = load_workbook(io.BytesIO(sheet.read())).active
    assert ws is not None
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[3] == carrier.number]
    events = {r[2] for r in rows}
    assert events == {"借出签收", "归还签收"}, rows
    assert all(r[-3] == req.number for r in rows)
    # the refusal page itself is an HTTP 403 document, which chromium logs; nothing else
    assert [e for e in session.errors if "status of 403" not in e] == []
