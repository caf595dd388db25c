"""Who supervises across departments (R-DOC-11): the top leaders and the secrecy office.

They read every register, incident and stock-take report — metadata, never content
(R-ACC-4). Written once here; registers, incidents and stock-takes ask it.

`oversees` is the supervising role the carrier access rule (`baomi.policy.access.sight`)
asks about: whoever keeps or supervises the registers (the top leaders, the secrecy office
保密办, the departments' secrecy officers 保密员) or audits access (R-ACC-4 审计) sees every
confirmed carrier's metadata.
"""

from __future__ import annotations

from typing import Protocol

from baomi.policy.access import INACTIVE
from baomi.policy.audit_access import may_audit

#: ranks that supervise every department's records (篇二 第十条: 上报公司最高领导)
SUPERVISOR_RANKS = ("BOARD", "GM")


class Supervisor(Protocol):
    @property
    def rank(self) -> str: ...
    @property
    def status(self) -> str: ...


class Unit(Protocol):
    @property
    def is_secrecy_office(self) -> bool: ...


class Overseer(Protocol):
    @property
    def rank(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def is_secrecy_officer(self) -> bool: ...
    @property
    def unit(self) -> Unit: ...


def supervises(person: Supervisor | None, *, in_office: bool) -> bool:
    """`in_office`: the person belongs to the secrecy office (as the caller defines it)."""
    if person is None or person.status in INACTIVE:
        return False
    return person.rank in SUPERVISOR_RANKS or in_office


def oversees(person: Overseer | None) -> bool:
    """Sees every confirmed carrier's metadata and every register row (R-DOC-11, R-ACC-4)."""
    if person is None or person.status in INACTIVE:
        return False
    in_office = bool(person.is_secrecy_officer or person.unit.is_secrecy_office)
    return supervises(person, in_office=in_office) or may_audit(person).allowed
