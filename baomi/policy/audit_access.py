"""Who may audit (R-ACC-4 监管分离): the secrecy office and the policy's auditor ranks.

Auditors see the audit log's metadata — who did what to which object, when, through
which channel, allowed or refused under which rule — never a carrier's content, unless
the carrier rules (R-ACC-1) separately let them see it.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_noop

from baomi.policy.access import INACTIVE
from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy


class Unit(Protocol):
    @property
    def is_secrecy_office(self) -> bool: ...


class Auditor(Protocol):
    @property
    def rank(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def unit(self) -> Unit: ...


def may_audit(viewer: Auditor | None) -> Decision:
    """Secrecy-office members (保密办) and people of `[audit] auditor_ranks` may audit."""
    if viewer is None or viewer.status in INACTIVE:
        return Decision.deny("R-ACC-4", gettext_noop("没有在职人员身份"))
    if viewer.unit.is_secrecy_office:
        return Decision.allow("R-ACC-4", gettext_noop("保密办人员"))
    if viewer.rank in get_policy().audit.auditor_ranks:
        return Decision.allow("R-ACC-4", gettext_noop("策略指定的审计职级"))
    return Decision.deny("R-ACC-4", gettext_noop("只有保密办和指定的审计人员可以查看审计记录"))
