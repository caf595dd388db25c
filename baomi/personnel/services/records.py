"""Agreements (R-PPL-5), trust reviews and rewards/penalties (R-PPL-6), reminders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.writes import durable_service
from baomi.people.selectors import active_people, secrecy_office_people
from baomi.personnel.models import (
    Agreement,
    Attempt,
    Certificate,
    Reminder,
    Sanction,
    TrustReview,
)
from baomi.personnel.services._common import bad, clean, require_office
from baomi.policy.commitments import may_supervise
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person


@durable_service
def agreement_record(*, actor: Person, person: Person, signed: bool,
                     number: str = "") -> Agreement:
    """Record the IP/NDA agreement signed or refused; a refusal blocks hiring (R-PPL-5)."""
    require_office(actor, "agreement.record", person)
    if signed and not number.strip():
        raise bad("number", _("请填写协议编号"))
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
    require(may_supervise(actor_id=actor.id, person_id=person.id), actor=actor,
            action="review.record", target=person)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise bad("reviewed_on", _("评审日期不能晚于今天"))
    review = TrustReview(person=person, rating=rating, reviewer=actor, reviewed_on=on,
                         note=note.strip(),
                         inputs={str(k): str(v).strip()[:200] for k, v in inputs.items()
                                 if str(v).strip()})
    clean(review)
    with transaction.atomic():
        review.save()
        audit_append(actor=actor, action="review.record", target=person, rule="R-PPL-6",
                     detail={"rating": rating})
    return review


def sanction_record(*, actor: Person, person: Person, kind: str, reason: str,
                    amount: Decimal | int = 0) -> Sanction:
    """奖惩 (篇十 机制四): recorded by the secrecy office, never for oneself (R-PPL-6)."""
    require_office(actor, "sanction.record", person)
    require(may_supervise(actor_id=actor.id, person_id=person.id), actor=actor,
            action="sanction.record", target=person)
    if Decimal(amount) < 0:
        raise bad("amount", _("金额不能为负数"))
    sanction = Sanction(person=person, kind=kind, reason=reason.strip(),
                        amount=Decimal(amount), recorded_by=actor,
                        recorded_on=timezone.localdate())
    clean(sanction)
    with transaction.atomic():
        sanction.save()
        audit_append(actor=actor, action="sanction.record", target=person, rule="R-PPL-6",
                     detail={"kind": kind, "amount": str(sanction.amount)})
    return sanction


def _remind(*, key: str, person: Person, due_on: date, text: str) -> bool:
    """One reminder per key, safe against a concurrent run of the same job."""
    try:
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(
                key=key[:100], defaults={"person": person, "due_on": due_on, "text": text})
    except IntegrityError:  # another run wrote it first
        return False
    return created


def _notify(*, recipients: list[Person], kind: str, key: str, text: str, link: str) -> None:
    """An in-app notice as well as the reminder on the file. Texts name ids and dates only,
    never a matter, project or carrier content (R-DOC-3)."""
    from baomi.approvals.services import notify

    notify(recipients=recipients, kind=kind, key=key, text=text, link=link)


def _last_training(person: Person) -> date | None:
    last = (Attempt.objects.filter(person=person, passed=True, submitted_at__isnull=False)
            .order_by("-submitted_at").values_list("submitted_at", flat=True).first())
    return timezone.localdate(last) if last else None


def remind_run(*, today: date | None = None) -> dict[str, int]:
    """Re-examination of certificates (R-PPL-2), periodic training by
    `training_interval_days` (R-PPL-2) and key-post reviews (R-PPL-6).

    Idempotent and cron-safe: one reminder (and one in-app notice) per person, subject and
    cycle — the certificate's end date, the date of the last passed exam, the last review —
    so running it again, the same day or the next, adds nothing until a new cycle is due.
    Returns how many new reminders of each kind were written.
    """
    today = today or timezone.localdate()
    settings = get_policy().personnel
    counts = {"certificate": 0, "training": 0, "review": 0}
    exams_link, register_link = reverse("personnel:exams"), reverse("personnel:reviews")

    horizon = today + timedelta(days=settings.certificate_remind_days)
    for cert in Certificate.objects.filter(revoked=False, valid_until__gte=today,
                                           valid_until__lte=horizon,
                                           person__status="ACTIVE").select_related("person"):
        key = f"cert:{cert.pk}:{cert.valid_until.isoformat()}"
        text = f"岗位认证 {cert.number} 将于 {cert.valid_until} 到期,请参加复审考试"
        if _remind(key=key, person=cert.person, due_on=cert.valid_until, text=text):
            counts["certificate"] += 1
            _notify(recipients=[cert.person], kind="personnel.certificate", key=key,
                    text=text, link=exams_link)

    interval = timedelta(days=settings.training_interval_days)
    for person in active_people().exclude(clearance="NONE"):
        last = _last_training(person)
        if last is not None and last + interval > today:
            continue
        due = last + interval if last else today
        key = f"training:{person.pk}:{last.isoformat() if last else 'never'}"
        text = (f"定期保密教育培训已到期(上次通过考试 {last}),请参加培训考试" if last
                else "尚无保密教育培训考试记录,请参加培训考试")  # stored reminder
        if _remind(key=key, person=person, due_on=due, text=text):
            counts["training"] += 1
            _notify(recipients=[person], kind="personnel.training", key=key, text=text,
                    link=exams_link)

    cutoff = today - timedelta(days=settings.review_interval_days)
    office = list(secrecy_office_people())
    for person in active_people().filter(clearance__in=settings.key_post_clearances):
        last_review = TrustReview.objects.filter(person=person).first()
        if last_review is not None and last_review.reviewed_on > cutoff:
            continue
        since = last_review.reviewed_on.isoformat() if last_review else "never"
        key = f"review:{person.pk}:{since}"
        due = (last_review.reviewed_on + timedelta(days=settings.review_interval_days)
               if last_review else today)
        if _remind(key=key, person=person, due_on=due,
                   text="关键岗位涉密人员定期审查(信用评级)到期"):
            counts["review"] += 1
            # the review is the secrecy office's task, never the person's own (监管分离)
            _notify(recipients=[p for p in office if p.pk != person.pk],
                    kind="personnel.review", key=key,
                    text=f"关键岗位涉密人员 {person.staff_no} 定期审查(信用评级)到期",
                    link=register_link)
    if any(counts.values()):
        audit_append(actor=None, action="personnel.remind", rule="R-PPL-2",
                     detail={**counts, "today": today.isoformat()}, actor_label="job")
    return counts
