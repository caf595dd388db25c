"""Writes of carriers: draft, revise, return, confirm, withdraw, view (rule of the house 1).

Each service asks policy, validates, and writes in one durable transaction (with the
carrier locked) together with its audit event; a refusal is audited after the rollback
(R-ACC-6, baomi.core.writes).
"""

from __future__ import annotations

import copy as _copy
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append, audit_denial
from baomi.carriers.models import Carrier, CarrierCopy, CarrierScope
from baomi.carriers.selectors import carrier_exists_unseen, carrier_get, carrier_seen
from baomi.carriers.tally import tally_add, tally_move
from baomi.core.errors import ApplicationError, NotVisible
from baomi.core.writes import durable_service
from baomi.people.models import OrgUnit, Person
from baomi.policy import classification as cls
from baomi.policy import custody as rules
from baomi.policy.decision import Decision, require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date


def _field_errors(**checks: Decision) -> dict[str, list[str]]:
    return {field: [f"{d.rule}: {d.reason_shown}"] for field, d in checks.items() if not d.allowed}


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _validate_classification(*, kind: str, level: str, term_years: int | None,
                             scope_rank: str, category: str, named: Iterable[Person],
                             confirmer: Person | None, department: OrgUnit,
                             copies_planned: int) -> None:
    policy = get_policy()
    kind_decision = cls.level_allowed_for_kind(level, kind)
    if not kind_decision.allowed:
        raise ApplicationError(_("密级不合规定"), fields=_field_errors(level=kind_decision))
    errors = _field_errors(
        term_years=cls.term_allowed(level, term_years),
        scope_rank=cls.scope_rank_allowed(level, scope_rank),
    )
    categories = policy.categories.get(level, ())
    if categories and category not in categories:
        errors["category"] = [_("R-CLS-4: 请选择本密级的定密依据")]
    refused = [f"{p.name}({d.reason_shown})" for p in named
               if not (d := cls.may_be_named(p, level=level)).allowed]
    if refused:
        errors["named_people"] = [_("R-ACC-1: 以下人员不能列入知悉范围:") + "、".join(refused)]
    if confirmer is not None:
        decision = cls.may_confirm_level(confirmer, level=level, department_id=department.id)
        if not decision.allowed:
            errors["confirmer"] = [f"{decision.rule}: {decision.reason_shown}"]
    if not 1 <= copies_planned <= policy.max_copies_per_carrier:
        errors["copies_planned"] = [_("份数应在 1 到 %(max_copies_per_carrier)s 之间") % {"max_copies_per_carrier": policy.max_copies_per_carrier}]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)


@durable_service
def carrier_draft(
    *,
    actor: Person,
    title: str,
    kind: str,
    level: str,
    confirmer: Person,
    category: str = "",
    reason: str = "",
    term_years: int | None = None,
    scope_rank: str | None = None,
    named_people: Iterable[Person] = (),
    copies_planned: int = 1,
    controlled: bool = False,
) -> Carrier:
    """Draft a carrier (拟制). Until confirmed only drafter and confirmer see it (R-CLS-2)."""
    named = list(dict.fromkeys(named_people))
    if level not in get_policy().level_codes():
        raise ApplicationError(_("密级不合规定"), fields={"level": [_("R-CLS-1: 未知密级 %(level)s") % {"level": level}]})
    scope_rank = scope_rank or cls.default_scope_rank(level)
    if term_years is None:
        term_years = cls.term_for(level)
    require(rules.may_draft(actor), actor=actor, action="carrier.draft")
    require(cls.may_be_named(actor, level=level), actor=actor, action="carrier.draft")
    require(rules.may_name_confirmer(drafter_id=actor.id, confirmer_id=confirmer.id),
            actor=actor, action="carrier.draft")
    department = actor.unit
    _validate_classification(kind=kind, level=level, term_years=term_years,
                             scope_rank=scope_rank, category=category, named=named,
                             confirmer=confirmer, department=department,
                             copies_planned=copies_planned)
    carrier = Carrier(
        title=title.strip(), kind=kind, level=level, category=category, reason=reason.strip(),
        term_years=term_years, scope_rank=scope_rank, controlled=controlled,
        department=department, drafter=actor, confirmer=confirmer,
        copies_planned=copies_planned, status=Carrier.Status.DRAFT, created_at=timezone.now(),
    )
    try:
        carrier.full_clean(exclude=["number"])
    except ValidationError as exc:
        raise ApplicationError(_("请更正标出的字段"), fields=exc.message_dict) from exc
    carrier.save(force_insert=True)
    carrier.number = (f"{get_policy().organisation['number_prefix']}-"
                      f"{timezone.localdate(carrier.created_at).year}-{carrier.pk:06d}")
    carrier.save(update_fields=["number"])
    # the drafter is directly concerned with the content (R-ACC-2 与内容有直接关系)
    scope = [actor, *(p for p in named if p.id != actor.id)]
    CarrierScope.objects.bulk_create([CarrierScope(carrier=carrier, person=p) for p in scope])
    tally_add(carrier, +1)
    audit_append(actor=actor, action="carrier.draft", target=carrier,
                 detail={"number": carrier.number, "level": level, "kind": kind,
                         "confirmer": confirmer.staff_no})
    return carrier


