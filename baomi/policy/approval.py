"""Approval rules: which actions are forbidden outright, who approves, who may sign.

R-DOC-1 print, R-DOC-2 distribute, R-DOC-3 network, R-DOC-4 borrow, R-DOC-5 copy,
R-DOC-9 destroy, R-DOC-10 external provision, R-CLS-5 declassify/extend/change level,
R-ACC-4 a requester never approves their own request, R-ACC-5 two-person actions.
Every rank list is read from the policy file (rule of the house 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

#: the rule behind each request kind
RULE_FOR = {
    "BORROW": "R-DOC-4", "COPY": "R-DOC-5", "PRINT": "R-DOC-1", "DISTRIBUTE": "R-DOC-2",
    "NETWORK": "R-DOC-3", "EXTERNAL": "R-DOC-10", "DESTROY": "R-DOC-9",
    "DECLASSIFY": "R-CLS-5", "EXTEND": "R-CLS-5", "CHANGE_LEVEL": "R-CLS-5",
}

ROLE_RANK = "RANK"
ROLE_SECRECY_OFFICE = "SECRECY_OFFICE"


class Signer(Protocol):
    id: int
    rank: str
    clearance: str
    status: str


@dataclass(frozen=True)
class StepSpec:
    role: str                    # RANK or SECRECY_OFFICE
    ranks: tuple[str, ...]       # for RANK: any of these ranks signs
    signatures: int              # 2 for two-person actions (R-ACC-5)
    rule: str


def approver_ranks(action: str, level: str) -> tuple[str, ...]:
    spec = get_policy().level(level)
    return {
        "BORROW": spec.view_approver_ranks,
        "COPY": spec.copy_approver_ranks,
        "PRINT": spec.print_approver_ranks,
        "DISTRIBUTE": spec.distribute_approver_ranks,
        "NETWORK": spec.network_approver_ranks,
        "EXTERNAL": spec.external_approver_ranks,
        "DESTROY": spec.destroy_approver_ranks,
        "DECLASSIFY": spec.change_approver_ranks,
        "EXTEND": spec.change_approver_ranks,
        "CHANGE_LEVEL": spec.change_approver_ranks,
    }[action]


def action_allowed(action: str, level: str) -> Decision:
    """Actions refused at request time, never sent for approval: copying 机密 (R-DOC-5),
    sending 绝密/机密 over a network (R-DOC-3)."""
    policy = get_policy()
    spec = policy.level(level)
    if action not in RULE_FOR:
        return Decision.deny("R-ACC-3", gettext_noop("未知的申请类型 %(action)s"), action=action)
    if action == "COPY" and not spec.copy_allowed:
        return Decision.deny("R-DOC-5", gettext_noop("严禁复制%(level)s文件"), level=spec.label)
    if action == "NETWORK" and not spec.network_allowed:
        return Decision.deny("R-DOC-3", gettext_noop("%(level)s文件严禁在网络上传送"), level=spec.label)
    if action in ("DECLASSIFY", "EXTEND") and spec.max_term_years == 0:
        return Decision.deny("R-CLS-5", gettext_noop("%(level)s级不设保密期限"), level=spec.label)
    return Decision.allow(RULE_FOR[action])


def chain_for(action: str, level: str) -> tuple[StepSpec, ...]:
    """The steps of a request, in order. Empty: no approval is required at this level."""
    policy = get_policy()
    spec = policy.level(level)
    rule = RULE_FOR[action]
    ranks = approver_ranks(action, level)
    if not ranks:
        return ()
    two = action in spec.two_person_actions
    steps = [StepSpec(ROLE_RANK, ranks, 2 if two else 1, "R-ACC-5" if two else rule)]
    if action in policy.approvals.secrecy_office_countersign:
        steps.append(StepSpec(ROLE_SECRECY_OFFICE, (), 1, rule))
    return tuple(steps)


def ranks_text(ranks: tuple[str, ...] | list[str]) -> str:
    policy = get_policy()
    return "、".join(policy.rank(r).label for r in ranks if r in policy.rank_codes())


def may_sign(signer: Signer, *, role: str, ranks: tuple[str, ...] | list[str], rule: str,
             level: str, requester_id: int, in_secrecy_office: bool,
             delegated_rank: str | None = None) -> Decision:
    """May `signer` sign this step? `delegated_rank`: the rank of a person who delegated
    this kind of approval to the signer (授权人, R-ACC-4), when a delegation is in force."""
    policy = get_policy()
    if signer.status != "ACTIVE":
        return Decision.deny("R-ACC-1", gettext_noop("审批人不在岗"))
    if signer.id == requester_id:
        return Decision.deny("R-ACC-4", gettext_noop("申请人不能审批自己的申请"))
    if level not in policy.levels_within(signer.clearance):
        return Decision.deny("R-ACC-1", gettext_noop("审批人的涉密等级不足以知悉该密级"))
    if role == ROLE_SECRECY_OFFICE:
        if in_secrecy_office:
            return Decision.allow(rule)
        return Decision.deny(rule, gettext_noop("此步骤须由保密办签署"))
    label = policy.level(level).label
    if signer.rank in ranks:
        return Decision.allow(rule)
    if delegated_rank is not None and delegated_rank in ranks:
        return Decision.allow(rule, gettext_noop("经授权审批"))
    policy_ranks = [policy.rank(r).label for r in ranks if r in policy.rank_codes()]
    return Decision.deny(rule, gettext_noop("%(level)s级须由%(ranks)s审批"),
                         level=label, ranks=policy_ranks)
