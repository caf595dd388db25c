"""Template helpers for the stock-take (清点) pages and menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from baomi.people.selectors import in_secrecy_office_unit
from baomi.policy.access import INACTIVE
from baomi.policy.supervision import supervises

if TYPE_CHECKING:
    from baomi.people.models import Person

register = template.Library()


@register.filter
def can_stocktake(person: Person | None) -> bool:
    """Show the 清点 menu to those who check or read stock-takes (R-DOC-11)."""
    if person is None or person.status in INACTIVE:
        return False
    return bool(person.is_secrecy_officer
                or supervises(person, in_office=in_secrecy_office_unit(person)))
