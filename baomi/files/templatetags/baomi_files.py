from __future__ import annotations

from typing import Any

from django import template

from baomi.files.panel import panel_context
from baomi.people.selectors import person_for

register = template.Library()


@register.inclusion_tag("files/partials/panel_body.html", takes_context=True)
def files_panel(context: template.Context, carrier: Any) -> dict[str, Any]:
    request = context.get("request")
    viewer = person_for(getattr(request, "user", None))
    data = panel_context(viewer=viewer, carrier=carrier)
    data["csrf_token"] = context.get("csrf_token")
    data["request"] = request
    return data
