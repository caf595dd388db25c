"""The issue's browser scenario (issue 6): a new hire signs the commitment with a second
factor, passes an exam, gets a post certification; later starts leaving, is blocked by a
copy in custody, returns it and finishes leaving with the decryption period shown
(R-PPL-1, R-PPL-2, R-PPL-3, R-DOC-8)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from baomi.carriers.custody import copy_lend, copy_return
from baomi.people.models import Person
from baomi.people.services import person_create
from baomi.personnel.models import Question
from baomi.personnel.services.training import course_create, exam_create, question_add

if TYPE_CHECKING:
    from collections.abc import Callable

    from .conftest import Session

pytestmark = pytest.mark.e2e


def _code(person: Person, ahead: int = 0) -> str:
    """The TOTP code a phone would show (generated from the device key, as the app does);
    `ahead` steps later, because django-otp accepts each time step only once."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user_id=person.user_id).order_by("-id").first()
    assert device is not None
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"


def _exam(officer: Person) -> None:
    course = course_create(actor=officer, title="涉密人员上岗保密教育")
    for n, text in enumerate(["涉密载体可以带回家保管", "涉密计算机可以连接互联网",
                              "离岗后仍须遵守脱密期管理"]):
        question_add(actor=officer, course=course, kind="判断", text=text, options={},
                     answer="对" if n == 2 else "错")
    question_add(actor=officer, course=course, kind="单选", text="秘密文件每页左上角应加印",
                 options={"A": "秘密", "B": "内部", "C": "公开"}, answer="A")
    question_add(actor=officer, course=course, kind="多选", text="保密承诺书的内容包括",
                 options={"A": "不违规留存载体", "B": "接受脱密期管理", "C": "可以自行发表"},
                 answer="AB")
    exam_create(actor=officer, course=course, title="一般涉密岗位认证考试", question_count=5,
                minutes=20, pass_mark=80, max_attempts=3, certifies="GENERAL")


def test_new_hire_to_leaving(session: Session, people: dict[str, Person], org: Any,
                             make_carrier: Callable[..., Any]) -> None:
    page = session.page
    officer = people["deputy"]  # 总经办 is the secrecy office in the fixtures
    hire = person_create(actor=officer, name="林晓", staff_no="N20261", unit=org["rd"],
                         rank="STAFF", clearance="NONE", username="hire", password="pw-hire")
    _exam(officer)

    # --- the secrecy office assigns a post ---------------------------------------------
    session.login("deputy")
    session.go(f"/personnel/people/{hire.pk}/")
    page.fill("#id_post", "研发工程师")
    page.select_option("#id_clearance", "GENERAL")
    page.get_by_role("button", name="登记岗位").click()
    assert "待生效" in page.get_by_test_id("post-status").inner_text()
    session.logout()

    # --- the new hire enrols a second factor and signs ------------------------------------
    session.login("hire")
    page.get_by_test_id("nav-personnel").click()
    page.get_by_role("link", name="绑定动态口令").click()
    page.get_by_test_id("otp-start").click()
    assert page.get_by_test_id("otp-qr").locator("svg").count() == 1
    session.shot("personnel-otp-enrol")
    page.fill("#id_token", _code(hire))
    page.get_by_test_id("otp-confirm").click()
    assert len(page.get_by_test_id("recovery-codes").locator("li").all()) == 10
    session.go(f"/personnel/people/{hire.pk}/")
    page.get_by_test_id("commitment-link").first.click()
    assert "离岗离职后自愿接受脱密期管理" in page.get_by_test_id("clauses").inner_text()
    page.fill("#id_password", "pw-hire")
    page.fill("#id_token", _code(hire, ahead=1))
    page.get_by_test_id("sign-submit").click()
    assert page.get_by_test_id("commitment-status").inner_text() == "已签"
    session.shot("personnel-commitment-signed")
    session.go(f"/personnel/people/{hire.pk}/")
    assert "R-PPL-2" in page.get_by_test_id("post-status").inner_text()  # no certificate yet

    # --- exam and post certification ----------------------------------------------------
    page.get_by_role("link", name="培训考试").click()
    page.get_by_test_id("exam-start").click()
    for block in page.get_by_test_id("question").all():
        qid = int(block.get_attribute("data-qid") or 0)
        for letter in Question.objects.get(pk=qid).answer:
            page.check(f"#q{qid}{letter}")
    session.shot("personnel-exam")
    page.get_by_test_id("exam-submit").click()
    assert "通过" in page.get_by_test_id("result").inner_text()
    session.go(f"/personnel/people/{hire.pk}/")
    assert page.get_by_test_id("clearance").inner_text() == "一般"
    assert page.get_by_test_id("certificate").count() == 1
    assert "已生效" in page.get_by_test_id("post-status").inner_text()
    session.shot("personnel-file-certified")
    session.logout()

    # --- a copy is lent to the hire (the borrowing flow's custody service) -----------------
    carrier = make_carrier(level="INTERNAL", title="内部培训资料")
    copy = carrier.copies.first()
    copy = copy_lend(actor=hire, copy=copy, password="pw-hire",
                     due_back=timezone.localdate() + timedelta(days=7), approval_ref="SP-E2E")

    # --- leaving: blocked by the copy ------------------------------------------------------
    session.login("deputy")
    session.go(f"/personnel/people/{hire.pk}/")
    assert page.get_by_test_id("custody-row").count() == 1
    page.fill("#id_reason", "个人原因辞职")
    page.get_by_role("button", name="办理离岗").click()
    assert "R-DOC-8" in page.get_by_test_id("blockers").inner_text()
    page.get_by_test_id("exit-reminder").click()
    page.get_by_test_id("exit-finish").click()
    assert "R-DOC-8" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("exit-status").inner_text() == "办理中"
    session.shot("personnel-exit-blocked")

    # --- the copy comes back (custody return, signed by the lender) --------------------
    lender = copy.lent_by
    assert lender is not None and lender.user is not None
    copy_return(actor=lender, copy=copy, password=f"pw-{lender.user.username}")
    page.reload()
    assert "R-DOC-8" not in page.get_by_test_id("blockers").inner_text()
    page.get_by_test_id("exit-finish").click()
    assert page.get_by_test_id("exit-status").inner_text() == "已离岗"
    ends = timezone.localdate().replace(year=timezone.localdate().year + 1) - timedelta(days=1)
    assert page.get_by_test_id("decryption").inner_text() == f"1 年(至 {ends:%Y-%m-%d})"
    assert Person.objects.get(pk=hire.pk).status == "LEFT"
    session.shot("personnel-exit-done")
    assert not session.errors, session.errors


