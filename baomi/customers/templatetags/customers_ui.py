"""Template helpers of the customers module: the menu entry follows the module switch and
the R-CUS-5 gate (a switched-off module shows no menu)."""

from __future__ import annotations

from typing import Any

from django import template

from baomi.policy.customers import may_work_with_customers, module_on

register = template.Library()


@register.filter
def can_use_customers(person: Any) -> bool:
    return person is not None and module_on() and bool(may_work_with_customers(person))
