"""What a person may do with one approval request (审批单), and the rules each action rests
on: the page offers, the API lists (`actions`) and the services require the same decisions.

* approve / reject — `baomi.policy.approval.may_sign` for the current step (rank, clearance,
  delegation, never the requester: R-ACC-4, R-ACC-5);
* withdraw — only the requester, while pending (R-ACC-4);
* sign_for — the receiver in person: the recipient of a distribution, the requester of a
  borrowing, print or copy (R-DOC-2);
* return — the custodian who lent the copy, or the secrecy office (R-DOC-6);
* destroy — the archive manager: the secrecy office or the copy's custodian (R-DOC-9);
* provide — the requester or the secrecy office registers the provision (R-DOC-10);
* apply — the requester or the secrecy office carries out a declassification, extension,
  level change or network transmission (R-CLS-5, R-DOC-3).

Also the rules of submitting (R-ACC-1 in post, R-DOC-10 NDA first), delegating (R-ACC-4)
and closing an incident (R-DOC-7). Pure functions over the facts the caller passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop

from baomi.policy.approval import Signer, may_sign
from baomi.policy.custody import may_take_back
from baomi.policy.decision import Decision

if TYPE_CHECKING:
    from collections.abc import Sequence

#: request kinds whose receiver signs for copies
SIGN_FOR_KINDS = ("BORROW", "DISTRIBUTE", "PRINT", "COPY")
APPLY_KINDS = ("DECLASSIFY", "EXTEND", "CHANGE_LEVEL", "NETWORK")


# -- submitting ----------------------------------------------------------------------------

def may_submit(actor: Signer) -> Decision:
    """R-ACC-1: only a person in post asks for anything."""
    if actor.status != "ACTIVE":
        return Decision.deny("R-ACC-1", gettext_noop("人员不在岗"))
    return Decision.allow("R-ACC-1")


def nda_in_place(*, signed: bool, ref: str) -> Decision:
    """R-DOC-10: 在提供前与之签订保密协议 — the NDA is signed and its number given."""
    if not (signed and ref.strip()):
        return Decision.deny("R-DOC-10", gettext_noop("对外提供前须与接收方签订保密协议并附协议编号"))
    return Decision.allow("R-DOC-10")


# -- delegation ----------------------------------------------------------------------------

def may_delegate(not_delegable: Sequence[str]) -> Decision:
    """R-ACC-4: only the kinds the policy lists as delegable (`not_delegable`: the labels
    of the others asked for)."""
    if not_delegable:
        return Decision.deny("R-ACC-4", gettext_noop("此类审批不得授权他人:%(actions)s"),
                             actions=list(not_delegable))
    return Decision.allow("R-ACC-4")


def may_delegate_to(*, actor_id: int, delegate_id: int) -> Decision:
    """R-ACC-4: never to oneself."""
    if actor_id == delegate_id:
        return Decision.deny("R-ACC-4", gettext_noop("不能授权给自己"))
    return Decision.allow("R-ACC-4")


def may_revoke_delegation(*, actor_id: int, grantor_id: int) -> Decision:
    """R-ACC-4: the grantor (授权人) revokes their delegation."""
    if actor_id != grantor_id:
        return Decision.deny("R-ACC-4", gettext_noop("只有授权人可以撤销授权"))
    return Decision.allow("R-ACC-4")


# -- one request ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestFacts:
    kind: str
    status: str                      # PENDING, APPROVED, …
    level: str
    requester_id: int
    recipient_id: int | None = None
    lent_by_id: int | None = None    # the request's copy is out on loan (签收 done)
    custodian_id: int | None = None  # custodian of the copy an action would use


@dataclass(frozen=True)
class StepFacts:
    role: str
    ranks: tuple[str, ...]
    rule: str


def may_withdraw(*, actor_id: int, requester_id: int) -> Decision:
    """R-ACC-4: only the requester withdraws a request."""
    if actor_id != requester_id:
        return Decision.deny("R-ACC-4", gettext_noop("只有申请人可以撤回申请"))
    return Decision.allow("R-ACC-4")


def receiver_of(request: RequestFacts) -> int | None:
    return request.recipient_id if request.kind == "DISTRIBUTE" else request.requester_id


def may_sign_for(*, actor_id: int, request: RequestFacts) -> Decision:
    """R-DOC-2: 必须发至收件人本人,并由收件人签收."""
    if actor_id != receiver_of(request):
        return Decision.deny("R-DOC-2", gettext_noop("必须由收件人本人签收"))
    return Decision.allow("R-DOC-2")


def may_destroy(*, actor_id: int, custodian_id: int | None, in_office: bool) -> Decision:
    """R-DOC-9: 档案管理人员 — the secrecy office — or the copy's custodian shreds it."""
    if in_office or actor_id == custodian_id:
        return Decision.allow("R-DOC-9")
    return Decision.deny("R-DOC-9", gettext_noop("由档案管理人员(保密办)或保管人销毁"))


