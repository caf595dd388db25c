"""`{% submission_token %}`: the one-time token of a create form (baomi.core.once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils.html import format_html

from baomi.core.errors import ApplicationError
from baomi.core.once import FIELD, clean_key, new_token

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context: Any) -> SafeString:
    """A hidden field with a fresh token; a form re-shown after an error keeps the token
    it was posted with (nothing was created with it)."""
    request = context.get("request")
    token = ""
    if request is not None and request.method == "POST":
        try:
            token = clean_key(request.POST.get(FIELD))
        except ApplicationError:
            token = ""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD,
                       token or new_token())