def test_secrecy_office_pages_and_leader_approval(session: Session, people: dict[str, Person],
                                                  org: Any, make_person: Callable[..., Any]
                                                  ) -> None:
    """Templates (R-PPL-1), agreement refusal (R-PPL-5), rating, reward, review register and
    allowance (R-PPL-6); a leader outside the office approves an early exit (R-PPL-4)."""
    from baomi.personnel.services.commitments import post_assign
    from baomi.personnel.services.leaving import exit_start

    page = session.page
    officer, staff = people["deputy"], people["staff"]
    leader = make_person("DEPUTY_GM", "IMPORTANT", "rd", username="rd_deputy", name="韩副总")
    hire = person_create(actor=officer, name="周工", staff_no="N20262", unit=org["rd"],
                         rank="STAFF", clearance="NONE", username="hire2", password="pw-hire2")

    session.login("deputy")
    page.get_by_test_id("nav-personnel").click()
    page.get_by_test_id("link-templates").click()
    page.fill("#id_extra_CORE", "不得在非涉密场所谈论核心项目")
    session.shot("personnel-templates")
    page.get_by_test_id("template-publish").click()
    assert "新版本已发布" in page.locator(".messages").inner_text()
    assert "v2" in page.get_by_test_id("template-versions").inner_text()

    session.go(f"/personnel/people/{hire.pk}/")
    page.locator("summary", has_text="知识产权保护协议").click()
    page.select_option("#id_agreement-status", "REFUSED")
    page.get_by_test_id("agreement-submit").click()
    page.fill("#id_post", "研发工程师")
    page.select_option("#id_clearance", "GENERAL")
    page.check("#id_technical")
    page.get_by_role("button", name="登记岗位").click()
    assert "R-PPL-5" in page.locator(".messages").inner_text()
    session.shot("personnel-agreement-refused")

    session.go(f"/personnel/people/{people['pm'].pk}/")
    page.locator("summary", has_text="信用评级").click()
    page.select_option("#id_review-rating", "B")
    page.fill("#id_review-politics", "合格")
    page.fill("#id_review-relations", "无境外关系")
    page.get_by_test_id("review-submit").click()
    page.locator("summary", has_text="奖励").click()
    page.select_option("#id_sanction-kind", "REWARD")
    page.fill("#id_sanction-reason", "发现并报告泄密隐患")
    page.fill("#id_sanction-amount", "500")
    page.get_by_test_id("sanction-submit").click()
    assert "发现并报告泄密隐患" in page.get_by_test_id("records").inner_text()
    session.shot("personnel-file-records")

    session.go("/personnel/reviews/")
    assert page.get_by_test_id("review-row").count() >= 3
    session.shot("personnel-reviews")
    session.go("/personnel/allowance/")
    assert "15%" in page.get_by_test_id("allowance").inner_text()
    session.shot("personnel-allowance")
    session.logout()

    post_assign(actor=officer, person=staff, post="课题组成员", clearance="GENERAL",
                project="重大项目甲", project_ends=timezone.localdate() + timedelta(days=200))
    exit_start(actor=officer, person=staff, reason="调往子公司")
    session.login("rd_deputy")
    page.get_by_test_id("nav-personnel").click()
    page.get_by_test_id("exit-approval-link").click()
    session.shot("personnel-exit-leader")
    page.get_by_test_id("exit-approve").click()
    assert "须再签保密承诺" in page.locator(".messages").inner_text()
    assert leader.name in page.locator("dl").inner_text()
    session.shot("personnel-exit-approved")
    assert not session.errors, session.errors
