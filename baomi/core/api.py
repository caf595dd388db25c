"""API conventions: denials are 403 {rule, clause}; bad input 400 with field messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from baomi.core.context import channel
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, PolicyDenied):
        return Response(exc.as_dict(), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, NotVisible):
        return Response({"detail": _("未找到。")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ApplicationError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


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
