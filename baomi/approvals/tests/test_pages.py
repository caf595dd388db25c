"""Pages, API, exports: denials show rule and clause, registers answer with a fixed number
of queries, xlsx and PDF exports carry the rows and embed the Chinese font."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from baomi.approvals.services import request_sign_for, step_decide
from baomi.approvals.tests.requests_made import borrow, pw

pytestmark = pytest.mark.django_db


def make_lends(people, make_carrier, n):
    for i in range(n):
        carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]],
                               title=f"借阅测试 {i}")
        req = step_decide(actor=people["gm"], request=borrow(people["pm"], carrier),
                          decision="APPROVE")
        request_sign_for(actor=people["pm"], request=req, password=pw(people["pm"]))


def test_wrong_rank_sees_rule_and_clause(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)
    client.force_login(people["director"].user)
    page = client.get(reverse("approvals:detail", args=[req.pk]))
    assert page.status_code == 200 and "档案借阅" not in page.content.decode()[:0]
    response = client.post(reverse("approvals:decide", args=[req.pk]),
                           {"decision": "APPROVE", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 403 and "R-DOC-4" in body and "总经理或其授权人" in body


def test_request_page_flow(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    client.force_login(people["pm"].user)
    new = client.get(reverse("approvals:new") + f"?carrier={carrier.pk}&kind=BORROW")
    assert new.status_code == 200
    bad = client.post(reverse("approvals:new"), {"carrier": carrier.pk, "kind": "BORROW",
                                                 "reason": "评审"})
    assert bad.status_code == 400
    copy_denied = client.post(reverse("approvals:new"), {"carrier": carrier.pk, "kind": "COPY",
                                                         "reason": "x", "count": 1})
    assert copy_denied.status_code == 403 and "R-DOC-5" in copy_denied.content.decode()
    assert client.get(reverse("approvals:new") + "?carrier=999999").status_code == 404
    assert client.get(reverse("approvals:list")).status_code == 200


def test_inbox_and_one_click_approve(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)
    client.force_login(people["gm"].user)
    inbox = client.get(reverse("approvals:inbox")).content.decode()
    assert req.number in inbox and "确认同意" in inbox
    done = client.post(reverse("approvals:decide", args=[req.pk]),
                       {"decision": "APPROVE", "next": "inbox"})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.status == "APPROVED"
    again = client.post(reverse("approvals:decide", args=[req.pk]), {"decision": "APPROVE"})
    assert again.status_code == 302  # "already decided", shown as a message, not a 500


def test_invisible_request_is_404(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)
    client.force_login(people["staff"].user)
    assert client.get(reverse("approvals:detail", args=[req.pk])).status_code == 404
    assert client.get(reverse("approvals:pdf", args=[req.pk])).status_code == 404


@pytest.mark.parametrize("slug", ["ledger", "borrow", "print", "destroy", "external"])
def test_register_query_count_is_fixed(client, people, make_carrier,
                                       django_assert_max_num_queries, slug):
    client.force_login(people["gm"].user)
    make_lends(people, make_carrier, 2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("approvals:register", args=[slug])).status_code == 200
    make_lends(people, make_carrier, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("approvals:register", args=[slug])).status_code == 200


def test_register_filters_and_bad_dates(client, people, make_carrier):
    make_lends(people, make_carrier, 2)
    client.force_login(people["gm"].user)
    url = reverse("approvals:register", args=["borrow"])
    assert "借阅测试 1" in client.get(url + "?text=借阅测试 1").content.decode()
    assert "借阅测试" not in client.get(url + "?start=2001-01-01&end=2001-01-02"
                                      ).content.decode().split("register-table")[1]
    assert client.get(url + "?start=not-a-date&level=NOPE").status_code == 200
    assert client.get(reverse("approvals:register", args=["nope"])).status_code == 404


def test_borrowing_register_xlsx_has_the_row(client, people, make_carrier):
    make_lends(people, make_carrier, 1)
    client.force_login(people["pm"].user)
    response = client.get(reverse("approvals:register", args=["borrow"]) + "?format=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "机密"  # the export is marked (R-CLS-6)
    assert rows[2][:4] == ["序号", "时间", "事项", "编号"]
    assert any("借阅测试 0" in (r[4] or "") and r[2] == "借出签收" for r in rows[3:])


def _pdffonts(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdffonts", f.name], capture_output=True, text=True,  # noqa: S603,S607
                              check=True).stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdfs_embed_the_chinese_font(client, people, make_carrier):
    make_lends(people, make_carrier, 1)
    client.force_login(people["gm"].user)
    register = client.get(reverse("approvals:register", args=["borrow"]) + "?format=pdf")
    assert register["Content-Type"] == "application/pdf"
    fonts = _pdffonts(register.content)
    assert "WenQuanYi" in fonts and re.search(r"yes\s+yes", fonts)  # embedded, subset
    from baomi.approvals.models import ApprovalRequest
    req = ApprovalRequest.objects.first()
    assert req is not None
    form = client.get(reverse("approvals:pdf", args=[req.pk]))
    assert form.status_code == 200 and "WenQuanYi" in _pdffonts(form.content)
    out = Path(tempfile.gettempdir()) / "baomi-shots"
    out.mkdir(exist_ok=True)
    (out / "borrow-register.pdf").write_bytes(register.content)
    (out / "borrow-form.pdf").write_bytes(form.content)


def test_api_submit_approve_and_denials(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    client.force_login(people["pm"].user)
    denied = client.post("/api/approvals/", {"kind": "COPY", "carrier": carrier.pk,
                                             "reason": "x"}, content_type="application/json")
    assert denied.status_code == 403 and denied.json()["rule"] == "R-DOC-5"
    bad = client.post("/api/approvals/", {"kind": "BORROW", "carrier": carrier.pk},
                      content_type="application/json")
    assert bad.status_code == 400
    made = client.post("/api/approvals/", {"kind": "BORROW", "carrier": carrier.pk,
                                           "reason": "评审", "due_back": "2099-01-01"},
                       content_type="application/json")
    assert made.status_code == 400  # beyond borrow_max_days
    from datetime import timedelta

    from django.utils import timezone
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    made = client.post("/api/approvals/", {"kind": "BORROW", "carrier": carrier.pk,
                                           "reason": "评审", "due_back": due},
                       content_type="application/json")
    assert made.status_code == 201, made.json()
    rid = made.json()["id"]
    own = client.post(f"/api/approvals/{rid}/approve/", {}, content_type="application/json")
    assert own.status_code == 403 and own.json()["rule"] == "R-ACC-4"
    client.force_login(people["gm"].user)
    assert len(client.get("/api/approvals/inbox/").json()) == 1
    ok = client.post(f"/api/approvals/{rid}/approve/", {}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "APPROVED"
    assert client.get("/api/approvals/99999999/").status_code == 404


def test_remind_command_is_idempotent(people, make_carrier, capsys):
    make_lends(people, make_carrier, 1)
    from datetime import timedelta

    from django.utils import timezone
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    call_command("approvals_remind", "--now", later)
    first = capsys.readouterr().out
    call_command("approvals_remind", "--now", later)
    second = capsys.readouterr().out
    assert "逾期未还 0 条" not in first and "逾期未还 0 条" in second


def test_home_shows_overdue_and_notices(client, people, make_carrier):
    from baomi.carriers.models import CarrierCopy
    make_lends(people, make_carrier, 1)
    from datetime import timedelta

    from django.utils import timezone
    CarrierCopy.objects.filter(lent_by__isnull=False).update(
        due_back=timezone.localdate() - timedelta(days=1))
    client.force_login(people["director"].user)
    body = client.get("/").content.decode()
    assert 'data-testid="overdue"' in body
    client.force_login(people["staff"].user)
    assert 'data-testid="overdue"' not in client.get("/").content.decode()


def test_register_page_in_english_while_the_export_of_record_stays_chinese(client, people,
                                                                            make_carrier):
    make_lends(people, make_carrier, 1)
    client.force_login(people["pm"].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("approvals:register", args=["borrow"])
    page = client.get(url).content.decode()
    assert "Borrowing register" in page and "借阅登记簿" not in page
    assert "Borrower / signed by" in page
    ws = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert rows[2][:4] == ["序号", "时间", "事项", "编号"]
