"""Pages shared by the whole site: the page decorator and the home page.

Views only call selectors (scoped to the viewer) and services; they decide nothing about
who may see what (rules of the house 1 and 2).
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from baomi.carriers.selectors import (
    carrier_count,
    my_custody,
    my_drafts,
    pending_confirmations,
)
from baomi.core.errors import NotVisible
from baomi.people.selectors import person_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

    from baomi.people.models import Person

#: rows shown per section of the home page (the rest is one click away)
HOME_ROWS = 15


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every page: login required, never cached (classified content), varies on htmx.

    An htmx request from an expired session gets a client-side redirect to the login page
    instead of the login form swapped into a fragment.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):
                login = resolve_url(settings.LOGIN_URL)
                return HttpResponseClientRedirect(f"{login}?next={request.path}")
            return redirect_to_login(request.get_full_path())
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return wrapper


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (not a full-page history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def object_pk(value: int) -> int:
    """A primary key from a URL: out-of-range ids are "not found", never a database error."""
    if not 0 < value < 2**63:
        raise NotVisible
    return value


def _rows(items: Any) -> tuple[list[Any], bool]:
    rows = list(items[: HOME_ROWS + 1])
    return rows[:HOME_ROWS], len(rows) > HOME_ROWS


@page
def home(request: HttpRequest) -> HttpResponse:
    me: Person | None = person_for(request.user)
    if me is None:
        return render(request, "core/home.html", {"no_person": True})
    drafts, more_drafts = _rows(my_drafts(viewer=me))
    pending, more_pending = _rows(pending_confirmations(viewer=me))
    custody, more_custody = _rows(my_custody(viewer=me))
    return render(request, "core/home.html", {
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
    from baomi.approvals.selectors import my_inbox, my_notifications
    from baomi.carriers.ledger import overdue_copies

    return {
        "overdue": list(overdue_copies(viewer=me)[:HOME_ROWS]),
        "notices": list(my_notifications(viewer=me)[:HOME_ROWS]),
        "inbox_count": my_inbox(viewer=me).count(),
    }