def _named_people(carrier: Carrier) -> list[Person]:
    return list(Person.objects.filter(
        id__in=CarrierScope.objects.filter(carrier=carrier).values("person_id")))


def _locked(carrier: Carrier) -> Carrier:
    return Carrier.objects.select_for_update().get(pk=carrier.pk)


@durable_service
def carrier_confirm(
    *,
    actor: Person,
    carrier: Carrier,
    level: str | None = None,
    term_years: int | None = None,
    scope_rank: str | None = None,
    category: str | None = None,
) -> Carrier:
    """Confirm the classification (定密确认, R-CLS-3) and issue numbered copies (份号).

    The confirmer may settle a different level than proposed, but only one within their
    authority. A drafter never confirms their own draft (R-ACC-4).
    """
    level = level or carrier.level
    if level not in get_policy().level_codes():
        raise ApplicationError(_("密级不合规定"), fields={"level": [_("R-CLS-1: 未知密级 %(level)s") % {"level": level}]})
    decision = cls.may_confirm(actor, drafter_id=carrier.drafter_id,
                               confirmer_id=carrier.confirmer_id, level=level,
                               department_id=carrier.department_id)
    require(decision, actor=actor, action="carrier.confirm", target=carrier)
    if level != carrier.level:
        if term_years is None:
            term_years = cls.term_for(level)
        if scope_rank is None:
            default = cls.default_scope_rank(level)
            keep = cls.scope_rank_allowed(level, carrier.scope_rank).allowed
            scope_rank = carrier.scope_rank if keep else default
    term_years = carrier.term_years if term_years is None else (term_years or None)
    scope_rank = scope_rank or carrier.scope_rank
    category = carrier.category if category is None else category
    named = _named_people(carrier)
    _validate_classification(kind=carrier.kind, level=level, term_years=term_years,
                             scope_rank=scope_rank, category=category, named=named,
                             confirmer=None, department=carrier.department,
                             copies_planned=carrier.copies_planned)
    current = _locked(carrier)
    if current.status != Carrier.Status.DRAFT:
        raise ApplicationError(_("该载体已不在待定密状态"), fields={"status": [current.get_status_display()]})
    before = _copy.copy(current)
    now = timezone.now()
    current.level, current.term_years, current.scope_rank = level, term_years, scope_rank
    current.category = category
    current.status = Carrier.Status.CONFIRMED
    current.confirmed_at = now
    current.term_ends = (_add_years(timezone.localdate(now), term_years)
                         if term_years else None)
    current.save()
    CarrierCopy.objects.bulk_create([
        CarrierCopy(carrier=current, copy_no=n, custodian_id=current.drafter_id, created_at=now)
        for n in range(1, current.copies_planned + 1)
    ])
    tally_move(before, current)
    audit_append(actor=actor, action="carrier.confirm", target=current, rule=decision.rule,
                 detail={"number": current.number, "level": level,
                         "proposed_level": before.level, "term_years": term_years,
                         "scope_rank": scope_rank, "copies": current.copies_planned})
    return current


@durable_service
def carrier_return(*, actor: Person, carrier: Carrier, note: str) -> Carrier:
    """The confirmer sends a draft back to the drafter with a note (退回修改)."""
    require(rules.may_return_draft(actor, confirmer_id=carrier.confirmer_id), actor=actor,
            action="carrier.return", target=carrier)
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("请填写退回意见"), fields={"note": [_("请填写退回意见")]})
    current = _locked(carrier)
    if current.status != Carrier.Status.DRAFT:
        raise ApplicationError(_("该载体已不在待定密状态"), fields={"status": [current.get_status_display()]})
    before = _copy.copy(current)
    current.status, current.return_note = Carrier.Status.RETURNED, note[:500]
    current.save(update_fields=["status", "return_note", "updated_at"])
    tally_move(before, current)
    audit_append(actor=actor, action="carrier.return", target=current, detail={"note": note[:500]})
    return current


