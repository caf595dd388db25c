"""Who supervises across departments (R-DOC-11): the top leaders and the secrecy office.

They read every register, incident and stock-take report — metadata, never content
(R-ACC-4). Written once here; registers, incidents and stock-takes ask it.
"""

from __future__ import annotations

from typing import Protocol

from baomi.policy.access import INACTIVE

#: ranks that supervise every department's records (篇二 第十条: 上报公司最高领导)
SUPERVISOR_RANKS = ("BOARD", "GM")


class Supervisor(Protocol):
    rank: str
    status: str


def supervises(person: Supervisor | None, *, in_office: bool) -> bool:
    """`in_office`: the person belongs to the secrecy office (as the caller defines it)."""
    if person is None or person.status in INACTIVE:
        return False
    return person.rank in SUPERVISOR_RANKS or in_office
