"""Leaving (离岗离职): who may mark a person as leaving and what keeps them from leaving.

R-DOC-8 nothing may be carried away: no copy may remain in the person's custody;
R-ACC-3 only the secrecy office or a leader of the policy's leaving rank (总监 or above
by default) marks a person as leaving; R-PPL-3 the written reminder of duties and the
notice to the new employer; R-PPL-4 a member of an unfinished major project leaves only
with a leader's approval and a new commitment.

Pure functions: the caller counts the copies held and passes the facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

#: the lowest rank that may mark a person as leaving (R-ACC-3)
LEAVING_RANK = "DIRECTOR"


def no_copies_held(held: int) -> Decision:
    """R-DOC-8: refused while any copy is in the person's custody."""
    if held:
        return Decision.deny("R-DOC-8", gettext_noop("仍保管 %(n)s 份载体,须全部交回后方可离岗"), n=held)
    return Decision.allow("R-DOC-8")


def may_mark_leaving(actor_rank: str, *, in_office: bool) -> Decision:
    """R-ACC-3: the secrecy office, or a leader of `LEAVING_RANK` or above."""
    if in_office or get_policy().rank_at_least(actor_rank, LEAVING_RANK):
        return Decision.allow("R-ACC-3")
    return Decision.deny("R-ACC-3", gettext_noop("只有保密办或总监以上领导可以办理离岗"))


@dataclass(frozen=True)
class ExitFacts:
    held: int                       # copies still in the person's custody
    reminder_issued: bool           # 离岗保密提醒函 issued
    new_employer: bool              # a new employer is known …
    employer_notified: bool         # … and has been told of the duties
    before_project_end: bool        # leaving an unfinished major project
    project_approved: bool          # a leader approved that
    resigned_commitment: bool       # the new commitment is signed


def exit_blockers(facts: ExitFacts) -> list[Decision]:
    """What keeps an exit procedure from finishing (empty: it may finish)."""
    out = []
    held = no_copies_held(facts.held)
    if not held:
        out.append(held)
    if not facts.reminder_issued:
        out.append(Decision.deny("R-PPL-3", gettext_noop("尚未以书面形式重申保密义务(离岗保密提醒函)")))
    if facts.new_employer and not facts.employer_notified:
        out.append(Decision.deny("R-PPL-3", gettext_noop("尚未向新任职单位通报保密义务")))
    if facts.before_project_end:
        if not facts.project_approved:
            out.append(Decision.deny("R-PPL-4", gettext_noop("重大项目尚未结束,离岗须经领导批准")))
        elif not facts.resigned_commitment:
            out.append(Decision.deny("R-PPL-4", gettext_noop("须与单位再签保密承诺")))
    return out


def may_finish_exit(facts: ExitFacts) -> Decision:
    """The first blocker, or allowed (R-PPL-3)."""
    blockers = exit_blockers(facts)
    return blockers[0] if blockers else Decision.allow("R-PPL-3")
