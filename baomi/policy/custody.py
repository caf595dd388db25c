"""Custody of carriers and their numbered copies (份号): who may draft, send back and
revise a draft, sign for a returned copy, witness a destruction, report a loss and correct
a register row.

R-ACC-1 only a person in post drafts; R-ACC-4 a drafter names someone else to confirm;
R-CLS-2 only the named confirmer sends a draft back, only the drafter revises it;
R-DOC-6 a lent copy comes back to the custodian who lent it (or the secrecy office);
R-ACC-5 a destruction is witnessed by a second person; R-DOC-7 the custodian (or the
secrecy office) reports a copy lost; R-ACC-3 only the clerk who wrote a register row (or
the secrecy office) corrects it.

Pure functions: the caller passes ids and whether the actor works in the secrecy office.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision


class Actor(Protocol):
    id: int
    status: str


def may_draft(actor: Actor) -> Decision:
    """R-ACC-1: a person who has left drafts nothing."""
    if actor.status == "LEFT":
        return Decision.deny("R-ACC-1", gettext_noop("人员已离职"))
    return Decision.allow("R-ACC-1")


def may_name_confirmer(*, drafter_id: int, confirmer_id: int | None) -> Decision:
    """R-ACC-4: the drafter names someone else to confirm the level (定密人)."""
    if confirmer_id is None:
        return Decision.deny("R-ACC-4", gettext_noop("请指定他人定密"))
    if confirmer_id == drafter_id:
        return Decision.deny("R-ACC-4", gettext_noop("拟制人不能确认自己拟制的文件"))
    return Decision.allow("R-ACC-4")


def may_return_draft(actor: Actor, *, confirmer_id: int | None) -> Decision:
    """R-CLS-2: only the named confirmer sends a draft back (退回修改)."""
    if actor.id != confirmer_id:
        return Decision.deny("R-CLS-2", gettext_noop("只有指定的定密人可以退回"))
    return Decision.allow("R-CLS-2")


def may_resubmit(actor: Actor, *, drafter_id: int) -> Decision:
    """R-CLS-2: only the drafter revises a returned draft."""
    if actor.id != drafter_id:
        return Decision.deny("R-CLS-2", gettext_noop("只有拟制人可以修改草稿"))
    return Decision.allow("R-CLS-2")


def may_take_back(actor: Actor, *, lent_by_id: int | None, in_office: bool) -> Decision:
    """R-DOC-6: the custodian who lent the copy (出借人), or the secrecy office, signs
    for its return."""
    if actor.id == lent_by_id or in_office:
        return Decision.allow("R-DOC-6")
    return Decision.deny("R-DOC-6", gettext_noop("归还须由出借的保管人或保密办签收"))


def may_witness_destruction(actor: Actor, *, witness_id: int) -> Decision:
    """R-ACC-5: a copy is shredded before a second person (监销人), never alone."""
    if witness_id == actor.id:
        return Decision.deny("R-ACC-5", gettext_noop("销毁须由另一人监销"))
    return Decision.allow("R-ACC-5")


def may_report_lost(actor: Actor, *, custodian_id: int, in_office: bool) -> Decision:
    """R-DOC-7: the custodian, or the secrecy office, reports a copy lost."""
    if actor.id == custodian_id or in_office:
        return Decision.allow("R-DOC-7")
    return Decision.deny("R-DOC-7", gettext_noop("由保管人或保密办报告丢失"))


def may_correct_entry(actor: Actor, *, entry_actor_id: int | None, in_office: bool) -> Decision:
    """R-ACC-3: a register row is corrected by the clerk who wrote it or the secrecy office
    (the correction is a new row; the old one stays)."""
    if actor.id == entry_actor_id or in_office:
        return Decision.allow("R-ACC-3")
    return Decision.deny("R-ACC-3", gettext_noop("只有经办人或保密办可以更正登记"))
