"""Courses, question banks, timed exams and post certificates (R-PPL-2)."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.personnel.models import Attempt, Certificate, Course, Exam, Question
from baomi.personnel.services._common import bad, clean, require_office
from baomi.policy.commitments import may_start_attempt, may_submit_attempt
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person

#: seconds of grace after the deadline (network, clock)
GRACE_SECONDS = 30
KIND_NAMES = {"单选": "SINGLE", "多选": "MULTIPLE", "判断": "TRUE_FALSE",
              "SINGLE": "SINGLE", "MULTIPLE": "MULTIPLE", "TRUE_FALSE": "TRUE_FALSE"}
TRUE_FALSE = {"T": "正确", "F": "错误"}


def _answer(kind: str, options: dict[str, str], answer: str) -> str:
    raw = str(answer).strip().upper()
    if kind == "TRUE_FALSE":
        raw = {"对": "T", "正确": "T", "√": "T", "TRUE": "T", "错": "F", "错误": "F",
               "×": "F", "FALSE": "F"}.get(raw, raw)
    letters = "".join(sorted(set(raw.replace(",", "").replace(" ", ""))))
    if not letters or any(ch not in options for ch in letters):
        raise ValueError(_("答案须为选项字母"))
    if kind in ("SINGLE", "TRUE_FALSE") and len(letters) != 1:
        raise ValueError(_("单选、判断题只能有一个答案"))
    if kind == "MULTIPLE" and len(letters) < 2:
        raise ValueError(_("多选题至少两个答案"))
    return letters


def question_add(*, actor: Person, course: Course, kind: str, text: str,
                 options: dict[str, str], answer: str) -> Question:
    require_office(actor, "question.add", course)
    kind = KIND_NAMES.get(kind.strip(), "")
    if not kind:
        raise bad("kind", _("题型须为单选、多选或判断"))
    options = TRUE_FALSE if kind == "TRUE_FALSE" else {k: v for k, v in options.items() if v}
    if len(options) < 2:
        raise bad("options", _("至少两个选项"))
    try:
        letters = _answer(kind, options, answer)
    except ValueError as exc:
        raise bad("answer", str(exc)) from exc
    question = Question(course=course, kind=kind, text=text.strip(), options=options,
                        answer=letters)
    clean(question)
    question.save()
    return question


def bank_import_xlsx(*, actor: Person, course: Course, data: bytes) -> int:
    """Import a question bank: columns 题型 | 题干 | A | B | C | D | 答案 (first row headers).
    All rows or none: the first bad row is named with its number."""
    from openpyxl import load_workbook

    require_office(actor, "question.import", course)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True)) if sheet else []
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is bad input
        raise bad("file", _("无法读取的 xlsx 文件")) from exc
    count = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            cells = ["" if v is None else str(v).strip() for v in (*row, *[None] * 7)[:7]]
            if not any(cells):
                continue
            kind, text, *opts, answer = cells
            options = dict(zip("ABCD", opts, strict=True))
            try:
                question_add(actor=actor, course=course, kind=kind, text=text,
                             options=options, answer=answer)
            except ApplicationError as exc:
                detail = "; ".join(m for ms in exc.fields.values() for m in ms) or exc.message
                raise bad("file", _("第 %(line)s 行:%(problem)s") % {"line": number, "problem": detail}) from exc
            count += 1
        if not count:
            raise bad("file", _("文件中没有试题"))
        audit_append(actor=actor, action="question.import", target=course, rule="R-PPL-2",
                     detail={"questions": count})
    return count


def exam_create(*, actor: Person, course: Course, title: str, question_count: int,
                minutes: int, pass_mark: int, max_attempts: int, certifies: str = "") -> Exam:
    require_office(actor, "exam.create", course)
    exam = Exam(course=course, title=title, question_count=question_count, minutes=minutes,
                pass_mark=pass_mark, max_attempts=max_attempts, certifies=certifies)
    clean(exam)
    if not 1 <= pass_mark <= 100:
        raise bad("pass_mark", _("及格分须在 1–100 之间"))
    with transaction.atomic():
        exam.save()
        audit_append(actor=actor, action="exam.create", target=exam, rule="R-PPL-2",
                     detail={"title": title, "certifies": certifies})
    return exam


def attempt_start(*, actor: Person, exam: Exam) -> Attempt:
    """Draw the questions at random; refuse past the allowed attempts (R-PPL-2)."""
    if not exam.is_open:
        raise bad("exam", _("考试未开放"))
    used = Attempt.objects.filter(exam=exam, person=actor).count()
    if Attempt.objects.filter(exam=exam, person=actor, passed=True).exists():
        raise bad("exam", _("已通过该考试"))
    require(may_start_attempt(used=used, max_attempts=exam.max_attempts), actor=actor,
            action="exam.start", target=exam)
    open_attempt = Attempt.objects.filter(exam=exam, person=actor, submitted_at__isnull=True,
                                          deadline__gt=timezone.now()).first()
    if open_attempt is not None:
        return open_attempt
    pool = list(Question.objects.filter(course=exam.course).values_list("id", flat=True))
    if len(pool) < exam.question_count:
        raise bad("exam", _("题库试题不足"))
    now = timezone.now()
    picked = random.SystemRandom().sample(pool, exam.question_count)
    with transaction.atomic():
        attempt = Attempt.objects.create(exam=exam, person=actor, question_ids=picked,
                                         started_at=now,
                                         deadline=now + timedelta(minutes=exam.minutes))
        audit_append(actor=actor, action="exam.start", target=attempt, rule="R-PPL-2",
                     detail={"exam": exam.pk, "questions": len(picked)})
    return attempt


@durable_service
def attempt_submit(*, actor: Person, attempt: Attempt, answers: dict[str, Any],
                   now: Any = None) -> Attempt:
    """Mark the answers; late papers score 0. A pass on a certifying exam issues the
    certificate and may put a waiting post into effect."""
    require(may_submit_attempt(actor_id=actor.id, person_id=attempt.person_id), actor=actor,
            action="exam.submit", target=attempt)
    now = now or timezone.now()
    questions = {q.id: q for q in Question.objects.filter(id__in=attempt.question_ids)}
    clean_answers = {}
    correct = 0
    late = now > attempt.deadline + timedelta(seconds=GRACE_SECONDS)
    for qid in attempt.question_ids:
        given = answers.get(str(qid), "")
        given = "".join(sorted(set("".join(given) if isinstance(given, list) else str(given))))
        clean_answers[str(qid)] = given
        if not late and qid in questions and given == questions[qid].answer:
            correct += 1
    score = round(100 * correct / max(len(attempt.question_ids), 1))
    with transaction.atomic():
        current = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if current.submitted_at is not None:
            raise bad("attempt", _("已交卷"))
        current.submitted_at, current.answers, current.score = now, clean_answers, score
        current.passed = score >= current.exam.pass_mark
        current.save(update_fields=["submitted_at", "answers", "score", "passed"])
        audit_append(actor=actor, action="exam.submit", target=current, rule="R-PPL-2",
                     detail={"score": score, "passed": current.passed, "late": late})
        cert = None
        if current.passed and current.exam.certifies:
            cert = certificate_issue(actor=actor, person=actor,
                                     clearance=current.exam.certifies, attempt=current)
    if cert is not None:
        from baomi.personnel.services.commitments import posts_try_effect

        posts_try_effect(actor=actor, person=actor)
    return current


def certificate_issue(*, actor: Person | None, person: Person, clearance: str,
                      attempt: Attempt | None = None, on: date | None = None) -> Certificate:
    """岗位认证 valid `certificate_valid_years` (default 5, 篇十)."""
    on = on or timezone.localdate()
    years = get_policy().personnel.certificate_valid_years
    try:
        until = on.replace(year=on.year + years)
    except ValueError:  # 29 February
        until = on.replace(year=on.year + years, day=28)
    with transaction.atomic():
        seq = Certificate.objects.filter(issued_on__year=on.year).count() + 1
        cert = Certificate.objects.create(
            person=person, number=f"GWRZ-{on.year}-{seq:05d}", clearance=clearance,
            attempt=attempt, issued_on=on, valid_until=until - timedelta(days=1))
        audit_append(actor=actor, action="certificate.issue", target=person, rule="R-PPL-2",
                     detail={"number": cert.number, "clearance": clearance,
                             "valid_until": cert.valid_until.isoformat()})
    return cert


def course_create(*, actor: Person, title: str, description: str = "") -> Course:
    require_office(actor, "course.create")
    course = Course(title=title.strip(), description=description)
    clean(course)
    with transaction.atomic():
        course.save()
        audit_append(actor=actor, action="course.create", target=course, rule="R-PPL-2",
                     detail={"title": course.title})
    return course
