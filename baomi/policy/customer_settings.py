"""The `[modules]` and `[customers]` tables of the policy file (issue 7, RULES.md §10).

    [modules]
    customers = true                  # the customer-integrity module is switched on

    [customers]
    service_units = ["customer_service"]   # org-unit codes of 客户服务部 (work with records)
    service_ranks = ["BOARD", "GM", "DEPUTY_GM"]
    reveal_units = ["customer_service"]    # see full ID numbers, phones and accounts
    adult_age = 18                    # R-CUS-1: insured persons under this age may lack an ID
    shared_min_customers = 2          # R-CUS-3: a phone/account in this many customers
    investigation_working_days = 3    # R-CUS-3
    complaint_threshold = 2           # R-CUS-4
    complaint_window_days = 365       # R-CUS-4
    evidence_max_mb = 10
    import_batch_rows = 1000

Numbers are policy (rule of the house 5); the defaults are the seed's (篇十一).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

#: modules an organisation may switch off (ARCHITECTURE.md: modules per organisation)
MODULES = ("customers",)

_NUMBERS = {
    "adult_age": (1, 30),
    "shared_min_customers": (2, 100),
    "investigation_working_days": (1, 60),
    "complaint_threshold": (1, 100),
    "complaint_window_days": (1, 3660),
    "evidence_max_mb": (1, 500),
    "import_batch_rows": (1, 100_000),
}


@dataclass(frozen=True)
class CustomerSettings:
    service_units: tuple[str, ...] = ("customer_service",)
    service_ranks: tuple[str, ...] = ("BOARD", "GM", "DEPUTY_GM")
    reveal_units: tuple[str, ...] = ("customer_service",)
    adult_age: int = 18
    shared_min_customers: int = 2
    investigation_working_days: int = 3
    complaint_threshold: int = 2
    complaint_window_days: int = 365
    evidence_max_mb: int = 10
    import_batch_rows: int = 1000


@dataclass(frozen=True)
class ModuleSettings:
    enabled: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(MODULES, True))

    def on(self, name: str) -> bool:
        return self.enabled.get(name, True)


def parse_modules(raw: Any, *, fail: Callable[..., Exception]) -> ModuleSettings:
    if not isinstance(raw, dict):
        raise fail("modules must be a table", "[modules]")
    enabled = dict.fromkeys(MODULES, True)
    for key, value in raw.items():
        if key not in MODULES:
            raise fail(f"modules: unknown module '{key}' (known: {', '.join(MODULES)})",
                       f"{key} =")
        if not isinstance(value, bool):
            raise fail(f"modules.{key}: expected true or false", f"{key} =")
        enabled[key] = value
    return ModuleSettings(enabled=enabled)


def parse_customer_settings(raw: Any, *, rank_codes: set[str],
                            fail: Callable[..., Exception]) -> CustomerSettings:
    """Validate `[customers]`; `fail(reason, *needles)` builds the PolicyError with its line."""
    if not isinstance(raw, dict):
        raise fail("customers must be a table", "[customers]")
    known = set(_NUMBERS) | {"service_units", "service_ranks", "reveal_units"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise fail(f"customers: unknown key '{unknown[0]}'", f"{unknown[0]} =")
    values: dict[str, Any] = {}
    for key, (low, high) in _NUMBERS.items():
        value = raw.get(key, getattr(CustomerSettings, key))
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise fail(f"customers.{key} must be a whole number between {low} and {high}",
                       f"{key} =")
        values[key] = value
    for key in ("service_units", "service_ranks", "reveal_units"):
        value = raw.get(key, list(getattr(CustomerSettings, key)))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"customers.{key}: expected a list of strings", f"{key} =")
        if key == "service_ranks":
            for rank in value:
                if rank not in rank_codes:
                    raise fail(f"customers.service_ranks: unknown rank '{rank}'", f"{key} =")
        values[key] = tuple(value)
    return CustomerSettings(**values)