def may_provide(*, actor_id: int, requester_id: int, in_office: bool) -> Decision:
    """R-DOC-10: the requester or the secrecy office registers the provision."""
    if in_office or actor_id == requester_id:
        return Decision.allow("R-DOC-10")
    return Decision.deny("R-DOC-10", gettext_noop("由申请人或保密办登记对外提供"))


def may_apply(*, actor_id: int, requester_id: int, in_office: bool) -> Decision:
    """R-CLS-5: the requester or the secrecy office carries out an approved change."""
    if in_office or actor_id == requester_id:
        return Decision.allow("R-CLS-5")
    return Decision.deny("R-CLS-5", gettext_noop("由申请人或保密办办理"))


def may_close_incident(*, in_office: bool) -> Decision:
    """R-DOC-7: the secrecy office investigates and closes an incident (调查结案)."""
    if in_office:
        return Decision.allow("R-DOC-7")
    return Decision.deny("R-DOC-7", gettext_noop("事件由保密办调查结案"))


def actions_for(viewer: Signer, request: RequestFacts, *, in_office: bool,
                step: StepFacts | None = None, delegated_rank: str | None = None,
                ) -> dict[str, Decision]:
    """The actions this request's state allows, each with whether `viewer` may take it.

    Only actions that make sense now are listed (a pending request can be approved,
    rejected or withdrawn; an approved one signed for, returned, destroyed, provided or
    applied, by kind); an allowed decision is what the service will accept from `viewer`.
    """
    out: dict[str, Decision] = {}
    if request.status == "PENDING":
        if step is not None:
            verdict = may_sign(viewer, role=step.role, ranks=step.ranks, rule=step.rule,
                               level=request.level, requester_id=request.requester_id,
                               in_secrecy_office=in_office, delegated_rank=delegated_rank)
            out["approve"] = out["reject"] = verdict
        out["withdraw"] = may_withdraw(actor_id=viewer.id, requester_id=request.requester_id)
        return out
    if request.status != "APPROVED":
        return out
    if request.kind == "BORROW" and request.lent_by_id is not None:
        out["return"] = may_take_back(viewer, lent_by_id=request.lent_by_id,
                                      in_office=in_office)
    elif request.kind in SIGN_FOR_KINDS:
        out["sign_for"] = may_sign_for(actor_id=viewer.id, request=request)
    elif request.kind == "DESTROY":
        out["destroy"] = may_destroy(actor_id=viewer.id, custodian_id=request.custodian_id,
                                     in_office=in_office)
    elif request.kind == "EXTERNAL":
        out["provide"] = may_provide(actor_id=viewer.id, requester_id=request.requester_id,
                                     in_office=in_office)
    elif request.kind in APPLY_KINDS:
        out["apply"] = may_apply(actor_id=viewer.id, requester_id=request.requester_id,
                                 in_office=in_office)
    return out
