"""Custody of numbered copies (份号): lend, return, hand over, make, destroy, lose.

The writes of copies belong to the carriers app; approvals calls these once a request is
approved and passes its number as `approval_ref`. Every change that moves a copy to a new
custodian is signed for by the receiver (签收) with their password (R-DOC-2, R-DOC-4), writes
one register row (`CustodyEntry`, never edited) and re-checks the copy reconciliation
issued = held + returned + destroyed + lost in the same transaction (R-DOC-6).

Each is one durable transaction (baomi.core.writes) that locks the copy (or the carrier)
first and re-reads its state under the lock: of twenty concurrent hand-overs, returns or
destructions of one copy, one is made and the others are told what happened.
"""

from __future__ import annotations

import copy as _copy
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append, audit_denial
from baomi.carriers.models import Carrier, CarrierCopy, CustodyEntry
from baomi.carriers.tally import tally_move
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.selectors import in_secrecy_office, person_reauthenticates
from baomi.policy import custody as rules
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from datetime import date

    from baomi.people.models import Person

Status = CarrierCopy.Status
Reg = CustodyEntry.Register
Ev = CustodyEntry.Event


def _signed(person: Person, password: str, *, action: str, target: object,
            field: str = "password") -> None:
    """The receiver re-authenticates to sign (签收); a failure is audited, then 400.

    Not a policy decision: a wrong password is bad input, so it is an `ApplicationError`,
    but a failed re-authentication is still worth a denial event (R-ACC-6) — one of the
    few direct uses of `audit_denial` outside `require`."""
    if not person_reauthenticates(person, password):
        audit_denial(actor=person, action=action, target=target, rule="R-ACC-6",
                     reason="签收人身份验证失败")  # the audit record: Chinese
        raise ApplicationError(_("身份验证失败,请输入本人登录密码"),
                               fields={field: [_("密码不正确")]})


def copies_reconcile(carrier: Carrier) -> dict[str, int]:
    """issued = held + returned + destroyed + lost, or ApplicationError (and rollback)."""
    counts = {s: 0 for s in Status.values}
    for row in (CarrierCopy.objects.filter(carrier_id=carrier.pk).values("status")
                .annotate(n=Count("id")).order_by()):
        counts[row["status"]] = row["n"]
    issued = Carrier.objects.filter(pk=carrier.pk).values_list("copies_planned", flat=True)[0]
    total = sum(counts.values())
    if carrier.status != Carrier.Status.DRAFT and total != issued:
        raise ApplicationError(_("份数核对不符"), fields={"copies": [
            _("发出 %(issued)s ≠ 在保管 %(HELD)s + 已收回 %(RETURNED)s + "
            "已销毁 %(DESTROYED)s + 已丢失 %(LOST)s") % {"issued": issued, "HELD": counts['HELD'], "RETURNED": counts['RETURNED'], "DESTROYED": counts['DESTROYED'], "LOST": counts['LOST']}]})
    return {"issued": issued, **{k.lower(): v for k, v in counts.items()}}


def _locked_copy(copy: CarrierCopy) -> CarrierCopy:
    return CarrierCopy.objects.select_for_update().select_related("carrier").get(pk=copy.pk)


def _entry(**kw: object) -> CustodyEntry:
    entry = CustodyEntry(at=timezone.now(), **kw)
    entry.save(force_insert=True)
    return entry


def _held(current: CarrierCopy) -> None:
    if current.status != Status.HELD:
        raise ApplicationError(_("该份载体不在保管状态"),
                               fields={"copy": [current.get_status_display()]})


@durable_service
def copy_lend(*, actor: Person, copy: CarrierCopy, password: str, due_back: date,
              approval_ref: str) -> CarrierCopy:
    """The borrower signs for a copy lent under an approved borrowing request (R-DOC-4)."""
    _signed(actor, password, action="copy.lend", target=copy)
    today = timezone.localdate()
    if due_back < today:
        raise ApplicationError(_("应还日期已过"), fields={"due_back": [_("应还日期不能早于今天")]})
    current = _locked_copy(copy)
    _held(current)
    if current.lent_by_id is not None:
        raise ApplicationError(_("该份已借出"), fields={"copy": [_("该份已借出,尚未归还")]})
    if current.custodian_id == actor.id:
        raise ApplicationError(_("借阅人已保管该份"), fields={"copy": [_("借阅人已保管该份")]})
    lender = current.custodian
    current.lent_by, current.custodian, current.due_back = lender, actor, due_back
    current.save(update_fields=["lent_by", "custodian", "due_back"])
    entry = _entry(register=Reg.BORROW, event=Ev.LEND, carrier=current.carrier,
                   copy=current, copy_nos=str(current.copy_no), level=current.carrier.level,
                   actor=actor, person=actor, from_person=lender, reauthenticated=True,
                   due_back=due_back, approval_ref=approval_ref)
    copies_reconcile(current.carrier)
    audit_append(actor=actor, action="copy.lend", target=current, rule="R-DOC-4",
                 detail={"number": current.carrier.number, "copy_no": current.copy_no,
                         "from": lender.staff_no, "due_back": due_back.isoformat(),
                         "approval": approval_ref, "entry": entry.pk})
    return current


