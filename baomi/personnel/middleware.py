"""The second factor at login (policy switch `personnel.otp_enforce_login`).

When on, a signed-in person who must use two factors (核心/重要 clearance, approvers, the
secrecy office: `baomi.policy.personnel.needs_second_factor`) and whose session is not yet
verified is sent to the code page — or to enrolment when they have no device yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

EXEMPT = ("/login/", "/logout/", "/personnel/otp/", "/static/", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        blocked = self._check(request)
        return blocked if blocked is not None else self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(EXEMPT):
            return None
        from baomi.policy.runtime import get_policy

        policy = get_policy()
        if not policy.personnel.otp_enforce_login or user.is_verified():  # type: ignore[union-attr]
            return None
        from baomi.people.selectors import in_secrecy_office, person_for
        from baomi.personnel.services.otp import otp_enrolled
        from baomi.policy.personnel import needs_second_factor

        person = person_for(user)
        if person is None:
            return None
        decision = needs_second_factor(person, policy=policy, in_office=in_secrecy_office(person))
        if not decision:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"rule": decision.rule, "clause": decision.clause,
                                 "detail": _("须先完成双因素认证")}, status=403)
        target = "personnel:otp_verify" if otp_enrolled(person) else "personnel:otp"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
