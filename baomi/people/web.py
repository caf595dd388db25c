"""Pages for a person: the one way a view learns who is asking (R-ACC-1).

`person_page` is `core.views.page` (login, never cached, varies on htmx) plus the person
behind the login, set as `request.person`. A login with no person record gets one page:
403, explaining in the interface language that an account without a person file sees
nothing and may do nothing. The API's equivalent is `people.api.IsPerson` with
`request_person`.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec

from django.http import HttpRequest
from django.shortcuts import render

from baomi.core.views import page
from baomi.people.selectors import person_for

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpResponse

    from baomi.people.models import Person

P = ParamSpec("P")


class PersonRequest(HttpRequest):
    """The request a `person_page` view receives: `person` is always set."""

    person: Person


def no_person(request: HttpRequest) -> HttpResponse:
    """A login with no Person behind it may look around but cannot act (R-ACC-1)."""
    return render(request, "core/no_person.html", status=403)


def person_page(
    view: Callable[Concatenate[PersonRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """A page for a person: `request.person` is set, or the no-person page (403) is shown."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        person = person_for(request.user)
        if person is None:
            return no_person(request)
        request.person = person  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)  # type: ignore[arg-type]

    return page(wrapper)


__all__ = ["PersonRequest", "no_person", "person_page"]
