"""Commitments, posts, reviews and exams of cleared people (涉密人员, 篇十, 篇十二).

R-PPL-1 the commitment (保密承诺书) keeps the eight basic clauses and is signed by the
person themself, with their password and a second factor; R-PPL-2 a post takes effect
with a valid certificate, and an exam allows a fixed number of attempts; R-PPL-5 someone
who refused the IP agreement (知识产权保护协议) is not taken on for a technical post;
R-PPL-6 (with R-ACC-4) supervision — reviews and sanctions — is never done by the person
supervised.

Pure functions over facts the caller passes; each returns a `Decision`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision

if TYPE_CHECKING:
    from collections.abc import Sequence


def template_keeps_clauses(clauses: Sequence[str], required: Sequence[str]) -> Decision:
    """R-PPL-1: a new version of the commitment text keeps every basic clause."""
    missing = [c for c in required if c not in clauses]
    if missing:
        return Decision.deny("R-PPL-1", gettext_noop("缺少基本条款:%(clause)s"), clause=missing[0])
    return Decision.allow("R-PPL-1")


def may_take_technical_post(*, agreement_refused: bool) -> Decision:
    """R-PPL-5: refusing the IP agreement bars a technical post (不予聘用或调入)."""
    if agreement_refused:
        return Decision.deny("R-PPL-5", gettext_noop("拒签《知识产权保护协议》,不予聘用或调入"))
    return Decision.allow("R-PPL-5")


@dataclass(frozen=True)
class PostFacts:
    commitment_pending: bool     # the post's commitment is not signed yet
    needs_certificate: bool      # the post carries a clearance …
    has_certificate: bool        # … and a certificate at that level is in force
    technical: bool
    agreement_signed: bool


def post_blockers(facts: PostFacts) -> list[Decision]:
    """What keeps a pending post from taking effect (empty: it takes effect)."""
    out = []
    if facts.commitment_pending:
        out.append(Decision.deny("R-PPL-1", gettext_noop("保密承诺书尚未签署")))
    if facts.needs_certificate and not facts.has_certificate:
        out.append(Decision.deny("R-PPL-2", gettext_noop("尚未取得相应等级的岗位认证")))
    if facts.technical and not facts.agreement_signed:
        out.append(Decision.deny("R-PPL-5", gettext_noop("尚未签订《知识产权保护协议》")))
    return out


def may_sign_commitment(*, actor_id: int, person_id: int) -> Decision:
    """R-PPL-1: a commitment is signed by the person themself."""
    if actor_id != person_id:
        return Decision.deny("R-PPL-1", gettext_noop("承诺书须由本人签署"))
    return Decision.allow("R-PPL-1")


def signature_verified(*, reauthenticated: bool, enrolled: bool,
                       second_factor_ok: bool) -> Decision:
    """R-PPL-1: signing needs the password again and a second factor (动态口令)."""
    if not reauthenticated:
        return Decision.deny("R-PPL-1", gettext_noop("签署须重新输入本人密码"))
    if not enrolled:
        return Decision.deny("R-PPL-1", gettext_noop("签署须第二因素认证,请先绑定动态口令"))
    if not second_factor_ok:
        return Decision.deny("R-PPL-1", gettext_noop("动态口令或恢复码不正确"))
    return Decision.allow("R-PPL-1")


def may_supervise(*, actor_id: int, person_id: int) -> Decision:
    """R-PPL-6, R-ACC-4: a review (信用评级) or a sanction (奖惩) is never recorded by the
    person it concerns."""
    if actor_id == person_id:
        return Decision.deny("R-PPL-6", gettext_noop("监督不能由接触秘密的人自己履行"))
    return Decision.allow("R-PPL-6")


def may_start_attempt(*, used: int, max_attempts: int) -> Decision:
    """R-PPL-2: an exam allows `max_attempts` attempts."""
    if used >= max_attempts:
        return Decision.deny("R-PPL-2", gettext_noop("已用完 %(n)s 次考试机会"), n=max_attempts)
    return Decision.allow("R-PPL-2")


def may_submit_attempt(*, actor_id: int, person_id: int) -> Decision:
    """R-PPL-2: an exam paper is handed in by the person who sat it."""
    if actor_id != person_id:
        return Decision.deny("R-PPL-2", gettext_noop("不是本人的考试"))
    return Decision.allow("R-PPL-2")
