"""The policy file: parsed, validated, immutable.

A broken file is refused with the line and the reason (`PolicyError`), both at start-up
and by `baomi policy_check FILE`. Numbers are policy (rule of the house 5).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baomi.policy.approval_settings import (
    ApprovalSettings,
    approval_keys,
    parse_approval_settings,
)
from baomi.policy.audit_settings import AuditSettings, parse_audit_settings
from baomi.policy.customer_settings import (
    CustomerSettings,
    ModuleSettings,
    parse_customer_settings,
    parse_modules,
)
from baomi.policy.personnel_settings import PersonnelSettings, parse_personnel_settings

DEFAULT_FILE = Path(__file__).with_name("default.toml")

KINDS = ("DOCUMENT", "DRAWING", "MEDIUM", "DEVICE", "SAMPLE")
PLACEMENTS = ("sealed_envelope", "top_left_every_page", "stamp", "none")


class PolicyError(ValueError):
    def __init__(self, reason: str, *, line: int | None = None, source: str = "") -> None:
        self.reason = reason
        self.line = line
        self.source = source
        where = f"{source}:{line}: " if line else (f"{source}: " if source else "")
        super().__init__(f"{where}{reason}")


@dataclass(frozen=True)
class LevelSpec:
    code: str
    label: str
    weight: int
    max_term_years: int
    scope_rank: str
    confirm_ranks: tuple[str, ...]
    view_approver_ranks: tuple[str, ...]
    copy_allowed: bool
    copy_approver_ranks: tuple[str, ...]
    mark: str
    mark_placement: str
    kinds: tuple[str, ...] = KINDS
    confirm_same_department: bool = False
    controlled_mark: str = ""
    # approvals (baomi.approvals): who approves each gated action at this level
    print_approver_ranks: tuple[str, ...] = ()        # R-DOC-1
    distribute_approver_ranks: tuple[str, ...] = ()   # R-DOC-2
    network_allowed: bool = True                      # R-DOC-3
    network_approver_ranks: tuple[str, ...] = ()      # R-DOC-3
    external_approver_ranks: tuple[str, ...] = ()     # R-DOC-10
    destroy_approver_ranks: tuple[str, ...] = ()      # R-DOC-9
    change_approver_ranks: tuple[str, ...] = ()       # R-CLS-5 (declassify/extend/change)
    two_person_actions: tuple[str, ...] = ()          # R-ACC-5


@dataclass(frozen=True)
class RankSpec:
    code: str
    label: str
    order: int  # 0 = highest


@dataclass(frozen=True)
class ClearanceSpec:
    code: str
    label: str
    max_weight: int


@dataclass(frozen=True)
class Policy:
    organisation: dict[str, str]
    levels: tuple[LevelSpec, ...]
    ranks: tuple[RankSpec, ...]
    clearances: tuple[ClearanceSpec, ...]
    categories: dict[str, tuple[str, ...]]
    remind_days_before_end: int
    max_copies_per_carrier: int
    text: str = field(repr=False, default="")
    audit: AuditSettings = field(default_factory=AuditSettings)  # [audit] (issue 5)
    approvals: ApprovalSettings = field(default_factory=ApprovalSettings)
    source: str = ""
    modules: ModuleSettings = field(default_factory=ModuleSettings)  # [modules]
    customers: CustomerSettings = field(default_factory=CustomerSettings)  # [customers]
    personnel: PersonnelSettings = field(default_factory=PersonnelSettings)  # [personnel]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()

    # --- look-ups -------------------------------------------------------------------
    def level(self, code: str) -> LevelSpec:
        for spec in self.levels:
            if spec.code == code:
                return spec
        raise KeyError(code)

    def rank(self, code: str) -> RankSpec:
        for spec in self.ranks:
            if spec.code == code:
                return spec
        raise KeyError(code)

    def clearance(self, code: str) -> ClearanceSpec:
        for spec in self.clearances:
            if spec.code == code:
                return spec
        raise KeyError(code)

    def level_codes(self) -> list[str]:
        return [spec.code for spec in self.levels]

    def rank_codes(self) -> list[str]:
        return [spec.code for spec in self.ranks]

    def levels_for_kind(self, kind: str) -> list[LevelSpec]:
        return [spec for spec in self.levels if kind in spec.kinds]

    def levels_within(self, clearance: str) -> list[str]:
        """Level codes a person of this clearance may know (R-ACC-1)."""
        top = self.clearance(clearance).max_weight
        return [spec.code for spec in self.levels if spec.weight <= top]

    def ranks_at_or_below(self, rank: str) -> list[str]:
        """Rank codes not higher than `rank`: a scope rule of any of them admits `rank`."""
        order = self.rank(rank).order
        return [spec.code for spec in self.ranks if spec.order >= order]

    def rank_at_least(self, rank: str, minimum: str) -> bool:
        return self.rank(rank).order <= self.rank(minimum).order


def _line_of(text: str, *needles: str) -> int | None:
    """Best-effort line number of the first needle found (for messages)."""
    lines = text.splitlines()
    for needle in needles:
        if not needle:
            continue
        pattern = re.compile(re.escape(needle))
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                return number
    return None


def _require(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str,
             text: str, source: str) -> Any:
    if key not in data:
        raise PolicyError(f"{where}: missing key '{key}'", line=_line_of(text, where), source=source)
    value = data[key]
    if isinstance(value, bool) and kind in (int, (int,)):
        raise PolicyError(f"{where}.{key}: expected a number, got {value!r}",
                          line=_line_of(text, f"{key} ="), source=source)
    if not isinstance(value, kind):
        raise PolicyError(
            f"{where}.{key}: expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}",
            line=_line_of(text, f"{key} = {value!r}".replace("'", '"'), f"{key} ="),
            source=source,
        )
    return value


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Parse and validate policy text; raise PolicyError naming the line and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise PolicyError(f"not valid TOML: {exc}", line=int(match.group(1)) if match else None,
                          source=source) from exc

    def req(d: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        return _require(d, key, kind, where, text, source)

    def fail(reason: str, *needles: str) -> PolicyError:
        return PolicyError(reason, line=_line_of(text, *needles), source=source)

    org = req(data, "organisation", dict, "policy")
    organisation = {k: str(v) for k, v in org.items()}
    for key in ("name", "number_prefix"):
        if not organisation.get(key):
            raise fail(f"organisation.{key} must not be empty", f"{key} =", "[organisation]")
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,7}", organisation["number_prefix"]):
        raise fail("organisation.number_prefix must be 1–8 capital letters or digits",
                   "number_prefix")

    raw_ranks = req(data, "ranks", list, "policy")
    if not raw_ranks:
        raise fail("at least one rank is required", "[[ranks]]")
    ranks: list[RankSpec] = []
    for order, item in enumerate(raw_ranks):
        code = req(item, "code", str, f"ranks[{order}]")
        if code in {r.code for r in ranks}:
            raise fail(f"rank '{code}' is listed twice", f'"{code}"')
        ranks.append(RankSpec(code=code, label=req(item, "label", str, f"ranks.{code}"),
                              order=order))
    rank_codes = {r.code for r in ranks}

    def check_ranks(values: Any, where: str) -> tuple[str, ...]:
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise fail(f"{where}: expected a list of rank codes", where.split(".")[-1])
        for value in values:
            if value not in rank_codes:
                raise fail(f"{where}: unknown rank '{value}' (known: {', '.join(sorted(rank_codes))})",
                           f'"{value}"')
        return tuple(values)

    raw_clearances = req(data, "clearances", list, "policy")
    clearances = []
    for index, item in enumerate(raw_clearances):
        code = req(item, "code", str, f"clearances[{index}]")
        clearances.append(ClearanceSpec(code=code, label=req(item, "label", str, f"clearances.{code}"),
                                        max_weight=req(item, "max_weight", int, f"clearances.{code}")))

    raw_levels = req(data, "levels", list, "policy")
    if not raw_levels:
        raise fail("at least one level is required", "[[levels]]")
    levels: list[LevelSpec] = []
    for index, item in enumerate(raw_levels):
        code = req(item, "code", str, f"levels[{index}]")
        where = f"levels.{code}"
        if code in {lv.code for lv in levels}:
            raise fail(f"level '{code}' is listed twice", f'code = "{code}"')
        kinds = tuple(item.get("kinds", KINDS))
        for kind in kinds:
            if kind not in KINDS:
                raise fail(f"{where}.kinds: unknown kind '{kind}' (known: {', '.join(KINDS)})",
                           f'"{kind}"')
        placement = req(item, "mark_placement", str, where)
        if placement not in PLACEMENTS:
            raise fail(f"{where}.mark_placement: unknown placement '{placement}'",
                       f'"{placement}"')
        max_term = req(item, "max_term_years", int, where)
        if max_term < 0 or max_term > 100:
            raise fail(f"{where}.max_term_years: must be between 0 and 100, got {max_term}",
                       f"max_term_years = {max_term}")
        weight = req(item, "weight", int, where)
        scope_rank = req(item, "scope_rank", str, where)
        check_ranks([scope_rank], f"{where}.scope_rank")
        levels.append(LevelSpec(
            code=code,
            label=req(item, "label", str, where),
            weight=weight,
            max_term_years=max_term,
            scope_rank=scope_rank,
            confirm_ranks=check_ranks(req(item, "confirm_ranks", list, where), f"{where}.confirm_ranks"),
            view_approver_ranks=check_ranks(item.get("view_approver_ranks", []),
                                            f"{where}.view_approver_ranks"),
            copy_allowed=bool(item.get("copy_allowed", False)),
            copy_approver_ranks=check_ranks(item.get("copy_approver_ranks", []),
                                            f"{where}.copy_approver_ranks"),
            mark=str(item.get("mark", "")),
            mark_placement=placement,
            kinds=kinds,
            confirm_same_department=bool(item.get("confirm_same_department", False)),
            controlled_mark=str(item.get("controlled_mark", "")),
            **approval_keys(item, where, check_ranks, fail),
        ))
        if not levels[-1].confirm_ranks:
            raise fail(f"{where}.confirm_ranks: at least one rank must be able to confirm",
                       "confirm_ranks")
    weights = [lv.weight for lv in levels]
    if weights != sorted(weights, reverse=True):
        first = next(i for i in range(1, len(weights)) if weights[i] > weights[i - 1])
        weight_lines = [n for n, line in enumerate(text.splitlines(), start=1)
                        if re.match(r"\s*weight\s*=", line)]
        raise PolicyError(
            f"levels must be listed highest first: levels.{levels[first].code}.weight "
            f"{weights[first]} is above levels.{levels[first - 1].code}.weight "
            f"{weights[first - 1]}",
            line=weight_lines[first] if first < len(weight_lines) else None, source=source)
    for clearance in clearances:
        if clearance.max_weight not in set(weights) and clearance.max_weight < max(weights):
            raise fail(f"clearances.{clearance.code}.max_weight {clearance.max_weight} "
                       "matches no level weight", f"max_weight = {clearance.max_weight}")

    categories_raw = data.get("categories", {})
    if not isinstance(categories_raw, dict):
        raise fail("categories must be a table of lists", "[categories]")
    categories: dict[str, tuple[str, ...]] = {}
    level_codes = {lv.code for lv in levels}
    for code, values in categories_raw.items():
        if code not in level_codes:
            raise fail(f"categories: unknown level '{code}'", f"{code} =")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise fail(f"categories.{code}: expected a list of strings", f"{code} =")
        categories[code] = tuple(values)

    terms = data.get("terms", {})
    remind = terms.get("remind_days_before_end", 90)
    if not isinstance(remind, int) or isinstance(remind, bool) or remind < 0:
        raise fail("terms.remind_days_before_end must be a whole number ≥ 0", "remind_days_before_end")
    copies = data.get("copies", {})
    max_copies = copies.get("max_copies_per_carrier", 200)
    if not isinstance(max_copies, int) or isinstance(max_copies, bool) or not 1 <= max_copies <= 10000:
        raise fail("copies.max_copies_per_carrier must be between 1 and 10000", "max_copies_per_carrier")

    approvals = parse_approval_settings(data.get("approvals", {}), fail)

    audit = parse_audit_settings(data.get("audit", {}), rank_codes=rank_codes,
                                 prefix=organisation["number_prefix"], fail=fail)

    return Policy(
        organisation=organisation,
        audit=audit,
        levels=tuple(levels),
        ranks=tuple(ranks),
        clearances=tuple(clearances),
        categories=categories,
        remind_days_before_end=remind,
        max_copies_per_carrier=max_copies,
        text=text,
        source=source,
        approvals=approvals,
        modules=parse_modules(data.get("modules", {}), fail=fail),
        customers=parse_customer_settings(data.get("customers", {}), rank_codes=rank_codes,
                                          fail=fail),
        personnel=parse_personnel_settings(data.get("personnel", {}), rank_codes=rank_codes,
                                           fail=fail),
    )


def load_policy_file(path: str | Path) -> Policy:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read policy file: {exc}", source=str(path)) from exc
    return parse_policy(text, source=str(path))
