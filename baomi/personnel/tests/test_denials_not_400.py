"""Refusals that used to be ApplicationError (400) are denials with rule and clause, audited
(issue 11): handing in someone else's exam paper (R-PPL-2)."""

from __future__ import annotations

import pytest

from baomi.audit.models import AuditEvent
from baomi.core.errors import PolicyDenied
from baomi.personnel.services.training import attempt_start, attempt_submit
from baomi.personnel.tests.conftest import correct_answers
from baomi.policy.clauses import CLAUSES

pytestmark = pytest.mark.django_db


def test_r_ppl_2_someone_elses_exam_paper_is_refused(people, hire, exam):
    attempt = attempt_start(actor=hire, exam=exam)
    with pytest.raises(PolicyDenied) as refused:
        attempt_submit(actor=people["staff"], attempt=attempt, answers=correct_answers(attempt))
    assert refused.value.rule == "R-PPL-2" and refused.value.clause == CLAUSES["R-PPL-2"]
    event = AuditEvent.objects.filter(action="exam.submit").order_by("-seq").first()
    assert event is not None and (event.allowed, event.rule) == (False, "R-PPL-2")
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # nothing of the refused paper was kept
    assert attempt_submit(actor=hire, attempt=attempt, answers=correct_answers(attempt)).passed
