"""Template context every page needs: the person behind the login and the organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.people.selectors import person_for
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from django.http import HttpRequest


def baomi(request: HttpRequest) -> dict[str, Any]:
    policy = get_policy()
    return {
        "organisation": policy.organisation,
        "me": person_for(request.user) if hasattr(request, "user") else None,
    }
