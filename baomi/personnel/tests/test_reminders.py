"""`personnel_remind`: certificate re-examination and periodic training (R-PPL-2), key-post
reviews (R-PPL-6). Idempotent, cron-safe, and the notices carry no classified content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.approvals.models import Notification
from baomi.personnel.models import Attempt, Reminder
from baomi.personnel.services.commitments import post_assign
from baomi.personnel.services.records import remind_run, review_record
from baomi.personnel.services.training import attempt_start, attempt_submit
from baomi.personnel.tests.conftest import correct_answers
from baomi.personnel.tests.policy_overrides import policy_with

pytestmark = pytest.mark.django_db


def _pass(person, exam, days_ago: int) -> None:
    attempt = attempt_start(actor=person, exam=exam)
    attempt_submit(actor=person, attempt=attempt, answers=correct_answers(attempt))
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago))


def test_periodic_training_by_interval(people, exam):
    staff, staff2 = people["staff"], people["staff2"]
    today = timezone.localdate()
    _pass(staff, exam, days_ago=400)    # trained more than 365 days ago: due
    _pass(staff2, exam, days_ago=30)    # trained recently: not due
    counts = remind_run(today=today)
    keyed = {r.person_id: r for r in Reminder.objects.filter(key__startswith="training:")}
    assert staff.pk in keyed and staff2.pk not in keyed
    assert people["outsider"].pk not in keyed  # no clearance: no secrecy training due
    assert people["manager"].pk in keyed       # never trained
    assert keyed[staff.pk].due_on == today - timedelta(days=35)
    assert counts["training"] == len(keyed)
    notice = Notification.objects.get(recipient=staff, kind="personnel.training")
    assert notice.link == "/personnel/exams/"
    # idempotent: again today, tomorrow, or from a concurrent run
    assert remind_run(today=today)["training"] == 0
    assert remind_run(today=today + timedelta(days=1))["training"] == 0
    assert Notification.objects.filter(recipient=staff, kind="personnel.training").count() == 1
    # a shorter interval from the policy makes staff2 due as well
    with policy_with(training_interval_days=20):
        assert remind_run(today=today)["training"] == 1
    assert Reminder.objects.filter(person=staff2, key__startswith="training:").exists()


def test_training_done_again_starts_a_new_cycle(people, exam):
    staff = people["staff"]
    today = timezone.localdate()
    _pass(staff, exam, days_ago=400)
    remind_run(today=today)
    Attempt.objects.filter(person=staff).update(
        submitted_at=timezone.now() - timedelta(days=1))  # trained again yesterday
    assert remind_run(today=today)["training"] == 0
    assert remind_run(today=today + timedelta(days=365))["training"] >= 1
    assert Reminder.objects.filter(person=staff, key__startswith="training:").count() == 2


def test_certificate_reexamination_notice(people, hire, exam):
    from baomi.personnel.services.training import certificate_issue

    today = timezone.localdate()
    cert = certificate_issue(actor=None, person=hire, clearance="GENERAL",
                             on=today.replace(year=today.year - 5) + timedelta(days=30))
    assert remind_run(today=today)["certificate"] == 1
    notice = Notification.objects.get(recipient=hire, kind="personnel.certificate")
    assert cert.number in notice.text
    assert remind_run(today=today)["certificate"] == 0


def test_review_reminder_goes_to_the_office_not_the_person(people):
    today = timezone.localdate()
    remind_run(today=today)
    pm, deputy = people["pm"], people["deputy"]
    assert Reminder.objects.filter(person=pm, key__startswith="review:").exists()
    notices = Notification.objects.filter(kind="personnel.review")
    assert notices.filter(recipient=deputy, text__contains=pm.staff_no).exists()
    assert not notices.filter(recipient=pm).exists()
    # nobody is told to review themselves
    assert not notices.filter(recipient=deputy, text__contains=deputy.staff_no).exists()
    review_record(actor=deputy, person=pm, rating="A", inputs={}, on=today)
    assert remind_run(today=today + timedelta(days=30))["review"] == 0
    assert remind_run(today=today + timedelta(days=365))["review"] >= 1


def test_notices_carry_no_classified_content(people, hire):
    """A post naming a classified matter and a project: neither appears in any notice."""
    post_assign(actor=people["deputy"], person=people["staff"], post="课题组成员",
                clearance="GENERAL", project="绝密工程代号X", matter="某型号参数",
                level="SECRET", project_ends=timezone.localdate() + timedelta(days=100))
    remind_run(today=timezone.localdate())
    texts = " ".join(Notification.objects.values_list("text", flat=True))
    texts += " ".join(Reminder.objects.values_list("text", flat=True))
    assert texts and "绝密工程代号X" not in texts and "某型号参数" not in texts
