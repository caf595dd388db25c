"""API conventions: denials are 403 {rule, clause}; bad input 400 with field messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from baomi.core.context import channel
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.core.once import HEADER, Created
from baomi.core.persons import person_for

#: the optional header of create endpoints (docs/decisions/0005)
IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER, str, OpenApiParameter.HEADER, required=False,
    description="一次性提交编号 / a key of 8-64 characters; a retry with the same key "
                "creates nothing and gets the record the first call made")


def replay_headers(made: Created[Any], headers: dict[str, str] | None = None
                   ) -> dict[str, str]:
    """The response headers of a create: `Idempotent-Replayed: true` on a replay."""
    out = dict(headers or {})
    if made.replayed:
        out["Idempotent-Replayed"] = "true"
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, PolicyDenied):
        return Response(exc.as_dict(), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, NotVisible):
        return Response({"detail": _("未找到。")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class IsPerson(permissions.BasePermission):
    """The login belongs to a person (an account without a person may do nothing)."""

    message = gettext_lazy("此账号没有对应的人员,不能使用本系统。")

    def has_permission(self, request: Any, view: Any) -> bool:
        return person_for(request.user) is not None


def request_person(request: Any) -> Any:
    """The person behind the request; IsPerson has already checked there is one."""
    person = person_for(request.user)
    if person is None:  # IsPerson refuses such requests first
        raise exceptions.PermissionDenied(IsPerson.message)
    return person


class ApiChannelMixin:
    """Marks audit events written during an API request as coming from the API."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        self._channel_cm = channel("api")
        self._channel_cm.__enter__()
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        cm = getattr(self, "_channel_cm", None)
        if cm is not None:
            cm.__exit__(None, None, None)
            del self._channel_cm
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
