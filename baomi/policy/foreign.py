"""Foreign contact (涉外, 篇八): forms 附表21–24 and who reviews and approves them.

R-FOR-2 a visit plan forbids photography by the visitors; R-FOR-3 the secrecy office
reviews private travel first, never the traveller themself, and the debrief after the
return is written by the traveller; R-FOR-1..3 a leader of the policy's ranks approves,
never the applicant nor the person the form is about (R-ACC-4).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.personnel import Someone, may_decide


def visit_forbids_photography(*, stated: bool) -> Decision:
    """R-FOR-2: 严禁外宾对军工科研及军品生产……拍照 — the plan must say so."""
    if not stated:
        return Decision.deny("R-FOR-2", gettext_noop("须写明参观中严禁拍照"))
    return Decision.allow("R-FOR-2")


def may_review_travel(*, actor_id: int, person_id: int) -> Decision:
    """R-FOR-3: the review of private travel (因私出国审查) is never one's own."""
    if actor_id == person_id:
        return Decision.deny("R-FOR-3", gettext_noop("不得审查本人的出国"))
    return Decision.allow("R-FOR-3")


def may_decide_form(approver: Someone | None, *, ranks: tuple[str, ...], rule: str,
                    applicant_id: int, person_id: int, private: bool,
                    reviewed: bool) -> Decision:
    """R-FOR-1..3: a leader of `ranks`, neither the applicant nor the person concerned;
    private travel only after the secrecy office's review (R-FOR-3)."""
    decision = may_decide(approver, ranks=ranks, requester_id=applicant_id, rule=rule)
    if not decision:
        return decision
    assert approver is not None  # noqa: S101 - may_decide refuses None
    if approver.id == person_id:
        return Decision.deny(rule, gettext_noop("申请人不得审批本人的申请"))
    if private and not reviewed:
        return Decision.deny("R-FOR-3", gettext_noop("因私出国须先经保密办审查"))
    return decision


def may_debrief(*, actor_id: int, person_id: int) -> Decision:
    """R-FOR-3: the debrief after the return is written by the traveller."""
    if actor_id != person_id:
        return Decision.deny("R-FOR-3", gettext_noop("回国汇报由本人填写"))
    return Decision.allow("R-FOR-3")
