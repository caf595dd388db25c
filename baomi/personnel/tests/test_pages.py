"""Pages: the file is visible to the person and the secrecy office only; PDFs; two factors."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from baomi.personnel.services.commitments import post_assign
from baomi.personnel.services.foreign import foreign_submit
from baomi.personnel.services.leaving import exit_issue_reminder, exit_start
from baomi.personnel.tests.conftest import totp_code
from baomi.personnel.tests.policy_overrides import policy_with
from baomi.policy.personnel import may_view_file

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.django_db


def test_file_rule(people):
    staff, office = people["staff"], people["deputy"]
    assert may_view_file(staff, staff, viewer_in_office=False)
    assert may_view_file(office, staff, viewer_in_office=True)
    decision = may_view_file(people["staff2"], staff, viewer_in_office=False)
    assert not decision and decision.rule == "R-ACC-4" and decision.clause
    assert not may_view_file(people["director"], staff, viewer_in_office=False)  # leaders too


def test_file_page_for_self_and_office_not_colleagues(client, people):
    url = reverse("personnel:file", args=[people["staff"].pk])
    client.force_login(people["staff2"].user)
    assert client.get(url).status_code == 404
    client.force_login(people["manager"].user)
    assert client.get(url).status_code == 404
    client.force_login(people["staff"].user)
    assert client.get(url).status_code == 200
    client.force_login(people["deputy"].user)
    page = client.get(url)
    assert page.status_code == 200 and "办理离岗" in page.content.decode()
    assert client.get(reverse("personnel:index")).status_code == 200
    assert client.get(reverse("personnel:file", args=[999999])).status_code == 404


def test_bad_input_is_a_message_not_a_500(client, people):
    client.force_login(people["deputy"].user)
    url = reverse("personnel:post_new", args=[people["staff"].pk])
    response = client.post(url, {"post": "", "clearance": "BOGUS"})
    assert response.status_code == 302
    response = client.post(reverse("personnel:exit_action", args=[1, "nope"]))
    assert response.status_code == 404


def test_enrolment_shows_an_inline_svg_qr_and_recovery_codes(client, people):
    staff = people["staff"]
    client.force_login(staff.user)
    client.post(reverse("personnel:otp"), {"action": "start"})
    page = client.get(reverse("personnel:otp")).content.decode()
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org", "")
    page = client.post(reverse("personnel:otp"), {"token": "000000"}).content.decode()
    assert "动态口令不正确" in page
    page = client.post(reverse("personnel:otp"), {"token": totp_code(staff)}).content.decode()
    assert 'data-testid="recovery-codes"' in page


def test_login_enforcement_switch(client, people, enrol):
    """Policy `otp_enforce_login`: off keeps password logins; on sends those who must use two
    factors to the code page (or to enrolment) until verified."""
    gm, staff = people["gm"], people["staff"]
    client.force_login(gm.user)
    assert client.get("/").status_code == 200
    with policy_with(otp_enforce_login=True):
        response = client.get("/")
        assert response.status_code == 302 and "/personnel/otp/" in response["Location"]
        assert client.get("/api/carriers/").status_code == 403
        enrol(gm)
        response = client.get("/")
        assert "/personnel/otp/verify/" in response["Location"]
        response = client.post(reverse("personnel:otp_verify"),
                               {"token": totp_code(gm), "next": "/"})
        assert response.status_code == 302
        assert client.get("/").status_code == 200
        client.force_login(staff.user)  # 一般 staff, no approver rank: not required
        assert client.get("/").status_code == 200


def _pdf_checks(data: bytes, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,  # noqa: S603, S607
                           check=True).stdout
    assert "WenQuanYi" in fonts and "yes yes" in fonts, fonts


def test_pdfs_embed_the_cjk_font(client, people, hire, enrol, sign, tmp_path):
    post = post_assign(actor=people["deputy"], person=hire, post="研发", clearance="GENERAL",
                       matter="甲项目", level="SECRET")
    enrol(hire)
    sign(hire, post.commitment)
    client.force_login(hire.user)
    assert post.commitment is not None
    response = client.get(reverse("personnel:commitment_pdf", args=[post.commitment.pk]))
    assert response["Content-Type"] == "application/pdf"
    _pdf_checks(response.content, tmp_path, "commitment")
    procedure = exit_start(actor=people["deputy"], person=hire, reason="辞职")
    exit_issue_reminder(actor=people["deputy"], procedure=procedure)
    response = client.get(reverse("personnel:exit_reminder_pdf", args=[procedure.pk]))
    _pdf_checks(response.content, tmp_path, "reminder")
    form = foreign_submit(actor=hire, kind="F24", person=hire,
                          fields={"destination": "日本", "dates": "12月", "purpose": "会议"})
    response = client.get(reverse("personnel:foreign_pdf", args=[form.pk]))
    _pdf_checks(response.content, tmp_path, "f24")
    client.force_login(people["staff2"].user)
    assert client.get(reverse("personnel:foreign_pdf", args=[form.pk])).status_code == 404


def test_foreign_pages_private_travel_flow(client, people):
    """R-FOR-3 through the pages: submit, decision refused before review, review, approve,
    debrief; a colleague cannot open the form."""
    pm, gm, deputy = people["pm"], people["gm"], people["deputy"]
    client.force_login(pm.user)
    assert client.get(reverse("personnel:foreign_new") + "?kind=F22").status_code == 200
    assert client.get(reverse("personnel:foreign_new") + "?kind=XX").status_code == 404
    page = client.post(reverse("personnel:foreign_new"), {"kind": "F24", "destination": ""})
    assert "请填写" in page.content.decode()
    response = client.post(reverse("personnel:foreign_new"), {
        "kind": "F24", "destination": "泰国", "dates": "12月", "purpose": "旅游",
        "private": "on"})
    assert response.status_code == 302
    from baomi.personnel.models import ForeignForm

    form = ForeignForm.objects.get(person=pm)
    client.force_login(gm.user)
    client.post(reverse("personnel:foreign_action", args=[form.pk, "approve"]))
    form.refresh_from_db()
    assert form.status == "PENDING"
    client.force_login(deputy.user)
    client.post(reverse("personnel:foreign_action", args=[form.pk, "review"]))
    client.force_login(gm.user)
    client.post(reverse("personnel:foreign_action", args=[form.pk, "approve"]))
    form.refresh_from_db()
    assert form.status == "APPROVED"
    client.force_login(pm.user)
    client.post(reverse("personnel:foreign_action", args=[form.pk, "debrief"]),
                {"text": "旅游,未谈及工作"})
    form.refresh_from_db()
    assert form.status == "CLOSED"
    client.force_login(people["staff"].user)
    assert client.get(reverse("personnel:foreign", args=[form.pk])).status_code == 404


def test_training_admin_pages(client, people):
    import io

    from openpyxl import Workbook

    from baomi.personnel.models import Course, Exam

    client.force_login(people["staff"].user)
    assert client.get(reverse("personnel:training")).status_code == 404
    assert client.post(reverse("personnel:training_action", args=["course"]),
                       {"title": "x"}).status_code == 302
    assert not Course.objects.exists()  # refused (R-PPL-1: the secrecy office runs it)
    client.force_login(people["deputy"].user)
    client.post(reverse("personnel:training_action", args=["course"]), {"title": "保密基础"})
    course = Course.objects.get()
    book = Workbook()
    book.active.append(["题型", "题干", "A", "B", "C", "D", "答案"])
    book.active.append(["判断", "涉密载体不得带回家", None, None, None, None, "对"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "bank.xlsx"
    client.post(reverse("personnel:training_action", args=["import"]),
                {"course": course.pk, "file": out})
    assert course.questions.count() == 1
    bad = client.post(reverse("personnel:training_action", args=["exam"]),
                      {"course": course.pk, "title": "考试", "question_count": "1",
                       "minutes": "abc", "pass_mark": "60", "max_attempts": "2"}, follow=True)
    assert not Exam.objects.exists()  # a bad number is a field error, never a 500
    assert "0 至 10000 之间的整数" in bad.content.decode()
    client.post(reverse("personnel:training_action", args=["exam"]),
                {"course": course.pk, "title": "考试", "question_count": "1",
                 "minutes": "", "pass_mark": "60", "max_attempts": "2"})
    assert Exam.objects.get().minutes == 30  # blank is the default
    assert client.get(reverse("personnel:training")).status_code == 200


def test_personnel_policy_table_is_validated():
    from baomi.policy.document import DEFAULT_FILE, PolicyError, parse_policy

    text = DEFAULT_FILE.read_text(encoding="utf-8")
    policy = parse_policy(text)
    assert policy.personnel.decryption_years_for("CORE") == 3
    assert policy.personnel.otp_enforce_login is False
    with pytest.raises(PolicyError) as exc:
        parse_policy(text.replace("non_compete_years = 3", "non_compete_years = -1"))
    assert exc.value.line is not None
    with pytest.raises(PolicyError):
        parse_policy(text.replace('foreign_approver_ranks = ["GM", "DEPUTY_GM"]',
                                  'foreign_approver_ranks = ["KING"]'))
