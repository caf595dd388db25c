"""Turn domain errors raised in views into readable pages (never a 500)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied

if TYPE_CHECKING:
    from collections.abc import Callable


class PolicyDeniedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PolicyDenied):
            return render(request, "core/denied.html", {"denial": exception}, status=403)
        if isinstance(exception, NotVisible):
            raise Http404 from exception
        if isinstance(exception, ApplicationError):
            return render(request, "core/bad_request.html", {"error": exception}, status=400)
        return None


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """zh-hans unless the person chose another language (the set_language cookie).

    The browser's Accept-Language is not consulted: an English-language browser on a
    Chinese organisation's machine still gets the Chinese interface first.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
