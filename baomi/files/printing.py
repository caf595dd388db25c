"""Print approvals from `baomi.approvals`, when that module is installed (R-DOC-1).

Printing a file needs an approved print request (审批单, kind PRINT) of the person for the
carrier; each print output counts against the approved number of copies. The approvals
app writes the print register when the requester signs for the prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Count

from baomi.files.models import FileCopy

if TYPE_CHECKING:
    from baomi.carriers.models import Carrier
    from baomi.people.models import Person

APP = "baomi.approvals"


@dataclass(frozen=True)
class PrintAllowance:
    installed: bool
    approval_ref: str | None = None
    remaining: int = 0


def print_allowance(*, person: Person, carrier: Carrier) -> PrintAllowance:
    if not apps.is_installed(APP):
        return PrintAllowance(installed=False)
    from baomi.approvals.selectors import approved_print_requests

    approved = approved_print_requests(person=person, carrier_id=carrier.pk)
    if not approved:
        return PrintAllowance(installed=True)
    used: dict[str, int] = dict(FileCopy.objects.filter(
        purpose=FileCopy.Purpose.PRINT, recipient_id=person.pk,
        approval_ref__in=[number for number, _ in approved],
    ).values("approval_ref").annotate(n=Count("id")).values_list("approval_ref", "n"))
    for number, count in approved:
        left = count - used.get(str(number), 0)
        if left > 0:
            return PrintAllowance(installed=True, approval_ref=number, remaining=left)
    return PrintAllowance(installed=True, approval_ref=approved[-1][0], remaining=0)
