"""The demo's carriers as a plan: pure and deterministic for a seed (no database access).

The plan names drafters and named scope people by their keys in `org.PEOPLE`, and for the
confirmer only an order of preferred ranks: the loader resolves it against
`confirmer_candidates` (R-CLS-3), so the people who confirm are the ones policy allows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from baomi.demo.company.catalogue import CATALOGUE, RETURN_NOTES, VOCAB, Entry
from baomi.demo.company.org import PEOPLE, UNITS, PersonSpec, unit_spec

if TYPE_CHECKING:
    from baomi.policy.document import Policy

CONFIRM, DRAFT, RETURN = "confirm", "draft", "return"
TOP = ("BOARD", "GM", "DEPUTY_GM")


@dataclass(frozen=True)
class CarrierPlan:
    level: str
    kind: str
    category: str  # full category text from the policy file ("" when it lists none)
    title: str
    unit: str
    drafter: str
    confirmer_ranks: tuple[str, ...]  # preferred ranks, best first
    tiebreak: int  # picks among several candidates of the preferred rank
    named: tuple[str, ...]
    copies: int
    term_years: int | None
    scope_rank: str | None  # None: the level's default (R-ACC-2)
    controlled: bool
    reason: str
    fate: str  # confirm / draft (left pending) / return (退回修改)
    note: str = ""  # the return note
    raise_to: tuple[str, str] | None = None  # confirmed at another (level, category)


def category_text(policy: Policy, level: str, number: str) -> str:
    """The policy's category starting with `number` ("1.1 财务分析报告"), else its first."""
    categories = policy.categories.get(level, ())
    for text in categories:
        if text.split(" ", 1)[0] == number:
            return text
    return categories[0] if categories else ""


def _eligible(policy: Policy, level: str, unit: str | None = None) -> list[PersonSpec]:
    """People who may know `level` (R-ACC-1), optionally of one unit."""
    return [p for p in PEOPLE if level in policy.levels_within(p.clearance)
            and (unit is None or p.unit == unit)]


def _usable(policy: Policy, entry: Entry) -> bool:
    if entry.level not in policy.level_codes() or entry.kind not in policy.level(entry.level).kinds:
        return False
    return any(_eligible(policy, entry.level, unit) for unit in entry.units)


def _title(rng: random.Random, entry: Entry, unit: str, used: set[str]) -> str:
    """A title not used before: a few fresh draws, then a running suffix."""
    title = ""
    for _ in range(12):
        words = {key: rng.choice(values) for key, values in VOCAB.items()}
        words["y2"] = str(int(words["y"]) + 2)
        words["unit"] = unit_spec(unit).name
        title = rng.choice(entry.titles).format(**words)
        if title not in used:
            break
    base, n = title, 1
    while title in used:
        n += 1
        title = f"{base}(续{n})"
    used.add(title)
    return title


def _confirmer_ranks(rng: random.Random, level_weight: int, same_department: bool,
                     drafter_rank: str) -> tuple[str, ...]:
    if level_weight >= 3:  # 绝密/机密: a top leader (R-CLS-3)
        if drafter_rank == "GM":
            return ("BOARD",)
        return ("GM", "BOARD") if rng.random() < 0.85 else ("BOARD", "GM")
    if drafter_rank == "STAFF":
        first = rng.choices(("DEPT_MANAGER", "PROJECT_MANAGER", "DIRECTOR"), (6, 2, 2))[0]
        rest = ("DEPT_MANAGER", "PROJECT_MANAGER", "DIRECTOR", "DEPUTY_GM", "GM")
        return (first, *(r for r in rest if r != first))
    above = {
        "DEPT_MANAGER": ("DIRECTOR", "PROJECT_MANAGER", "DEPUTY_GM", "GM"),
        "PROJECT_MANAGER": ("DIRECTOR", "DEPUTY_GM", "GM"),
        "DIRECTOR": ("DEPUTY_GM", "GM"),
        "DEPUTY_GM": ("GM",),
        "GM": ("DEPUTY_GM", "BOARD"),
        "BOARD": ("GM",),
    }[drafter_rank]
    if same_department:  # 内部/非密: the issuing department confirms
        return (*above, "DEPT_MANAGER", "STAFF")
    return above


def _named(rng: random.Random, policy: Policy, entry: Entry, unit: str,
           drafter: str) -> tuple[str, ...]:
    """People directly concerned with the content (R-ACC-2), all cleared for it (R-ACC-1)."""
    if policy.level(entry.level).scope_rank == "STAFF":
        return ()  # everyone may know it already
    mates = [p.key for p in _eligible(policy, entry.level, unit) if p.key != drafter]
    chosen = rng.sample(mates, min(len(mates), rng.choice((0, 1, 1, 2, 3))))
    if entry.kind == "DRAWING" and unit == "rd" and rng.random() < 0.5:
        chosen += [rng.choice([p.key for p in _eligible(policy, entry.level, "production")]
                              or [drafter])]
    elif rng.random() < 0.15:
        others = [p.key for p in _eligible(policy, entry.level) if p.unit != unit]
        if others:
            chosen.append(rng.choice(others))
    return tuple(dict.fromkeys(k for k in chosen if k != drafter))


