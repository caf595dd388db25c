"""Classification rules (定密): levels per kind, who confirms, terms, scope, marks.

R-CLS-1 levels per kind, R-CLS-3 who confirms, R-CLS-5 terms, R-CLS-7 marks,
R-ACC-2 default scope by rank, R-ACC-4 a drafter never confirms their own draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Iterable


class Person(Protocol):
    id: int
    rank: str
    clearance: str
    unit_id: int
    status: str


def level_allowed_for_kind(level: str, kind: str) -> Decision:
    """R-CLS-1: the level list is policy, and drawings use their own levels."""
    policy = get_policy()
    try:
        spec = policy.level(level)
    except KeyError:
        return Decision.deny("R-CLS-1", gettext_noop("未知密级 %(level)s"), level=level)
    if kind not in spec.kinds:
        allowed = [lv.label for lv in policy.levels_for_kind(kind)]
        return Decision.deny("R-CLS-1", gettext_noop("此类载体只能定为:%(levels)s"), levels=allowed)
    return Decision.allow("R-CLS-1")


def may_confirm_level(confirmer: Person, *, level: str, department_id: int) -> Decision:
    """R-CLS-3: may this person confirm (定密) a carrier at `level` from `department_id`?"""
    policy = get_policy()
    spec = policy.level(level)
    if confirmer.status == "LEFT":
        return Decision.deny("R-CLS-3", gettext_noop("定密人已离职"))
    if confirmer.rank not in spec.confirm_ranks:
        ranks = [policy.rank(r).label for r in spec.confirm_ranks]
        return Decision.deny("R-CLS-3", gettext_noop("%(level)s级须由%(ranks)s确认"),
                             level=spec.label, ranks=ranks)
    if spec.confirm_same_department and confirmer.unit_id != department_id:
        return Decision.deny("R-CLS-3", gettext_noop("%(level)s文件由发文部门确认"), level=spec.label)
    if level not in policy.levels_within(confirmer.clearance):
        return Decision.deny("R-ACC-1", gettext_noop("定密人的涉密等级不足以知悉该密级"))
    return Decision.allow("R-CLS-3")


def may_confirm(actor: Person, *, drafter_id: int, confirmer_id: int | None, level: str,
                department_id: int) -> Decision:
    """R-ACC-4 (never one's own draft), R-CLS-2 (only the named confirmer), R-CLS-3."""
    if actor.id == drafter_id:
        return Decision.deny("R-ACC-4", gettext_noop("拟制人不能确认自己拟制的文件"))
    if actor.id != confirmer_id:
        return Decision.deny("R-CLS-2", gettext_noop("只有指定的定密人可以确认"))
    return may_confirm_level(actor, level=level, department_id=department_id)


def may_withdraw_draft(actor: Person, *, drafter_id: int) -> Decision:
    """R-CLS-2: a draft belongs to its drafter until it is confirmed, so only the drafter
    may withdraw it (作废). No rule of RULES.md names withdrawal itself; R-CLS-2 is the
    one that says whose a draft is."""
    if actor.id != drafter_id:
        return Decision.deny("R-CLS-2", gettext_noop("只有拟制人可以作废自己的草稿"))
    return Decision.allow("R-CLS-2")


def default_scope_rank(level: str) -> str:
    """R-ACC-2: the lowest rank that may know a level by default."""
    return get_policy().level(level).scope_rank


def scope_rank_allowed(level: str, scope_rank: str) -> Decision:
    """R-ACC-2: a scope may be narrowed (a higher rank), never widened."""
    policy = get_policy()
    default = policy.level(level).scope_rank
    if scope_rank not in policy.rank_codes():
        return Decision.deny("R-ACC-2", gettext_noop("未知职级 %(rank)s"), rank=scope_rank)
    if not policy.rank_at_least(scope_rank, default):
        return Decision.deny(
            "R-ACC-2", gettext_noop("%(level)s级知悉范围不得低于%(rank)s"),
            level=policy.level(level).label, rank=policy.rank(default).label)
    return Decision.allow("R-ACC-2")


def may_be_named(person: Person, *, level: str) -> Decision:
    """R-ACC-1: a person named in the scope still needs clearance for the level."""
    if person.status == "LEFT":
        return Decision.deny("R-ACC-1", gettext_noop("人员已离职"))
    if level not in get_policy().levels_within(person.clearance):
        return Decision.deny("R-ACC-1", gettext_noop("涉密等级不足以知悉该密级"))
    return Decision.allow("R-ACC-1")


def term_allowed(level: str, years: int | None) -> Decision:
    """R-CLS-5: a term within the level's maximum; levels without a term take none."""
    spec = get_policy().level(level)
    if spec.max_term_years == 0:
        if years:
            return Decision.deny("R-CLS-5", gettext_noop("%(level)s级不设保密期限"), level=spec.label)
        return Decision.allow("R-CLS-5")
    if years is None or years < 1:
        return Decision.deny("R-CLS-5", gettext_noop("%(level)s级必须确定保密期限"), level=spec.label)
    if years > spec.max_term_years:
        return Decision.deny("R-CLS-5", gettext_noop("%(level)s级保密期限不超过%(years)s年"),
                             level=spec.label, years=spec.max_term_years)
    return Decision.allow("R-CLS-5")


def term_for(level: str) -> int | None:
    """R-CLS-5: the default (maximum) term in years, or None for levels without one."""
    years = get_policy().level(level).max_term_years
    return years or None


@dataclass(frozen=True)
class Mark:
    text: str
    placement: str


def mark_for(level: str, *, controlled: bool = False) -> Mark:
    """R-CLS-7: the mark a carrier of this level carries and where it goes."""
    spec = get_policy().level(level)
    text = spec.controlled_mark if controlled and spec.controlled_mark else spec.mark
    return Mark(text=text, placement=spec.mark_placement)


def highest_mark(objects: Iterable[Any]) -> str:
    """The mark of the highest level listed (R-CLS-6: exports are marked); each object has
    a `level` or a `carrier.level`."""
    policy = get_policy()
    best = None
    for obj in objects:
        code = getattr(obj, "level", None) or obj.carrier.level
        try:
            spec = policy.level(code)
        except KeyError:
            continue
        if best is None or spec.weight > best.weight:
            best = spec
    return best.mark if best and best.mark else ""


def approvers_for(action: str, level: str) -> tuple[str, ...]:
    """Ranks that approve `action` ('view' R-DOC-4, 'copy' R-DOC-5) at `level`."""
    spec = get_policy().level(level)
    if action == "view":
        return spec.view_approver_ranks
    if action == "copy":
        return spec.copy_approver_ranks
    raise ValueError(f"unknown action {action!r}")


def copy_allowed(level: str) -> Decision:
    """R-DOC-5: copying 机密 is forbidden by default."""
    spec = get_policy().level(level)
    if not spec.copy_allowed:
        return Decision.deny("R-DOC-5", gettext_noop("严禁复制%(level)s文件"), level=spec.label)
    return Decision.allow("R-DOC-5")
