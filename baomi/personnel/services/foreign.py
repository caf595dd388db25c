"""Foreign contact (涉外, 篇八): forms 附表21–24 with a leader's approval (R-FOR-1..3).

Built here with its own simple approval (a leader of `personnel.foreign_approver_ranks`,
never the applicant) rather than in baomi.approvals, whose request kinds are tied to a
carrier and its copies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.personnel.models import ForeignForm
from baomi.personnel.services._common import bad, require_office
from baomi.policy import foreign as rules
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person

RULE = {"F21": "R-FOR-1", "F22": "R-FOR-2", "F23": "R-FOR-3", "F24": "R-FOR-3"}
#: required fields per form, with their labels (the printed form shows them in this order)
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "F21": (("party", "外方单位"), ("items", "提供的秘密事项/载体"), ("level", "密级"),
            ("purpose", "提供理由"), ("exit_permit", "出境许可证号(携运出境时)")),
    "F22": (("visitors", "来访人员"), ("plan", "接待方案"), ("areas", "接待区域"),
            ("participants", "参加人员"), ("host_unit", "承办部门")),
    "F23": (("destination", "前往国家(地区)"), ("dates", "起止日期"),
            ("activity", "交流活动")),
    "F24": (("destination", "前往国家(地区)"), ("dates", "起止日期"),
            ("purpose", "事由"), ("materials", "携带资料")),
}
OPTIONAL = {"exit_permit", "materials"}


def _number(kind: str) -> str:
    year = timezone.localdate().year
    seq = ForeignForm.objects.filter(kind=kind, created_at__year=year).count() + 1
    return f"{kind}-{year}-{seq:05d}"


def foreign_submit(*, actor: Person, kind: str, person: Person, fields: dict[str, Any],
                   private: bool = False) -> ForeignForm:
    if kind not in FIELDS:
        raise bad("kind", _("表单类型无效"))
    values = {key: str(fields.get(key, "")).strip() for key, _ in FIELDS[kind]}
    missing = [label for key, label in FIELDS[kind] if not values[key] and key not in OPTIONAL]
    if missing:
        raise bad("fields", _("请填写:%(missing)s") % {"missing": '、'.join(missing)})
    if kind == "F22":
        require(rules.visit_forbids_photography(stated=bool(fields.get("no_photography"))),
                actor=actor, action="foreign.submit", target=person)
        values["no_photography"] = "严禁外宾拍照"  # the form of record (附表22)
    if kind == "F23" and not fields.get("acknowledged"):
        raise bad("acknowledged", _("请确认已阅读并承诺遵守保密义务"))
    if person.id != actor.id:
        require_office(actor, "foreign.submit", person)
    with transaction.atomic():
        form = ForeignForm.objects.create(number=_number(kind), kind=kind, person=person,
                                          applicant=actor, fields=values,
                                          private=private and kind == "F24")
        audit_append(actor=actor, action="foreign.submit", target=form, rule=RULE[kind],
                     detail={"kind": kind, "private": form.private})
    return form


def foreign_review(*, actor: Person, form: ForeignForm) -> ForeignForm:
    """The secrecy office's review of private travel (因私出国审查), before approval (R-FOR-3)."""
    require_office(actor, "foreign.review", form)
    require(rules.may_review_travel(actor_id=actor.id, person_id=form.person_id), actor=actor,
            action="foreign.review", target=form)
    with transaction.atomic():
        form.secrecy_reviewed_by, form.secrecy_reviewed_at = actor, timezone.now()
        form.save(update_fields=["secrecy_reviewed_by", "secrecy_reviewed_at"])
        audit_append(actor=actor, action="foreign.review", target=form, rule="R-FOR-3")
    return form


def foreign_decide(*, actor: Person, form: ForeignForm, approve: bool,
                   note: str = "") -> ForeignForm:
    rule = RULE[form.kind]
    require(rules.may_decide_form(actor, ranks=get_policy().personnel.foreign_approver_ranks,
                                  rule=rule, applicant_id=form.applicant_id,
                                  person_id=form.person_id, private=form.private,
                                  reviewed=form.secrecy_reviewed_at is not None),
            actor=actor, action="foreign.decide", target=form)
    if form.status != ForeignForm.Status.PENDING:
        raise bad("form", _("该表单已审批"))
    if not approve and not note.strip():
        raise bad("note", _("驳回须写明理由"))
    with transaction.atomic():
        form.status = ForeignForm.Status.APPROVED if approve else ForeignForm.Status.REJECTED
        form.approver, form.decided_at, form.decision_note = actor, timezone.now(), note.strip()
        form.save(update_fields=["status", "approver", "decided_at", "decision_note"])
        audit_append(actor=actor, action="foreign.decide", target=form, rule=rule,
                     detail={"status": form.status})
    return form


def foreign_debrief(*, actor: Person, form: ForeignForm, text: str) -> ForeignForm:
    """After the return: the activities are recorded (篇八 第十四条, R-FOR-3)."""
    if form.kind not in ("F23", "F24") or form.status != ForeignForm.Status.APPROVED:
        raise bad("form", _("只有已批准的出国(境)登记可以汇报"))
    require(rules.may_debrief(actor_id=actor.id, person_id=form.person_id), actor=actor,
            action="foreign.debrief", target=form)
    if not text.strip():
        raise bad("text", _("请填写境外活动情况"))
    with transaction.atomic():
        form.debrief, form.debriefed_at = text.strip(), timezone.now()
        form.status = ForeignForm.Status.CLOSED
        form.save(update_fields=["debrief", "debriefed_at", "status"])
        audit_append(actor=actor, action="foreign.debrief", target=form, rule="R-FOR-3")
    return form
