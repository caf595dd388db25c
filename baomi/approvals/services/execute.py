"""Carrying out an approved request: the approvals app calls the carriers' custody services
(it never writes copies itself) and closes the request.

BORROW: the borrower signs for a copy (签收, re-authenticated) and later the lender signs
for its return; DISTRIBUTE: the recipient signs for; PRINT / COPY: the requester signs for
the new copies; DESTROY: shredded before a witness (R-DOC-9); EXTERNAL: registered with its
NDA (R-DOC-10); DECLASSIFY / EXTEND / CHANGE_LEVEL: applied to the carrier (R-CLS-5);
NETWORK: recorded as sent (R-DOC-3). Loss reports (R-DOC-7) open an incident and alert
the leaders.

Each of these is one durable transaction (baomi.core.writes): the request row is locked
first and its status re-read under the lock, the custody service joins the transaction,
and the request is closed in the same transaction as the copies it gave — a double click
or twenty concurrent sign-fors make the copies once (R-DOC-1); notices go out on commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.approvals.actions import action_copy, request_facts
from baomi.approvals.models import ApprovalRequest, Incident
from baomi.approvals.services._common import notify
from baomi.audit.services import audit_append
from baomi.carriers import custody
from baomi.carriers.ledger import available_copies
from baomi.carriers.models import CarrierCopy, CustodyEntry
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.selectors import in_secrecy_office, leaders, secrecy_office_people
from baomi.policy.approval_actions import (
    may_apply,
    may_destroy,
    may_provide,
    may_sign_for,
)
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person

Kind = ApprovalRequest.Kind
Status = ApprovalRequest.Status


def _approved(request: ApprovalRequest, *kinds: str) -> ApprovalRequest:
    """The request, locked for the rest of the transaction, and still approved.

    The lock is taken on the request row alone and the request re-read afterwards: on
    PostgreSQL a row read in the locking query through a join would be the version from
    before the wait (a copy another sign-for has just lent would look free)."""
    ApprovalRequest.objects.select_for_update().filter(pk=request.pk).values_list(
        "pk", flat=True).get()
    current = ApprovalRequest.objects.select_related("carrier", "copy").get(pk=request.pk)
    if current.kind not in kinds:
        raise ApplicationError(_("此类申请没有这一步"), fields={"kind": [current.get_kind_display()]})
    if current.status == Status.DONE:
        raise ApplicationError(_("该申请已办结,不能再次办理"),
                               fields={"status": [current.get_status_display()]})
    if current.status != Status.APPROVED:
        raise ApplicationError(_("申请尚未批准或已办结"),
                               fields={"status": [current.get_status_display()]})
    return current


def _close(current: ApprovalRequest, *, actor: Person, copy: CarrierCopy | None = None,
           done: bool = True) -> ApprovalRequest:
    """Record the copy on the (locked) request and close it, in the caller's transaction."""
    fields = []
    if copy is not None and current.copy_id != copy.pk:
        current.copy = copy
        fields.append("copy")
    if done:
        current.status, current.done_at = Status.DONE, timezone.now()
        fields += ["status", "done_at"]
    if fields:
        current.save(update_fields=fields)
    if done:
        audit_append(actor=actor, action="approval.done", target=current,
                     detail={"number": current.number})
    return current


@durable_service
def request_sign_for(*, actor: Person, request: ApprovalRequest, password: str) -> ApprovalRequest:
    """The receiver signs for what an approved request gives them (签收)."""
    current = _approved(request, Kind.BORROW, Kind.DISTRIBUTE, Kind.PRINT, Kind.COPY)
    require(may_sign_for(actor_id=actor.pk, request=request_facts(current)), actor=actor,
            action="approval.sign_for", target=current)
    ref = current.number or ""
    if current.kind in (Kind.PRINT, Kind.COPY):
        custody.copies_make(actor=actor, carrier=current.carrier, count=current.count,
                            password=password, approval_ref=ref,
                            register=CustodyEntry.Register.PRINT if current.kind == Kind.PRINT
                            else CustodyEntry.Register.COPY)
        return _close(current, actor=actor)
    copy = current.copy
    if current.kind == Kind.BORROW:
        if copy is not None and copy.lent_by_id is not None:
            raise ApplicationError(_("已签收"), fields={"status": [_("该份已借出")]})
        if copy is None:
            copy = available_copies(carrier=current.carrier).exclude(custodian_id=actor.pk).first()
        if copy is None:
            raise ApplicationError(_("没有可借出的份"), fields={"copy": [_("没有在保管中的份")]})
        assert current.due_back is not None  # noqa: S101 - required at submit
        lent = custody.copy_lend(actor=actor, copy=copy, password=password,
                                 due_back=current.due_back, approval_ref=ref)
        return _close(current, actor=actor, copy=lent, done=False)
    if copy is None:
        copy = available_copies(carrier=current.carrier).exclude(custodian_id=actor.pk).first()
    if copy is None:
        raise ApplicationError(_("没有可分发的份"), fields={"copy": [_("没有在保管中的份")]})
    given = custody.copy_handover(actor=actor, copy=copy, password=password, approval_ref=ref,
                                  register=CustodyEntry.Register.DISTRIBUTE)
    return _close(current, actor=actor, copy=given)