def _copies(rng: random.Random, level: str, kind: str) -> int:
    if kind in ("MEDIUM", "DEVICE", "SAMPLE"):
        return 1
    spans = {"TOP_SECRET": (1, 2), "CONFIDENTIAL": (1, 3), "SECRET": (1, 5),
             "GENERAL": (2, 6), "INTERNAL": (1, 10), "PUBLIC": (5, 20)}
    low, high = spans.get(level, (1, 3))
    return rng.randint(low, high)


def _term(rng: random.Random, policy: Policy, level: str) -> int | None:
    """R-CLS-5: mostly the level's maximum, sometimes shorter."""
    top = policy.level(level).max_term_years
    if not top:
        return None
    return rng.choice((top, top, top, max(1, top // 2), max(1, top * 3 // 10)))


def _reason(policy: Policy, level: str, category: str) -> str:
    spec = policy.level(level)
    if spec.weight <= 1:
        return ""
    subject = category.split(" ", 1)[-1] if category else "公司秘密"
    return f"内容属于“{subject}”,依据公司保密管理规定定为{spec.label}级。"


def _one(rng: random.Random, policy: Policy, entry: Entry, used: set[str]) -> CarrierPlan:
    units = [u for u in entry.units if _eligible(policy, entry.level, u)]
    unit = rng.choice(units)
    drafters = _eligible(policy, entry.level, unit)
    # staff draft most of the paperwork; leaders draft less often
    weights = [3 if p.rank == "STAFF" else 1 for p in drafters]
    drafter = rng.choices(drafters, weights)[0]
    spec = policy.level(entry.level)
    scope_rank: str | None = None
    if spec.code == "SECRET" and rng.random() < 0.08:
        scope_rank = "DIRECTOR"  # narrowed scope: a higher rank (R-ACC-2)
    elif spec.scope_rank == "STAFF" and spec.weight == 1 and rng.random() < 0.05:
        scope_rank = "DEPT_MANAGER"
    if scope_rank is not None and scope_rank not in policy.rank_codes():
        scope_rank = None
    category = category_text(policy, entry.level, entry.category)
    roll = rng.random()
    fate = DRAFT if roll < 0.06 else RETURN if roll < 0.09 else CONFIRM
    return CarrierPlan(
        level=entry.level, kind=entry.kind, category=category, title=_title(rng, entry, unit, used),
        unit=unit, drafter=drafter.key,
        confirmer_ranks=_confirmer_ranks(rng, spec.weight, spec.confirm_same_department,
                                         drafter.rank),
        tiebreak=rng.randrange(1000), named=_named(rng, policy, entry, unit, drafter.key),
        copies=_copies(rng, entry.level, entry.kind), term_years=_term(rng, policy, entry.level),
        scope_rank=scope_rank, controlled=entry.controlled and rng.random() < 0.7,
        reason=_reason(policy, entry.level, category), fate=fate,
        note=rng.choice(RETURN_NOTES) if fate == RETURN else "",
    )


def _force_pending(plans: list[CarrierPlan]) -> None:
    """The GM and every department manager find drafts waiting on their home page."""
    rank_of = {p.key: p.rank for p in PEOPLE}
    gm_pending = [i for i, p in enumerate(plans) if p.confirmer_ranks[:1] == ("GM",)]
    for i in gm_pending[-4:]:
        plans[i] = replace(plans[i], fate=DRAFT, note="")
    for unit in (u.code for u in UNITS):
        mine = [i for i, p in enumerate(plans) if p.unit == unit and rank_of[p.drafter] == "STAFF"
                and p.confirmer_ranks[:1] == ("DEPT_MANAGER",)]
        for i in mine[-2:]:
            plans[i] = replace(plans[i], fate=DRAFT, note="")


def _force_raised(policy: Policy, plans: list[CarrierPlan]) -> None:
    """Two 秘密 cost reports that the GM confirms at 机密 (1.4 项目成本、利润)."""
    if "CONFIDENTIAL" not in policy.level_codes():
        return
    clearance_of = {p.key: p.clearance for p in PEOPLE}
    picked = [i for i, p in enumerate(plans)
              if p.level == "SECRET" and p.kind == "DOCUMENT" and p.fate == CONFIRM
              and p.category.startswith(("2.3", "2.4"))
              and "CONFIDENTIAL" in policy.levels_within(clearance_of[p.drafter])][:2]
    target = ("CONFIDENTIAL", category_text(policy, "CONFIDENTIAL", "1.4"))
    for i in picked:
        plans[i] = replace(plans[i], confirmer_ranks=("GM", "BOARD"), named=(), scope_rank=None,
                           raise_to=target,
                           reason="含项目成本与利润数据,拟定为秘密级,提请总经理审定密级。")


def plan_carriers(policy: Policy, *, seed: int, count: int) -> list[CarrierPlan]:
    """`count` carriers: every usable catalogue entry once, the rest drawn by weight."""
    rng = random.Random(seed)  # noqa: S311 — demo data, not cryptography
    entries = [e for e in CATALOGUE if _usable(policy, e)]
    if not entries or count <= 0:
        return []
    picks = list(entries)
    rng.shuffle(picks)
    picks = picks[:count]
    picks += rng.choices(entries, [e.weight for e in entries], k=count - len(picks))
    rng.shuffle(picks)
    used: set[str] = set()
    plans = [_one(rng, policy, entry, used) for entry in picks]
    _force_pending(plans)
    _force_raised(policy, plans)
    return plans
