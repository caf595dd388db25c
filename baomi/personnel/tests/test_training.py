"""R-PPL-2: question banks, timed exams with random draws, attempts, certificates, reminders."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook

from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.personnel.models import Certificate, Question, Reminder
from baomi.personnel.services.records import remind_run
from baomi.personnel.services.training import (
    attempt_start,
    attempt_submit,
    bank_import_xlsx,
    certificate_issue,
    course_create,
)
from baomi.personnel.tests.conftest import correct_answers

pytestmark = pytest.mark.django_db


def test_exam_draws_at_random_and_certifies_on_pass(exam, hire):
    attempt = attempt_start(actor=hire, exam=exam)
    assert len(attempt.question_ids) == 5 and len(set(attempt.question_ids)) == 5
    result = attempt_submit(actor=hire, attempt=attempt, answers=correct_answers(attempt))
    assert result.passed and result.score == 100
    cert = Certificate.objects.get(person=hire)
    assert cert.clearance == "GENERAL"


def test_failing_and_attempt_limit(exam, hire):
    for _ in range(exam.max_attempts):
        attempt = attempt_start(actor=hire, exam=exam)
        result = attempt_submit(actor=hire, attempt=attempt, answers={})
        assert not result.passed and result.score == 0
    with pytest.raises(PolicyDenied) as exc:
        attempt_start(actor=hire, exam=exam)
    assert exc.value.rule == "R-PPL-2"
    assert not Certificate.objects.filter(person=hire).exists()


def test_late_paper_scores_nothing(exam, hire):
    attempt = attempt_start(actor=hire, exam=exam)
    late = attempt.deadline + timedelta(minutes=5)
    result = attempt_submit(actor=hire, attempt=attempt, answers=correct_answers(attempt),
                            now=late)
    assert result.score == 0 and not result.passed


def test_multiple_choice_needs_every_letter(exam, hire):
    attempt = attempt_start(actor=hire, exam=exam)
    answers = correct_answers(attempt)
    multi = Question.objects.get(text="多选题")
    if str(multi.id) in answers:
        answers[str(multi.id)] = "A"
        result = attempt_submit(actor=hire, attempt=attempt, answers=answers)
        assert result.score == 80


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "A", "B", "C", "D", "答案"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_all_or_nothing(people):
    officer = people["deputy"]
    course = course_create(actor=officer, title="导入")
    data = _xlsx([["单选", "涉密载体可以带回家吗", "可以", "不可以", None, None, "B"],
                  ["多选", "哪些属于涉密载体", "纸质文件", "U盘", "公开报纸", None, "A,B"],
                  ["判断", "离岗后须接受脱密期管理", None, None, None, None, "对"]])
    assert bank_import_xlsx(actor=officer, course=course, data=data) == 3
    assert Question.objects.get(kind="MULTIPLE", course=course).answer == "AB"
    bad = _xlsx([["单选", "好题", "甲", "乙", None, None, "A"],
                 ["单选", "坏题", "甲", "乙", None, None, "Z"]])
    with pytest.raises(ApplicationError) as exc:
        bank_import_xlsx(actor=officer, course=course, data=bad)
    assert "第 3 行" in exc.value.fields["file"][0]
    assert course.questions.count() == 3
    with pytest.raises(ApplicationError):
        bank_import_xlsx(actor=officer, course=course, data=b"not a workbook")


def test_reexamination_reminder_before_expiry(people, hire):
    today = timezone.localdate()
    cert = certificate_issue(actor=None, person=hire, clearance="GENERAL",
                             on=today.replace(year=today.year - 5) + timedelta(days=30))
    assert remind_run(today=today)["certificate"] >= 1
    assert Reminder.objects.filter(person=hire, key__startswith=f"cert:{cert.pk}").exists()
    before = Reminder.objects.count()
    remind_run(today=today)  # idempotent
    assert Reminder.objects.count() == before


def test_remind_command(people, hire, capsys):
    from django.core.management import call_command

    today = timezone.localdate()
    certificate_issue(actor=None, person=hire, clearance="GENERAL",
                      on=today.replace(year=today.year - 5) + timedelta(days=10))
    call_command("personnel_remind", today=today.isoformat())
    assert "新提醒" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:  # bad input: a message and exit code 2
        call_command("personnel_remind", today="not-a-date")
    assert exc.value.code == 2