@durable_service
def copy_return(*, actor: Person, copy: CarrierCopy, password: str) -> CarrierCopy:
    """The custodian of record (出借人) — or the secrecy office — signs for a returned copy."""
    current = _locked_copy(copy)
    if current.lent_by_id is None:
        raise ApplicationError(_("该份未借出或已归还"), fields={"copy": [_("该份未借出或已归还")]})
    require(rules.may_take_back(actor, lent_by_id=current.lent_by_id,
                                in_office=in_secrecy_office(actor)),
            actor=actor, action="copy.return", target=current)
    _signed(actor, password, action="copy.return", target=current)
    _held(current)
    borrower, lender = current.custodian, current.lent_by
    assert lender is not None  # noqa: S101 - checked above
    lend = (CustodyEntry.objects.filter(copy=current, event=Ev.LEND)
            .order_by("-at", "-id").first())
    current.custodian, current.lent_by, current.due_back = lender, None, None
    current.save(update_fields=["lent_by", "custodian", "due_back"])
    entry = _entry(register=Reg.BORROW, event=Ev.RETURN, carrier=current.carrier,
                   copy=current, copy_nos=str(current.copy_no), level=current.carrier.level,
                   actor=actor, person=actor, from_person=borrower, reauthenticated=True,
                   approval_ref=lend.approval_ref if lend else "", refers_to=lend)
    copies_reconcile(current.carrier)
    audit_append(actor=actor, action="copy.return", target=current, rule="R-DOC-6",
                 detail={"number": current.carrier.number, "copy_no": current.copy_no,
                         "from": borrower.staff_no, "entry": entry.pk})
    return current


@durable_service
def copy_handover(*, actor: Person, copy: CarrierCopy, password: str, approval_ref: str = "",
                  register: str = Reg.HANDOVER) -> CarrierCopy:
    """The receiver signs for a copy handed to them: distribution (分发签收, R-DOC-2) or an
    ordinary hand-over (交接). A lent copy is returned first."""
    if register not in (Reg.HANDOVER, Reg.DISTRIBUTE):
        raise ValueError(register)
    _signed(actor, password, action="copy.handover", target=copy)
    current = _locked_copy(copy)
    _held(current)
    if current.lent_by_id is not None:
        raise ApplicationError(_("该份已借出"), fields={"copy": [_("借出的份须先归还")]})
    if current.custodian_id == actor.id:
        raise ApplicationError(_("已由本人保管"), fields={"copy": [_("已由本人保管")]})
    giver = current.custodian
    current.custodian = actor
    current.save(update_fields=["custodian"])
    event = Ev.ISSUE if register == Reg.DISTRIBUTE else Ev.HANDOVER
    entry = _entry(register=register, event=event, carrier=current.carrier, copy=current,
                   copy_nos=str(current.copy_no), level=current.carrier.level, actor=actor,
                   person=actor, from_person=giver, reauthenticated=True,
                   approval_ref=approval_ref)
    copies_reconcile(current.carrier)
    audit_append(actor=actor, action="copy.handover", target=current,
                 rule="R-DOC-2" if register == Reg.DISTRIBUTE else "R-DOC-6",
                 detail={"number": current.carrier.number, "copy_no": current.copy_no,
                         "from": giver.staff_no, "entry": entry.pk})
    return current


