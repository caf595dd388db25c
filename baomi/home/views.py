"""The home page: my drafts, what waits for my confirmation, my custody, overdue
borrowed copies and notices — a composition of carriers and approvals, so it lives on the
top floor (docs/decisions/0007-layers.md).

Views only call selectors (scoped to the viewer) and services; they decide nothing about
who may see what (rules of the house 1 and 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import render

from baomi.approvals.selectors import my_inbox, my_notifications
from baomi.carriers.ledger import overdue_copies
from baomi.carriers.selectors import (
    carrier_count,
    my_custody,
    my_drafts,
    pending_confirmations,
)
from baomi.core.views import page
from baomi.people.selectors import person_for

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from baomi.people.models import Person

#: rows shown per section of the home page (the rest is one click away)
HOME_ROWS = 15


def _rows(items: Any) -> tuple[list[Any], bool]:
    rows = list(items[: HOME_ROWS + 1])
    return rows[:HOME_ROWS], len(rows) > HOME_ROWS


@page
def home(request: HttpRequest) -> HttpResponse:
    me: Person | None = person_for(request.user)
    if me is None:
        return render(request, "home/home.html", {"no_person": True})
    drafts, more_drafts = _rows(my_drafts(viewer=me))
    pending, more_pending = _rows(pending_confirmations(viewer=me))
    custody, more_custody = _rows(my_custody(viewer=me))
    return render(request, "home/home.html", {
        "drafts": drafts, "more_drafts": more_drafts,
        "pending": pending, "more_pending": more_pending,
        "custody": custody, "more_custody": more_custody,
        "custody_total": my_custody(viewer=me).count(),
        "visible_count": carrier_count(viewer=me),
        "home_rows": HOME_ROWS,
        **_approvals_panel(me),
    })


def _approvals_panel(me: Person) -> dict[str, Any]:
    """Overdue borrowed copies (borrower, lender, secrecy office) and recent notices."""
    return {
        "overdue": list(overdue_copies(viewer=me)[:HOME_ROWS]),
        "notices": list(my_notifications(viewer=me)[:HOME_ROWS]),
        "inbox_count": my_inbox(viewer=me).count(),
    }
