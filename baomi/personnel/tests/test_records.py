"""R-PPL-6 reviews, rewards/penalties, allowance; R-FOR-1..3 foreign contact."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.personnel.models import ForeignForm, Reminder
from baomi.personnel.selectors import allowance_report
from baomi.personnel.services.foreign import (
    foreign_debrief,
    foreign_decide,
    foreign_review,
    foreign_submit,
)
from baomi.personnel.services.records import remind_run, review_record, sanction_record

pytestmark = pytest.mark.django_db


def test_review_never_by_the_person_reviewed(people):
    """R-PPL-6 with 监管分离: the supervision is not done by the supervised."""
    with pytest.raises(PolicyDenied) as exc:
        review_record(actor=people["deputy"], person=people["deputy"], rating="A", inputs={})
    assert exc.value.rule == "R-PPL-6"
    with pytest.raises(PolicyDenied):  # nor by a colleague outside the secrecy office
        review_record(actor=people["manager"], person=people["staff"], rating="A", inputs={})
    review = review_record(actor=people["deputy"], person=people["director"], rating="B",
                           inputs={"社会关系": "稳定", "历史表现": "良好"})
    assert review.reviewer == people["deputy"]


def test_key_posts_get_periodic_review_reminders(people):
    today = timezone.localdate()
    review_record(actor=people["deputy"], person=people["director"], rating="A", inputs={},
                  on=today)
    remind_run(today=today)
    keyed = set(Reminder.objects.filter(key__startswith="review:")
                .values_list("person__staff_no", flat=True))
    assert people["pm"].staff_no in keyed          # 重要, never reviewed
    assert people["director"].staff_no not in keyed  # reviewed today
    assert people["staff"].staff_no not in keyed     # 一般: not a key post


def test_rewards_penalties_and_allowance_report(people):
    sanction_record(actor=people["deputy"], person=people["staff"], kind="REWARD",
                    reason="发现并报告泄密隐患", amount=500)
    with pytest.raises(PolicyDenied):
        sanction_record(actor=people["deputy"], person=people["deputy"], kind="REWARD",
                        reason="自奖", amount=1)
    rows = {r["clearance"]: r for r in allowance_report(viewer=people["deputy"])}
    assert rows["CORE"]["people"] == 2 and rows["CORE"]["percent"] == 15
    assert allowance_report(viewer=people["staff"]) == []


def test_form21_needs_a_listed_leader(people):
    """R-FOR-1: 附表21 相关领导签批; the applicant never approves."""
    form = foreign_submit(actor=people["director"], kind="F21", person=people["director"],
                          fields={"party": "外方公司", "items": "技术资料一份", "level": "秘密",
                                  "purpose": "合作"})
    with pytest.raises(PolicyDenied) as exc:
        foreign_decide(actor=people["manager"], form=form, approve=True)
    assert exc.value.rule == "R-FOR-1"
    assert foreign_decide(actor=people["gm"], form=form, approve=True).status == "APPROVED"


def test_form22_forbids_photographs_and_needs_the_plan(people):
    fields = {"visitors": "外宾三人", "plan": "接待方案", "areas": "会议室", "participants": "张三",
              "host_unit": "研发部"}
    with pytest.raises(PolicyDenied) as exc:
        foreign_submit(actor=people["manager"], kind="F22", person=people["manager"],
                       fields=fields)
    assert exc.value.rule == "R-FOR-2"
    with pytest.raises(ApplicationError):
        foreign_submit(actor=people["manager"], kind="F22", person=people["manager"],
                       fields={**fields, "plan": "", "no_photography": True})
    form = foreign_submit(actor=people["manager"], kind="F22", person=people["manager"],
                          fields={**fields, "no_photography": True})
    assert form.fields["no_photography"]


def test_private_travel_needs_review_first_and_a_debrief(people):
    """R-FOR-3: 因私出国(境)先经保密办审查;回国后记录活动情况。"""
    form = foreign_submit(actor=people["pm"], kind="F24", person=people["pm"], private=True,
                          fields={"destination": "新加坡", "dates": "2026-12-01 至 12-07",
                                  "purpose": "探亲"})
    with pytest.raises(PolicyDenied) as exc:
        foreign_decide(actor=people["gm"], form=form, approve=True)
    assert exc.value.rule == "R-FOR-3"
    with pytest.raises(PolicyDenied):
        foreign_review(actor=people["manager"], form=form)
    foreign_review(actor=people["deputy"], form=form)
    foreign_decide(actor=people["gm"], form=form, approve=True)
    with pytest.raises(PolicyDenied):  # the debrief is the traveller's own
        foreign_debrief(actor=people["gm"], form=form, text="x")
    done = foreign_debrief(actor=people["pm"], form=form, text="探亲,未涉及工作")
    assert done.status == ForeignForm.Status.CLOSED


def test_form23_needs_the_commitment_acknowledged(people):
    fields = {"destination": "德国", "dates": "2026-12", "activity": "学术会议"}
    with pytest.raises(ApplicationError):
        foreign_submit(actor=people["pm"], kind="F23", person=people["pm"], fields=fields)
    form = foreign_submit(actor=people["pm"], kind="F23", person=people["pm"],
                          fields={**fields, "acknowledged": True})
    assert form.number.startswith("F23-")