@durable_service
def copies_make(*, actor: Person, carrier: Carrier, count: int, password: str,
                approval_ref: str, register: str = Reg.PRINT, note: str = "") -> list[CarrierCopy]:
    """New numbered copies (print R-DOC-1, copy R-DOC-5), signed for by the receiver."""
    if register not in (Reg.PRINT, Reg.COPY):
        raise ValueError(register)
    policy = get_policy()
    _signed(actor, password, action="copies.make", target=carrier)
    current = Carrier.objects.select_for_update().get(pk=carrier.pk)
    if current.status != Carrier.Status.CONFIRMED:
        raise ApplicationError(_("只有已定密的载体可以打印或复制"),
                               fields={"status": [current.get_status_display()]})
    if count < 1 or current.copies_planned + count > policy.max_copies_per_carrier:
        raise ApplicationError(_("份数超出规定"), fields={"count": [
            _("总份数不超过 %(max_copies_per_carrier)s") % {"max_copies_per_carrier": policy.max_copies_per_carrier}]})
    last = current.copies.aggregate(m=Max("copy_no"))["m"] or 0
    now = timezone.now()
    made = [CarrierCopy(carrier=current, copy_no=last + i, custodian=actor, created_at=now)
            for i in range(1, count + 1)]
    CarrierCopy.objects.bulk_create(made)
    current.copies_planned += count
    current.save(update_fields=["copies_planned", "updated_at"])
    numbers = f"{last + 1}-{last + count}" if count > 1 else str(last + 1)
    entry = _entry(register=register, event=Ev.PRINT if register == Reg.PRINT else Ev.COPY,
                   carrier=current, copy_nos=numbers, count=count, level=current.level,
                   actor=actor, person=actor, reauthenticated=True,
                   approval_ref=approval_ref, note=note[:500])
    copies_reconcile(current)
    audit_append(actor=actor, action="copies.make", target=current,
                 rule="R-DOC-1" if register == Reg.PRINT else "R-DOC-5",
                 detail={"number": current.number, "copies": numbers, "count": count,
                         "approval": approval_ref, "entry": entry.pk})
    return list(CarrierCopy.objects.filter(carrier=current, copy_no__gt=last).order_by("copy_no"))


@durable_service
def copy_destroy(*, actor: Person, copy: CarrierCopy, witness: Person, witness_password: str,
                 method: str, approval_ref: str) -> CarrierCopy:
    """Shred a copy (R-DOC-9) before a witness (监销人) who signs with their password."""
    require(rules.may_witness_destruction(actor, witness_id=witness.id), actor=actor,
            action="copy.destroy", target=copy)
    _signed(witness, witness_password, action="copy.destroy", target=copy,
            field="witness_password")
    method = (method or "").strip() or "碎纸机粉碎"
    current = _locked_copy(copy)
    if current.status not in (Status.HELD, Status.RETURNED):
        raise ApplicationError(_("该份不能销毁"), fields={"copy": [current.get_status_display()]})
    if current.lent_by_id is not None:
        raise ApplicationError(_("该份已借出"), fields={"copy": [_("借出的份须先归还")]})
    current.status = Status.DESTROYED
    current.save(update_fields=["status"])
    entry = _entry(register=Reg.DESTROY, event=Ev.DESTROY, carrier=current.carrier,
                   copy=current, copy_nos=str(current.copy_no), level=current.carrier.level,
                   actor=actor, person=actor, from_person=current.custodian,
                   witness=witness, reauthenticated=True, method=method[:100],
                   approval_ref=approval_ref)
    _carrier_destroyed_if_none_left(current.carrier)
    copies_reconcile(current.carrier)
    audit_append(actor=actor, action="copy.destroy", target=current, rule="R-DOC-9",
                 detail={"number": current.carrier.number, "copy_no": current.copy_no,
                         "witness": witness.staff_no, "method": method[:100],
                         "approval": approval_ref, "entry": entry.pk})
    return current


def _carrier_destroyed_if_none_left(carrier: Carrier) -> None:
    # the carrier is locked before counting, so the last of two concurrent destructions
    # sees the other's copy destroyed and marks the carrier
    Carrier.objects.select_for_update().filter(pk=carrier.pk).exists()
    if CarrierCopy.objects.filter(carrier=carrier, status__in=(Status.HELD, Status.RETURNED)
                                  ).exists():
        return
    if not CarrierCopy.objects.filter(carrier=carrier, status=Status.DESTROYED).exists():
        return
    current = Carrier.objects.select_for_update().get(pk=carrier.pk)
    before = _copy.copy(current)
    current.status = Carrier.Status.DESTROYED
    current.save(update_fields=["status", "updated_at"])
    tally_move(before, current)


@durable_service
def copy_mark_lost(*, actor: Person, copy: CarrierCopy, note: str) -> CustodyEntry:
    """R-DOC-7: the custodian (or the secrecy office) reports a copy lost; it is marked LOST.
    The incident and the leaders' alert are opened by the caller (approvals)."""
    require(rules.may_report_lost(actor, custodian_id=copy.custodian_id,
                                  in_office=in_secrecy_office(actor)),
            actor=actor, action="copy.lost", target=copy)
    current = _locked_copy(copy)
    _held(current)
    current.status = Status.LOST
    current.lent_by, current.due_back = None, None
    current.save(update_fields=["status", "lent_by", "due_back"])
    entry = _entry(register=Reg.LOSS, event=Ev.LOSS, carrier=current.carrier, copy=current,
                   copy_nos=str(current.copy_no), level=current.carrier.level, actor=actor,
                   person=current.custodian, note=(note or "")[:500])
    copies_reconcile(current.carrier)
    audit_append(actor=actor, action="copy.lost", target=current, rule="R-DOC-7",
                 detail={"number": current.carrier.number, "copy_no": current.copy_no,
                         "custodian": current.custodian.staff_no, "entry": entry.pk})
    return entry


