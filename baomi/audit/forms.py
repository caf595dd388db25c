"""The audit search form: person, carrier, action, date range (invalid values ignored)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=_("人员"), required=False, max_length=100)
    carrier = forms.CharField(label=_("载体"), required=False, max_length=40,
                              help_text=_("载体编号或内部编号"))
    action = forms.CharField(label=_("动作"), required=False, max_length=60)
    date_from = forms.DateField(label=_("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def filters(self) -> dict[str, Any]:
        """Valid filters only; a bad value is shown on the form and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data[k] for k in ("person", "carrier", "action", "date_from", "date_to")
                if data.get(k)}
