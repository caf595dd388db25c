"""The `[audit]` table of the policy file: the audit log's cryptographic suite.

    [audit]
    suite = "international"        # SHA-256 + Ed25519;  "national": SM3 + SM2 (国密)
    origin = "baomi.local/BM/audit" # checkpoint origin and signing key name
    auditor_ranks = []              # ranks who may audit besides the secrecy office

The hash algorithm of a log is fixed by its first event: switching the suite later
changes the checkpoint signatures, never the hashes of a log already written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

SUITES = {"international": ("sha256", "ed25519"), "national": ("sm3", "sm2")}


@dataclass(frozen=True)
class AuditSettings:
    suite: str = "international"
    origin: str = "baomi.local/audit"
    auditor_ranks: tuple[str, ...] = ()

    @property
    def hash_algorithm(self) -> str:
        return SUITES[self.suite][0]

    @property
    def signature_algorithm(self) -> str:
        return SUITES[self.suite][1]


def parse_audit_settings(raw: Any, *, rank_codes: set[str], prefix: str,
                         fail: Callable[..., Exception]) -> AuditSettings:
    """Validate `[audit]`; `fail(reason, *needles)` builds the PolicyError with its line."""
    if not isinstance(raw, dict):
        raise fail("audit must be a table", "[audit]")
    unknown = set(raw) - {"suite", "origin", "auditor_ranks"}
    if unknown:
        raise fail(f"audit: unknown key '{sorted(unknown)[0]}'", f"{sorted(unknown)[0]} =")
    suite = raw.get("suite", "international")
    if suite not in SUITES:
        raise fail(f"audit.suite: must be one of {', '.join(SUITES)}, got {suite!r}",
                   "suite =")
    origin = raw.get("origin", f"baomi.local/{prefix}/audit")
    if (not isinstance(origin, str) or not origin or any(c.isspace() or c == "+" for c in origin)
            or not origin.isprintable()):
        raise fail("audit.origin: must be a non-empty name without spaces or '+'", "origin =")
    ranks = raw.get("auditor_ranks", [])
    if not isinstance(ranks, list) or not all(isinstance(r, str) for r in ranks):
        raise fail("audit.auditor_ranks: expected a list of rank codes", "auditor_ranks =")
    for rank in ranks:
        if rank not in rank_codes:
            raise fail(f"audit.auditor_ranks: unknown rank '{rank}'", "auditor_ranks =")
    return AuditSettings(suite=suite, origin=origin, auditor_ranks=tuple(ranks))
