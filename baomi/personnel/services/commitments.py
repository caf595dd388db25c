"""Commitments and posts (R-PPL-1, R-PPL-2, R-PPL-5).

A post (涉密岗位) with a clearance is assigned PENDING with a commitment to sign; the
clearance changes (via baomi.people.services) only when the commitment is signed with
password and second factor, the post certificate for that level is valid, and — for
technical staff — the IP/NDA agreement is signed.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.core.writes import durable_service
from baomi.people.selectors import person_reauthenticates
from baomi.people.services import person_set_clearance
from baomi.personnel.models import (
    EIGHT_CLAUSES,
    Agreement,
    Certificate,
    Commitment,
    CommitmentArchive,
    CommitmentTemplate,
    PostAssignment,
)
from baomi.personnel.services._common import bad, clean, require_office
from baomi.personnel.services.otp import factor_name, otp_check, otp_enrolled
from baomi.policy import commitments as rules
from baomi.policy.decision import require
from baomi.policy.personnel import CLEARANCES

if TYPE_CHECKING:
    from datetime import date

    from django_otp.models import Device

    from baomi.people.models import Person
    from baomi.policy.decision import Decision


def template_current() -> CommitmentTemplate:
    template = CommitmentTemplate.objects.filter(is_current=True).order_by("-version").first()
    if template is None:  # the data migration creates v1; a wiped table gets it back
        template = CommitmentTemplate.objects.create(version=1, clauses=list(EIGHT_CLAUSES))
    return template


@durable_service
def template_publish(*, actor: Person, clauses: list[str],
                     extra_clauses: dict[str, list[str]]) -> CommitmentTemplate:
    """A new version; the eight clauses of 篇十 stay (R-PPL-1). Everyone who signed an
    older version gets a renewal (续签) to sign."""
    require_office(actor, "commitment.template")
    clauses = [c.strip() for c in clauses if c.strip()]
    require(rules.template_keeps_clauses(clauses, EIGHT_CLAUSES), actor=actor,
            action="commitment.template")
    extra = {code: [c.strip() for c in items if c.strip()]
             for code, items in extra_clauses.items()}
    extra = {code: items for code, items in extra.items() if items}
    if any(code not in CLEARANCES for code in extra):
        raise bad("extra_clauses", _("补充条款须按涉密等级填写"))
    if any(len(c) > 500 for c in [*clauses, *(c for v in extra.values() for c in v)]):
        raise bad("clauses", _("每条不超过 500 字"))
    with transaction.atomic():
        previous = template_current()
        if previous.clauses == clauses and previous.extra_clauses == extra:
            raise bad("clauses", _("与现行版本相同,无须发布新版本"))
        CommitmentTemplate.objects.filter(is_current=True).update(is_current=False)
        template = CommitmentTemplate.objects.create(
            version=previous.version + 1, clauses=clauses, extra_clauses=extra,
            created_by=actor)
        renewals = 0
        signed = (Commitment.objects.filter(status=Commitment.Status.SIGNED)
                  .exclude(template=template).exclude(reason=Commitment.Reason.FOREIGN)
                  .select_related("person"))
        for person_id in sorted({c.person_id for c in signed}):
            latest = signed.filter(person_id=person_id).first()
            if latest is None or latest.person.status == "LEFT":
                continue
            _new_commitment(actor=actor, person=latest.person, template=template,
                            reason=Commitment.Reason.RENEWAL, clearance=latest.clearance,
                            post=latest.post)
            renewals += 1
        audit_append(actor=actor, action="commitment.template", target=template,
                     rule="R-PPL-1", detail={"version": template.version,
                                             "renewals": renewals})
    return template


def _new_commitment(*, actor: Person | None, person: Person, template: CommitmentTemplate,
                    reason: str, clearance: str, post: str = "", matter: str = "",
                    level: str = "") -> Commitment:
    commitment = Commitment(person=person, template=template, reason=reason,
                            clearance=clearance, post=post,
                            clauses=template.clauses_for(clearance), matter=matter,
                            level=level, created_by=actor)
    clean(commitment, exclude=["created_by"])
    commitment.save()
    return commitment


@durable_service
def post_assign(*, actor: Person, person: Person, post: str, clearance: str,
                technical: bool = False, project: str = "", project_ends: date | None = None,
                matter: str = "", level: str = "") -> PostAssignment:
    """Assign a post; it waits for the commitment (and certificate, agreement) (R-PPL-1)."""
    require_office(actor, "post.assign", person)
    if person.status != "ACTIVE":
        raise bad("person", _("该人员不在岗"))
    if not post.strip():
        raise bad("post", _("请填写岗位"))
    if technical:
        require(rules.may_take_technical_post(
            agreement_refused=_agreement(person) == Agreement.Status.REFUSED),
            actor=actor, action="post.assign", target=person)
    with transaction.atomic():
        commitment = _new_commitment(actor=actor, person=person, template=template_current(),
                                     reason=Commitment.Reason.POST, clearance=clearance,
                                     post=post, matter=matter, level=level)
        assignment = PostAssignment(person=person, post=post.strip(),
                                    from_clearance=person.clearance, clearance=clearance,
                                    technical=technical, project=project,
                                    project_ends=project_ends, commitment=commitment,
                                    created_by=actor)
        clean(assignment)
        assignment.save()
        audit_append(actor=actor, action="post.assign", target=person, rule="R-PPL-1",
                     detail={"post": post, "clearance": clearance, "commitment": commitment.pk,
                             "technical": technical})
    return assignment


def _agreement(person: Person) -> str:
    latest = Agreement.objects.filter(person=person).first()
    return latest.status if latest else ""


def certificate_valid(person: Person, clearance: str, on: date | None = None) -> Certificate | None:
    """A certificate at this level or above, in force on `on` (R-PPL-2)."""
    from baomi.policy.runtime import get_policy

    on = on or timezone.localdate()
    policy = get_policy()
    weight = policy.clearance(clearance).max_weight
    for cert in Certificate.objects.filter(person=person, revoked=False, issued_on__lte=on,
                                           valid_until__gte=on):
        if policy.clearance(cert.clearance).max_weight >= weight:
            return cert
    return None


def post_blockers(assignment: PostAssignment) -> list[Decision]:
    """What still keeps a pending post from taking effect, as decisions (empty: none)."""
    needs_certificate = assignment.clearance != "NONE"
    return rules.post_blockers(rules.PostFacts(
        commitment_pending=bool(assignment.commitment
                                and assignment.commitment.status != Commitment.Status.SIGNED),
        needs_certificate=needs_certificate,
        has_certificate=needs_certificate and certificate_valid(
            assignment.person, assignment.clearance) is not None,
        technical=assignment.technical,
        agreement_signed=assignment.technical
        and _agreement(assignment.person) == Agreement.Status.SIGNED))


@durable_service
def posts_try_effect(*, actor: Person | None, person: Person) -> list[PostAssignment]:
    """Put into effect every pending post of `person` with nothing left blocking it."""
    done = []
    for assignment in PostAssignment.objects.filter(
            person=person, status=PostAssignment.Status.PENDING).select_related(
            "commitment", "person").order_by("created_at", "id"):
        if post_blockers(assignment):
            continue
        with transaction.atomic():
            person_set_clearance(actor=actor, person=person, clearance=assignment.clearance,
                                 rule="R-PPL-1", ref=f"post:{assignment.pk}")
            assignment.status = PostAssignment.Status.EFFECTIVE
            assignment.effective_at = timezone.now()
            assignment.save(update_fields=["status", "effective_at"])
            audit_append(actor=actor, action="post.effective", target=person, rule="R-PPL-1",
                         detail={"post": assignment.post, "clearance": assignment.clearance})
        done.append(assignment)
    return done


def commitment_sign(*, actor: Person, commitment: Commitment, password: str,
                    token: str) -> Commitment:
    """The person signs their own commitment: password now, plus the second factor."""
    require(rules.may_sign_commitment(actor_id=actor.id, person_id=commitment.person_id),
            actor=actor, action="commitment.sign", target=commitment)
    if commitment.status != Commitment.Status.PENDING:
        raise bad("commitment", _("该承诺书不是待签状态"))
    reauthenticated = person_reauthenticates(actor, password)
    enrolled = reauthenticated and otp_enrolled(actor)
    device = otp_check(actor, token) if enrolled else None
    require(rules.signature_verified(reauthenticated=reauthenticated, enrolled=enrolled,
                                     second_factor_ok=device is not None),
            actor=actor, action="commitment.sign", target=commitment)
    assert device is not None  # noqa: S101 - signature_verified refuses without one
    return _signature_record(actor=actor, commitment=commitment, device=device)


@durable_service
def _signature_record(*, actor: Person, commitment: Commitment, device: Device) -> Commitment:
    """The signing itself, once the password and the second factor were checked (outside
    this transaction, so a failed factor's throttling survives): the commitment locked
    and re-read, signed, and the posts it unblocks put into effect — all or nothing."""
    with transaction.atomic():
        current = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if current.status != Commitment.Status.PENDING:
            raise bad("commitment", _("该承诺书已签署"))
        now = timezone.now()
        current.status = Commitment.Status.SIGNED
        current.signed_at = now
        current.second_factor = factor_name(device)
        current.signature = hashlib.sha256(json.dumps(
            [actor.staff_no, current.template.version, current.clauses, now.isoformat(),
             current.second_factor], ensure_ascii=False).encode()).hexdigest()
        current.save(update_fields=["status", "signed_at", "second_factor", "signature"])
        if current.reason in (Commitment.Reason.POST, Commitment.Reason.RENEWAL):
            (Commitment.objects.filter(person=actor, status=Commitment.Status.SIGNED,
                                       reason__in=(Commitment.Reason.POST,
                                                   Commitment.Reason.RENEWAL))
             .exclude(pk=current.pk).update(status=Commitment.Status.SUPERSEDED))
        audit_append(actor=actor, action="commitment.sign", target=current, rule="R-PPL-1",
                     detail={"version": current.template.version, "factor": current.second_factor,
                             "signature": current.signature})
    posts_try_effect(actor=actor, person=actor)
    return current


@durable_service
def commitment_archive(*, actor: Person, commitment: Commitment, copy: str,
                       location: str) -> CommitmentArchive:
    """Record one of the two archive copies (HR, secrecy office) of a signed commitment."""
    require_office(actor, "commitment.archive", commitment)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status == Commitment.Status.PENDING:
        raise bad("commitment", _("承诺书尚未签署"))
    if CommitmentArchive.objects.filter(commitment=commitment, copy=copy).exists():
        raise bad("copy", _("该份已登记存档"))
    entry = CommitmentArchive(commitment=commitment, copy=copy, location=location.strip(),
                              recorded_by=actor)
    clean(entry)
    with transaction.atomic():
        entry.save()
        audit_append(actor=actor, action="commitment.archive", target=commitment,
                     rule="R-PPL-1", detail={"copy": copy, "location": entry.location})
    return entry
