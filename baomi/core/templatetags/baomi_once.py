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
    """The form's one-time token, fresh; a form re-shown after an error keeps the token
    it was posted with (nothing was created with it)."""
    request = context.get("request")
    token = ""
    if request is not None and request.method == "POST":
        try:
            token = clean_key(request.POST.get(FIELD))
        except ApplicationError:
            token = ""
    # The value is written by app.js from `data-once-token` once the page is parsed: a
    # value a script wrote is kept in the page's history entry, so Back brings the (never
    # cached) form back with this token rather than the fresh one its new rendering
    # carries. Without script no token is sent and the form simply creates.
    # (a text input kept out of sight: Chromium keeps no script-written value of a
    # hidden one)
    return format_html('<input type="text" name="{}" value="" class="d-none" tabindex="-1" '
                       'aria-hidden="true" autocomplete="on" data-once-token="{}">',
                       FIELD, token or new_token())
