"""Who may run a stock-take (清点) of a department and read its report (R-DOC-6, R-DOC-11).

The secrecy office (保密办) checks any department; a department's secrecy officer (兼职保密员)
checks their own. The top leaders read every report (they supervise, R-DOC-11); the checker
sees numbers, levels, 份号 and custodians, never content (R-ACC-4).
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_noop

from baomi.policy.access import INACTIVE
from baomi.policy.decision import Decision
from baomi.policy.supervision import supervises


class Checker(Protocol):
    rank: str
    status: str
    unit_id: int
    is_secrecy_officer: bool


def may_stocktake(person: Checker | None, *, department_id: int,
                  in_office: bool) -> Decision:
    """`in_office`: the person is a member of the secrecy office itself."""
    if person is None or person.status in INACTIVE:
        return Decision.deny("R-DOC-11", gettext_noop("没有在职人员身份"))
    if in_office:
        return Decision.allow("R-DOC-11")
    if person.is_secrecy_officer and person.unit_id == department_id:
        return Decision.allow("R-DOC-11")
    return Decision.deny("R-DOC-11", gettext_noop("清点由保密办或本部门保密员进行"))


def may_read_stocktake(person: Checker | None, *, department_id: int,
                       in_office: bool) -> Decision:
    if supervises(person, in_office=False):  # the top leaders read every report
        return Decision.allow("R-DOC-11")
    return may_stocktake(person, department_id=department_id, in_office=in_office)
