"""Agreements (R-PPL-5), trust reviews and rewards/penalties (R-PPL-6), reminders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from baomi.audit.services import audit_append
from baomi.people.selectors import active_people
from baomi.personnel.models import (
    Agreement,
    Certificate,
    Reminder,
    Sanction,
    TrustReview,
)
from baomi.personnel.services._common import bad, clean, deny, require_office
from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person


def agreement_record(*, actor: Person, person: Person, signed: bool,
                     number: str = "") -> Agreement:
    """Record the IP/NDA agreement signed or refused; a refusal blocks hiring (R-PPL-5)."""
    require_office(actor, "agreement.record", person)
    if signed and not number.strip():
        raise bad("number", "请填写协议编号")
    agreement = Agreement(person=person, number=number.strip(), recorded_by=actor,
                          status=Agreement.Status.SIGNED if signed else Agreement.Status.REFUSED)
    clean(agreement)
    with transaction.atomic():
        agreement.save()
        audit_append(actor=actor, action="agreement.record", target=person, rule="R-PPL-5",
                     detail={"status": agreement.status, "number": agreement.number})
    if signed:
        from baomi.personnel.services.commitments import posts_try_effect

        posts_try_effect(actor=actor, person=person)
    return agreement


def review_record(*, actor: Person, person: Person, rating: str, inputs: dict[str, Any],
                  note: str = "", on: date | None = None) -> TrustReview:
    """信用评级: by the secrecy office, never by the person reviewed (R-ACC-4, R-PPL-6)."""
    require_office(actor, "review.record", person)
    if actor.id == person.id:
        deny(actor, "review.record", person,
             Decision.deny("R-PPL-6", "监督不能由接触秘密的人自己履行"))
    review = TrustReview(person=person, rating=rating, inputs=inputs, note=note,
                         reviewer=actor, reviewed_on=on or timezone.localdate())
    clean(review)
    with transaction.atomic():
        review.save()
        audit_append(actor=actor, action="review.record", target=person, rule="R-PPL-6",
                     detail={"rating": rating})
    return review


def sanction_record(*, actor: Person, person: Person, kind: str, reason: str,
                    amount: Decimal | int = 0) -> Sanction:
    require_office(actor, "sanction.record", person)
    if actor.id == person.id:
        deny(actor, "sanction.record", person,
             Decision.deny("R-PPL-6", "监督不能由接触秘密的人自己履行"))
    sanction = Sanction(person=person, kind=kind, reason=reason.strip(),
                        amount=Decimal(amount), recorded_by=actor,
                        recorded_on=timezone.localdate())
    clean(sanction)
    with transaction.atomic():
        sanction.save()
        audit_append(actor=actor, action="sanction.record", target=person, rule="R-PPL-6",
                     detail={"kind": kind, "amount": str(sanction.amount)})
    return sanction


def remind_run(*, today: date | None = None) -> int:
    """Re-examination (R-PPL-2) and key-post review (R-PPL-6) reminders; idempotent: one
    reminder per person, subject and due date."""
    today = today or timezone.localdate()
    settings = get_policy().personnel
    made = 0
    horizon = today + timedelta(days=settings.certificate_remind_days)
    for cert in Certificate.objects.filter(revoked=False, valid_until__gte=today,
                                           valid_until__lte=horizon,
                                           person__status="ACTIVE").select_related("person"):
        _, created = Reminder.objects.get_or_create(
            key=f"cert:{cert.pk}:{cert.valid_until.isoformat()}",
            defaults={"person": cert.person, "due_on": cert.valid_until,
                      "text": f"岗位认证 {cert.number} 将于 {cert.valid_until} 到期,请参加复审考试"})
        made += created
    cutoff = today - timedelta(days=settings.review_interval_days)
    for person in active_people().filter(clearance__in=settings.key_post_clearances):
        last = TrustReview.objects.filter(person=person).first()
        if last is None or last.reviewed_on <= cutoff:
            _, created = Reminder.objects.get_or_create(
                key=f"review:{person.pk}:{today.year}",
                defaults={"person": person, "due_on": today,
                          "text": "关键岗位涉密人员定期审查(信用评级)到期"})
            made += created
    if made:
        audit_append(actor=None, action="personnel.remind", rule="R-PPL-2",
                     detail={"reminders": made, "today": today.isoformat()},
                     actor_label="job")
    return made
