"""R-PPL-1 commitments, R-PPL-2 certification gate, R-PPL-5 agreements, second factors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.people.models import Person
from baomi.personnel.models import EIGHT_CLAUSES, Commitment, PostAssignment
from baomi.personnel.services.commitments import (
    commitment_archive,
    commitment_sign,
    post_assign,
    template_current,
    template_publish,
)
from baomi.personnel.services.records import agreement_record
from baomi.personnel.services.training import certificate_issue
from baomi.personnel.tests.conftest import totp_code, unthrottle

pytestmark = pytest.mark.django_db


def test_template_has_the_eight_clauses_and_extra_by_clearance() -> None:
    template = template_current()
    assert template.clauses == list(EIGHT_CLAUSES)
    assert len(template.clauses_for("CORE")) > 8
    assert template.clauses_for("GENERAL") == list(EIGHT_CLAUSES)


def test_template_without_the_eight_clauses_is_refused(people) -> None:
    with pytest.raises(PolicyDenied) as exc:
        template_publish(actor=people["deputy"], clauses=list(EIGHT_CLAUSES[:7]),
                         extra_clauses={})
    assert exc.value.rule == "R-PPL-1"


def test_post_takes_effect_only_after_signature_and_certificate(people, hire, enrol, sign):
    post = post_assign(actor=people["deputy"], person=hire, post="研发工程师",
                       clearance="GENERAL")
    hire.refresh_from_db()
    assert hire.clearance == "NONE"
    enrol(hire)
    sign(hire, post.commitment)
    hire.refresh_from_db()
    assert hire.clearance == "NONE"  # R-PPL-2: no certificate yet
    post.refresh_from_db()
    assert post.status == PostAssignment.Status.PENDING
    certificate_issue(actor=people["deputy"], person=hire, clearance="GENERAL")
    from baomi.personnel.services.commitments import posts_try_effect

    posts_try_effect(actor=people["deputy"], person=hire)
    hire.refresh_from_db()
    assert hire.clearance == "GENERAL"


def test_signing_needs_password_and_second_factor(people, hire, enrol):
    post = post_assign(actor=people["deputy"], person=hire, post="岗位", clearance="GENERAL")
    commitment = post.commitment
    assert commitment is not None
    with pytest.raises(PolicyDenied) as exc:  # no device yet
        commitment_sign(actor=hire, commitment=commitment, password="pw-hire", token="123456")
    assert exc.value.rule == "R-PPL-1"
    codes = enrol(hire)
    with pytest.raises(PolicyDenied):
        commitment_sign(actor=hire, commitment=commitment, password="wrong",
                        token=totp_code(hire))
    with pytest.raises(PolicyDenied):
        commitment_sign(actor=hire, commitment=commitment, password="pw-hire", token="000000")
    with pytest.raises(PolicyDenied):  # someone else cannot sign it
        commitment_sign(actor=people["staff"], commitment=commitment, password="pw-staff",
                        token="000000")
    unthrottle(hire)  # the wrong codes above delay the devices (django-otp throttling)
    signed = commitment_sign(actor=hire, commitment=commitment, password="pw-hire",
                             token=codes[0])  # a recovery code is a second factor too
    assert signed.status == Commitment.Status.SIGNED
    assert signed.second_factor == "RECOVERY" and len(signed.signature) == 64
    assert AuditEvent.objects.filter(action="commitment.sign", allowed=False).count() == 4
    with pytest.raises(PolicyDenied):  # a recovery code works once
        post2 = post_assign(actor=people["deputy"], person=hire, post="岗位2",
                            clearance="GENERAL")
        commitment_sign(actor=hire, commitment=post2.commitment,  # type: ignore[arg-type]
                        password="pw-hire",
                        token=codes[0])


def test_two_archive_copies(people, hire, enrol, sign):
    post = post_assign(actor=people["deputy"], person=hire, post="岗位", clearance="GENERAL")
    with pytest.raises(ApplicationError):  # not signed yet
        commitment_archive(actor=people["deputy"], commitment=post.commitment,  # type: ignore[arg-type]
                           copy="HR",
                           location="人事档案柜")
    enrol(hire)
    commitment = sign(hire, post.commitment)
    commitment_archive(actor=people["deputy"], commitment=commitment, copy="HR",
                       location="人事档案柜 A-3")
    commitment_archive(actor=people["deputy"], commitment=commitment, copy="SECRECY_OFFICE",
                       location="保密办 保密柜 1")
    assert commitment.archives.count() == 2
    with pytest.raises(ApplicationError):
        commitment_archive(actor=people["deputy"], commitment=commitment, copy="HR",
                           location="again")
    with pytest.raises(PolicyDenied):  # only the secrecy office records archives
        commitment_archive(actor=people["staff"], commitment=commitment,
                           copy="SECRECY_OFFICE", location="x")


def test_template_change_asks_for_renewal(people, hire, enrol, sign):
    post = post_assign(actor=people["deputy"], person=hire, post="岗位", clearance="GENERAL")
    enrol(hire)
    old = sign(hire, post.commitment)
    template = template_publish(actor=people["deputy"],
                                clauses=[*EIGHT_CLAUSES, "新增:不在社交媒体谈论工作"],
                                extra_clauses={})
    renewal = Commitment.objects.get(person=hire, reason=Commitment.Reason.RENEWAL)
    assert renewal.template == template and renewal.status == Commitment.Status.PENDING
    assert "新增:不在社交媒体谈论工作" in renewal.clauses
    sign(hire, renewal)
    old.refresh_from_db()
    assert old.status == Commitment.Status.SUPERSEDED


def test_only_the_secrecy_office_assigns_posts(people, hire):
    with pytest.raises(PolicyDenied):
        post_assign(actor=people["manager"], person=hire, post="岗位", clearance="GENERAL")


def test_refused_nda_blocks_hiring_technical_staff(people, hire, enrol, sign):
    """R-PPL-5: 不同意签订《知识产权保护协议》的,不予聘用。"""
    agreement_record(actor=people["deputy"], person=hire, signed=False)
    with pytest.raises(PolicyDenied) as exc:
        post_assign(actor=people["deputy"], person=hire, post="工程师", clearance="GENERAL",
                    technical=True)
    assert exc.value.rule == "R-PPL-5"


def test_technical_post_waits_for_the_agreement(people, hire, enrol, sign):
    post = post_assign(actor=people["deputy"], person=hire, post="工程师", clearance="GENERAL",
                       technical=True)
    enrol(hire)
    sign(hire, post.commitment)
    certificate_issue(actor=people["deputy"], person=hire, clearance="GENERAL")
    from baomi.personnel.services.commitments import posts_try_effect

    posts_try_effect(actor=None, person=hire)
    assert Person.objects.get(pk=hire.pk).clearance == "NONE"
    agreement_record(actor=people["deputy"], person=hire, signed=True, number="IP-2026-001")
    assert Person.objects.get(pk=hire.pk).clearance == "GENERAL"


def test_certificate_is_valid_five_years(people, hire):
    from baomi.personnel.services.commitments import certificate_valid

    today = timezone.localdate()
    cert = certificate_issue(actor=None, person=hire, clearance="IMPORTANT", on=today)
    assert cert.valid_until == today.replace(year=today.year + 5) - timedelta(days=1)
    assert certificate_valid(hire, "GENERAL") == cert  # a higher level covers a lower one
    assert certificate_valid(hire, "CORE") is None
    assert certificate_valid(hire, "IMPORTANT", on=cert.valid_until + timedelta(days=1)) is None
