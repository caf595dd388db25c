"""Pages shared by the whole site: the page decorator and the page for a login with no
person (the home page is the top floor's: baomi/home).

Views only call selectors (scoped to the viewer) and services; they decide nothing about
who may see what (rules of the house 1 and 2).
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from baomi.core.errors import NotVisible

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse


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
