"""Helpers shared by the personnel pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect

from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.core.once import Created, announce_created

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse



def act(request: HttpRequest, call: Callable[[], Any], *, ok: str,
        back: str, **back_kw: Any) -> HttpResponse:
    """Run a service; show its refusal (rule and clause) or bad input as a message.
    A create answered with an earlier post's record (baomi.core.once) says so."""
    try:
        result = call()
    except PolicyDenied as exc:
        messages.error(request, f"{exc.rule}:{exc.reason_shown} —— {exc.clause}")
    except ApplicationError as exc:
        details = "; ".join(m for ms in exc.fields.values() for m in ms)
        messages.error(request, f"{exc.message}{(':' + details) if details else ''}")
    else:
        if isinstance(result, Created):
            announce_created(request, result, ok)
        else:
            messages.success(request, ok)
    return redirect(back, **back_kw)


def form_error(request: HttpRequest, form: Any, back: str, **back_kw: Any) -> HttpResponse:
    errors = "; ".join(f"{form.fields[k].label if k in form.fields else ''}{' ' if k in form.fields else ''}{', '.join(v)}"
                       for k, v in form.errors.items())
    messages.error(request, errors)
    return redirect(back, **back_kw)


__all__ = ["act", "form_error"]