@durable_service
def request_return(*, actor: Person, request: ApprovalRequest, password: str) -> ApprovalRequest:
    """The lender (or the secrecy office) signs for the borrowed copy coming back."""
    current = _approved(request, Kind.BORROW)
    if current.copy is None or current.copy.lent_by_id is None:
        raise ApplicationError(_("尚未借出"), fields={"status": [_("借阅人尚未签收")]})
    custody.copy_return(actor=actor, copy=current.copy, password=password)
    return _close(current, actor=actor)


@durable_service
def request_destroy(*, actor: Person, request: ApprovalRequest, witness: Person,
                    witness_password: str, method: str = "") -> ApprovalRequest:
    """Shred the approved copy before a witness (R-DOC-9); the archive manager — the
    secrecy office or the copy's custodian — does it."""
    current = _approved(request, Kind.DESTROY)
    copy = action_copy(current)
    if copy is None:
        raise ApplicationError(_("没有可销毁的份"), fields={"copy": [_("没有在保管中的份")]})
    require(may_destroy(actor_id=actor.pk, custodian_id=copy.custodian_id,
                        in_office=in_secrecy_office(actor)),
            actor=actor, action="approval.destroy", target=current)
    destroyed = custody.copy_destroy(actor=actor, copy=copy, witness=witness,
                                     witness_password=witness_password, method=method,
                                     approval_ref=current.number or "")
    return _close(current, actor=actor, copy=destroyed)


@durable_service
def request_provide(*, actor: Person, request: ApprovalRequest) -> ApprovalRequest:
    """Register the external provision approved under a signed NDA (R-DOC-10)."""
    current = _approved(request, Kind.EXTERNAL)
    require(may_provide(actor_id=actor.pk, requester_id=current.requester_id,
                        in_office=in_secrecy_office(actor)),
            actor=actor, action="approval.provide", target=current)
    copy = current.copy or available_copies(carrier=current.carrier).first()
    if copy is None:
        raise ApplicationError(_("没有可提供的份"), fields={"copy": [_("没有在保管中的份")]})
    custody.copy_provide_external(actor=actor, copy=copy, party=current.party,
                                  nda_ref=current.nda_ref, approval_ref=current.number or "")
    return _close(current, actor=actor, copy=copy)


@durable_service
def request_apply(*, actor: Person, request: ApprovalRequest) -> ApprovalRequest:
    """Apply an approved declassification / extension / level change (R-CLS-5), or record
    an approved network transmission as sent (R-DOC-3)."""
    current = _approved(request, Kind.DECLASSIFY, Kind.EXTEND, Kind.CHANGE_LEVEL, Kind.NETWORK)
    require(may_apply(actor_id=actor.pk, requester_id=current.requester_id,
                      in_office=in_secrecy_office(actor)),
            actor=actor, action="approval.apply", target=current)
    if current.kind != Kind.NETWORK:
        custody.carrier_reclassify(actor=actor, carrier=current.carrier, action=current.kind,
                                   approval_ref=current.number or "",
                                   new_level=current.new_level,
                                   new_term_years=current.new_term_years)
    return _close(current, actor=actor)


@durable_service
def loss_report(*, actor: Person, copy: CarrierCopy, note: str) -> Incident:
    """R-DOC-7: the copy is marked lost, an incident is opened and the leaders and the
    secrecy office are alerted in the application (ids and level only, R-DOC-3)."""
    custody.copy_mark_lost(actor=actor, copy=copy, note=note)
    carrier = copy.carrier
    incident = Incident.objects.create(kind="LOSS", carrier=carrier, copy=copy,
                                       level=carrier.level, reporter=actor,
                                       note=(note or "")[:500], created_at=timezone.now())
    audit_append(actor=actor, action="incident.open", target=incident, rule="R-DOC-7",
                 detail={"number": carrier.number, "copy_no": copy.copy_no})
    level = get_policy().level(carrier.level).label
    transaction.on_commit(lambda: notify(
        recipients=[*leaders(), *secrecy_office_people()], kind="incident.loss",
        key=f"loss:{incident.pk}",
        text=f"载体丢失报告:{carrier.number} 第 {copy.copy_no} 份({level}),已立案 #{incident.pk}",
        link=reverse("approvals:incidents")))
    return incident
