"""Fixtures of the personnel tests: enrolled second factors, an exam, a new hire."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person


def totp_code(person: Person) -> str:
    """The current TOTP code of the person's device (its replay guard reset, so that a
    test may sign several times within one 30-second step)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user_id=person.user_id).order_by("-id").first()
    assert device is not None
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    unthrottle(person)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def unthrottle(person: Person) -> None:
    """Forget failed attempts (django-otp delays a device 2^n seconds after n failures)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user_id=person.user_id).update(throttling_failure_count=0,
                                                            throttling_failure_timestamp=None)


@pytest.fixture
def enrol() -> Callable[[Person], list[str]]:
    from baomi.personnel.services.otp import otp_enrol_confirm, otp_enrol_start

    def make(person: Person) -> list[str]:
        otp_enrol_start(actor=person)
        return otp_enrol_confirm(actor=person, token=totp_code(person))

    return make


@pytest.fixture
def hire(people: dict[str, Person], org: Any) -> Person:
    from baomi.people.services import person_create

    return person_create(actor=people["deputy"], name="新员工", staff_no="N00001",
                         unit=org["rd"], rank="STAFF", clearance="NONE", username="hire",
                         password="pw-hire")


@pytest.fixture
def exam(people: dict[str, Person]) -> Any:
    from baomi.personnel.services.training import (
        course_create,
        exam_create,
        question_add,
    )

    officer = people["deputy"]
    course = course_create(actor=officer, title="保密基础")
    for n in range(4):
        question_add(actor=officer, course=course, kind="单选", text=f"单选题 {n}",
                     options={"A": "对的", "B": "错的"}, answer="A")
    question_add(actor=officer, course=course, kind="多选", text="多选题",
                 options={"A": "甲", "B": "乙", "C": "丙"}, answer="AC")
    question_add(actor=officer, course=course, kind="判断", text="判断题",
                 options={}, answer="对")
    return exam_create(actor=officer, course=course, title="一般涉密岗位认证考试",
                       question_count=5, minutes=30, pass_mark=80, max_attempts=2,
                       certifies="GENERAL")


def correct_answers(attempt: Any) -> dict[str, str]:
    from baomi.personnel.models import Question

    return {str(q.id): q.answer for q in Question.objects.filter(id__in=attempt.question_ids)}


@pytest.fixture
def sign() -> Callable[..., Any]:
    from baomi.personnel.services.commitments import commitment_sign

    def do(person: Person, commitment: Any) -> Any:
        return commitment_sign(actor=person, commitment=commitment,
                               password=f"pw-{person.user.username}",  # type: ignore[union-attr]
                               token=totp_code(person))

    return do