@durable_service
def copy_provide_external(*, actor: Person, copy: CarrierCopy, party: str, nda_ref: str,
                          approval_ref: str) -> CustodyEntry:
    """R-DOC-10: register a copy provided to an outside party under a signed NDA."""
    if not party.strip() or not nda_ref.strip():
        raise ApplicationError(_("请填写接收单位和保密协议编号"),
                               fields={"party": [_("必填")], "nda_ref": [_("必填")]})
    current = _locked_copy(copy)
    _held(current)
    entry = _entry(register=Reg.EXTERNAL, event=Ev.PROVIDE, carrier=current.carrier,
                   copy=current, copy_nos=str(current.copy_no), level=current.carrier.level,
                   actor=actor, person=actor, from_person=current.custodian,
                   party=party.strip()[:200], nda_ref=nda_ref.strip()[:100],
                   approval_ref=approval_ref)
    copies_reconcile(current.carrier)
    audit_append(actor=actor, action="copy.provide_external", target=current,
                 rule="R-DOC-10", detail={"number": current.carrier.number,
                                          "copy_no": current.copy_no, "nda": nda_ref,
                                          "approval": approval_ref, "entry": entry.pk})
    return entry


@durable_service
def custody_entry_correct(*, actor: Person, entry: CustodyEntry, note: str) -> CustodyEntry:
    """A correction is a new row referring to the old one; the old row stays as it was."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("请填写更正说明"), fields={"note": [_("必填")]})
    require(rules.may_correct_entry(actor, entry_actor_id=entry.actor_id,
                                    in_office=in_secrecy_office(actor)),
            actor=actor, action="custody.correct", target=entry)
    correction = _entry(register=entry.register, event=Ev.CORRECTION,
                        carrier_id=entry.carrier_id, copy_id=entry.copy_id,
                        copy_nos=entry.copy_nos, count=entry.count, level=entry.level,
                        actor=actor, note=note[:500], refers_to=entry,
                        approval_ref=entry.approval_ref)
    audit_append(actor=actor, action="custody.correct", target=correction,
                 detail={"refers_to": entry.pk, "note": note[:500]})
    return correction


@durable_service
def carrier_reclassify(*, actor: Person, carrier: Carrier, action: str, approval_ref: str,
                       new_level: str = "", new_term_years: int | None = None) -> Carrier:
    """R-CLS-5: apply an approved declassification (解密), term extension or level change."""
    policy = get_policy()
    current = Carrier.objects.select_for_update().get(pk=carrier.pk)
    if current.status != Carrier.Status.CONFIRMED:
        raise ApplicationError(_("只有已定密的载体可以变更"),
                               fields={"status": [current.get_status_display()]})
    before = _copy.copy(current)
    if action == "DECLASSIFY":
        current.status = Carrier.Status.DECLASSIFIED
    elif action == "EXTEND":
        spec = policy.level(current.level)
        if new_term_years is None or not (current.term_years or 0) < new_term_years <= max(
                spec.max_term_years, 0):
            raise ApplicationError(_("保密期限不合规定"), fields={"new_term_years": [
                _("R-CLS-5: 应长于现期限且不超过 %(max_term_years)s 年") % {"max_term_years": spec.max_term_years}]})
        assert current.confirmed_at is not None  # noqa: S101 - confirmed
        start = timezone.localdate(current.confirmed_at)
        current.term_years = new_term_years
        current.term_ends = start + timedelta(days=round(365.25 * new_term_years))
    elif action == "CHANGE_LEVEL":
        if new_level not in policy.level_codes() or new_level == current.level:
            raise ApplicationError(_("密级不合规定"), fields={"new_level": [_("请选择新的密级")]})
        spec = policy.level(new_level)
        current.level = new_level
        current.scope_rank = spec.scope_rank
        current.term_years = spec.max_term_years or None
    else:
        raise ValueError(action)
    current.save()
    tally_move(before, current)
    audit_append(actor=actor, action="carrier.reclassify", target=current, rule="R-CLS-5",
                 detail={"number": current.number, "change": action,
                         "level": current.level, "proposed_level": before.level,
                         "term_years": current.term_years, "approval": approval_ref})
    return current