@durable_service
def carrier_resubmit(*, actor: Person, carrier: Carrier, title: str | None = None,
                     level: str | None = None, term_years: int | None = None,
                     category: str | None = None, reason: str | None = None,
                     confirmer: Person | None = None) -> Carrier:
    """The drafter revises a returned draft and submits it again."""
    require(rules.may_resubmit(actor, drafter_id=carrier.drafter_id), actor=actor,
            action="carrier.resubmit", target=carrier)
    level = level or carrier.level
    confirmer = confirmer or carrier.confirmer
    require(rules.may_name_confirmer(drafter_id=actor.id,
                                     confirmer_id=confirmer.id if confirmer else None),
            actor=actor, action="carrier.resubmit", target=carrier)
    assert confirmer is not None  # noqa: S101 - may_name_confirmer refuses None
    term = carrier.term_years if term_years is None else term_years
    if level != carrier.level and term_years is None:
        term = cls.term_for(level)
    scope_rank = carrier.scope_rank
    if not cls.scope_rank_allowed(level, scope_rank).allowed:
        scope_rank = cls.default_scope_rank(level)
    category = carrier.category if category is None else category
    named = _named_people(carrier)
    _validate_classification(kind=carrier.kind, level=level, term_years=term,
                             scope_rank=scope_rank, category=category, named=named,
                             confirmer=confirmer, department=carrier.department,
                             copies_planned=carrier.copies_planned)
    current = _locked(carrier)
    if current.status != Carrier.Status.RETURNED:
        raise ApplicationError(_("只有退回的草稿可以重新提交"), fields={"status": [current.get_status_display()]})
    before = _copy.copy(current)
    current.title = (title or current.title).strip()
    current.level, current.term_years, current.scope_rank = level, term, scope_rank
    current.category = category
    current.reason = current.reason if reason is None else reason.strip()
    current.confirmer = confirmer
    current.status, current.return_note = Carrier.Status.DRAFT, ""
    current.save()
    tally_move(before, current)
    audit_append(actor=actor, action="carrier.resubmit", target=current,
                 detail={"level": level, "confirmer": confirmer.staff_no})
    return current


@durable_service
def carrier_withdraw(*, actor: Person, carrier: Carrier, reason: str) -> Carrier:
    """The drafter withdraws (作废) a draft not yet confirmed — waiting or sent back.

    R-CLS-2: a draft is its drafter's until confirmed. The carrier keeps its number and
    its history, leaves the confirmer's list and stays visible to the drafter (and the
    confirmer) as 已作废; it can never be confirmed. Audited as `carrier.withdraw`.
    """
    require(cls.may_withdraw_draft(actor, drafter_id=carrier.drafter_id), actor=actor,
            action="carrier.withdraw", target=carrier)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写作废原因"), fields={"reason": [_("请填写作废原因")]})
    current = _locked(carrier)
    if current.status not in (Carrier.Status.DRAFT, Carrier.Status.RETURNED):
        raise ApplicationError(_("只有待定密或退回修改的草稿可以作废"),
                               fields={"status": [current.get_status_display()]})
    before = _copy.copy(current)
    current.status = Carrier.Status.WITHDRAWN
    current.save(update_fields=["status", "updated_at"])
    tally_move(before, current)
    audit_append(actor=actor, action="carrier.withdraw", target=current, rule="R-CLS-2",
                 detail={"number": current.number, "was": before.status,
                         "reason": reason[:500]})
    return current


def carrier_view(*, viewer: Person | None, pk: int | None = None,
                 number: str | None = None, metadata: bool = False) -> Carrier:
    """Open one carrier: the read is audited; a refused look-up is audited as R-ACC-1
    and answered as not found, whatever the reason (R-ACC-6).

    `metadata`: a supervisor or auditor who sees only the carrier's metadata (R-ACC-4) is
    answered too (`carrier.sight == "metadata"`, the read audited as such); without it
    only a viewer who sees everything is.

    Not a `require`: the refusal is a 404, never a 403 naming a rule (rule of the house 3:
    never confirm that a carrier exists), so the denial is recorded here and `NotVisible`
    re-raised.
    """
    try:
        carrier = (carrier_seen if metadata else carrier_get)(viewer=viewer, pk=pk,
                                                               number=number)
    except NotVisible as exc:
        hidden = carrier_exists_unseen(pk=pk, number=number)
        if hidden is not None:
            decision = exc.args[0] if exc.args and isinstance(exc.args[0], Decision) else None
            audit_denial(actor=viewer, action="carrier.view", target=hidden,
                         rule="R-ACC-1", reason=decision.reason if decision else "",
                         detail={"rule_detail": decision.rule if decision else "R-ACC-1"})
        raise
    if carrier.sight == "full":
        audit_append(actor=viewer, action="carrier.view", target=carrier)
    else:  # a supervisor's or auditor's read of the metadata (R-ACC-4)
        audit_append(actor=viewer, action="carrier.view", target=carrier, rule="R-ACC-4",
                     detail={"sight": carrier.sight})
    return carrier


def carrier_for_action(*, viewer: Person | None, pk: int | None = None,
                       number: str | None = None) -> Carrier:
    """The carrier an action (confirm, return, resubmit) is asked on.

    A visible carrier is returned without a "carrier.view" event (the action writes its
    own); a carrier the viewer may not see is audited as a refused look-up (R-ACC-1,
    R-ACC-6) and answered as not found, exactly like `carrier_view`.
    """
    try:
        return carrier_get(viewer=viewer, pk=pk, number=number)
    except NotVisible:
        return carrier_view(viewer=viewer, pk=pk, number=number)
