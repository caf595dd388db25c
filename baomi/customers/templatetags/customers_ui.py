"""Template helpers of the customers module: the menu entry follows the module switch and
the R-CUS-5 gate (a switched-off module shows no menu); roles shown in the language of the
page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, pgettext

from baomi.policy.customers import may_work_with_customers, module_on

register = template.Library()


@register.filter
def can_use_customers(person: Any) -> bool:
    return person is not None and module_on() and bool(may_work_with_customers(person))


@register.filter
def customer_role(role: str) -> str:
    """A role as stored and audited in Chinese ("投保人", "投保人、被保险人" when the asker is
    both), translated part by part for the page (the msgids are the model field names)."""
    if not role:
        return ""
    separator = pgettext("separator between listed items", "、")
    return separator.join(gettext(part) for part in str(role).split("、"))


#: the record form's sections, by field-name prefix; every other field is the policy's own
_SECTIONS = (("holder_", "holder"), ("insured_", "insured"), ("beneficiary_", "beneficiary"))


def _section_title(key: str) -> str:
    return {"policy": pgettext("section of the policy form", "保单"),
            "holder": gettext("投保人"), "insured": gettext("被保险人"),
            "beneficiary": gettext("受益人")}[key]


@register.filter
def record_sections(form: Any) -> list[tuple[str, str, list[Any]]]:
    """The register form's fields grouped as a 投保单 is: the policy, the policyholder, the
    insured, the beneficiary — (key, title, bound fields), in the form's field order."""
    groups: dict[str, list[Any]] = {"policy": [], "holder": [], "insured": [],
                                    "beneficiary": []}
    for field in form:
        key = next((k for prefix, k in _SECTIONS if field.name.startswith(prefix)), "policy")
        groups[key].append(field)
    return [(key, _section_title(key), fields) for key, fields in groups.items() if fields]


@register.filter
def phone_display(value: str) -> str:
    """A stored phone (E.164, +8613812345678) as people write it: 138 1234 5678 for a
    mainland number, the international form for others; masks are shown as they are."""
    if not value or "*" in value:
        return value
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return value
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 86
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)
