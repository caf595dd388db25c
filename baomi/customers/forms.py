"""Forms of the customer pages: they only parse input; the services decide and validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baomi.customers.models import (
    Agent,
    CalendarDay,
    PolicyQuery,
    RecheckEntry,
    SuspiciousItem,
)
from baomi.customers.records import LABELS

_INPUT = {"class": "form-control form-control-sm"}


class RegisterForm(forms.Form):
    """One 投保单: every field of records.LABELS; completeness is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in LABELS.items():
            self.fields[key] = forms.CharField(label=label, required=False, max_length=300,
                                               widget=forms.TextInput(attrs=_INPUT))

    def apply_errors(self, fields: dict[str, list[str]]) -> None:
        for name, messages in fields.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("文件(.csv 或 .xlsx)"),
                           widget=forms.ClearableFileInput(attrs={
                               "class": "form-control form-control-sm",
                               "accept": ".csv,.xlsx"}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control form-control-sm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("排查结论"), choices=SuspiciousItem.Outcome.choices,
                                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    findings = forms.CharField(label=_("排查情况"), required=False,
                               widget=forms.Textarea(attrs={**_INPUT, "rows": 4}))
    responsible_agent = forms.CharField(label=_("提供虚假资料的代理人工号"), required=False,
                                        max_length=30, widget=forms.TextInput(attrs=_INPUT))
    evidence = MultipleFileField(label=_("证明材料"), required=False)


class CorrectForm(forms.Form):
    """更正联系资料: a blank field is left as it is; the service checks the values."""

    phone = forms.CharField(label=_("电话"), required=False, max_length=40,
                            widget=forms.TextInput(attrs=_INPUT))
    account = forms.CharField(label=_("银行账号"), required=False, max_length=40,
                              widget=forms.TextInput(attrs=_INPUT))
    clear_account = forms.BooleanField(label=_("删除银行账号"), required=False,
                                       widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    address = forms.CharField(label=_("联系地址"), required=False, max_length=300,
                              widget=forms.TextInput(attrs=_INPUT))
    reason = forms.CharField(label=_("更正原因"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={**_INPUT, "rows": 2}))
    item = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                              widget=forms.HiddenInput)

    def values(self) -> dict[str, str | None]:
        """The service's phone, account and address: None for a blank field (unchanged),
        "" for an account to remove."""
        data = self.cleaned_data
        account = "" if data["clear_account"] else (data["account"] or None)
        return {"phone": data["phone"] or None, "account": account,
                "address": data["address"] or None}

    def apply_errors(self, fields: dict[str, list[str]]) -> None:
        for name, messages in fields.items():
            visible = name in self.fields and name != "item"
            for message in messages:
                self.add_error(name if visible else None, message)


class AssignForm(forms.Form):
    assignee = forms.CharField(label=_("承办人(登录名或工号)"), max_length=150,
                               widget=forms.TextInput(attrs=_INPUT))


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={**_INPUT, "type": "date"}))
    kind = forms.ChoiceField(label=_("类别"), choices=CalendarDay.Kind.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    name = forms.CharField(label=pgettext_lazy("name of a holiday", "名称"), required=False,
                           max_length=50,
                           widget=forms.TextInput(attrs=_INPUT))


class YearConfirmForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2200,
                              widget=forms.NumberInput(attrs=_INPUT))
    note = forms.CharField(label=_("依据(通知文号)"), max_length=200,
                           widget=forms.TextInput(attrs=_INPUT))


class QueryForm(forms.Form):
    policy_number = forms.CharField(label=_("保单号"), max_length=40,
                                    widget=forms.TextInput(attrs=_INPUT))
    asker_name = forms.CharField(label=_("查询人姓名"), max_length=50,
                                 widget=forms.TextInput(attrs=_INPUT))
    asker_id_number = forms.CharField(label=_("查询人证件号码"), max_length=30,
                                      widget=forms.TextInput(attrs=_INPUT))
    channel = forms.ChoiceField(label=_("方式"), choices=PolicyQuery.Channel.choices,
                                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


_SELECT = {"class": "form-select form-select-sm"}


def apply_errors(form: forms.Form, fields: dict[str, list[str]]) -> None:
    """Service errors onto the form: a field's own, else the form's (never a 500)."""
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class AgencyForm(forms.Form):
    code = forms.CharField(label=_("机构代码"), max_length=30, widget=forms.TextInput(attrs=_INPUT))
    name = forms.CharField(label=_("机构名称"), max_length=200,
                           widget=forms.TextInput(attrs=_INPUT))


class ComplaintForm(forms.Form):
    agent_code = forms.CharField(label=_("被投诉代理人工号"), max_length=30,
                                 widget=forms.TextInput(attrs=_INPUT))
    received_on = forms.DateField(label=_("投诉日期"), widget=forms.DateInput(
        attrs={**_INPUT, "type": "date"}, format="%Y-%m-%d"))
    policy_number = forms.CharField(label=_("保单号(可不填)"), required=False, max_length=40,
                                    widget=forms.TextInput(attrs=_INPUT))
    summary = forms.CharField(label=_("投诉内容"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={**_INPUT, "rows": 3}))
    summary.policy_required = True  # type: ignore[attr-defined]  # checked by the service


class VerifyForm(forms.Form):
    mis_selling = forms.ChoiceField(
        label=_("核实结论"), choices=[("yes", _("经查属实(销售误导)")), ("no", _("查无实据"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    findings = forms.CharField(label=_("核实情况"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={**_INPUT, "rows": 3}))
    findings.policy_required = True  # type: ignore[attr-defined]  # checked by the service


class EntryForm(forms.Form):
    result = forms.ChoiceField(choices=[(RecheckEntry.Result.CONFIRMED, _("资料属实")),
                                        (RecheckEntry.Result.FALSE_DATA, _("资料不实"))])
    note = forms.CharField(required=False, max_length=300)


class AgencyEditForm(forms.Form):
    """The agency's code is fixed once registered; only the name changes."""

    name = forms.CharField(label=_("机构名称"), max_length=200,
                           widget=forms.TextInput(attrs=_INPUT))


class AgentEditForm(forms.Form):
    """The agent's code (工号) is fixed once registered (imports and reports refer to it)."""

    name = forms.CharField(label=_("姓名"), max_length=50, widget=forms.TextInput(attrs=_INPUT))
    kind = forms.ChoiceField(label=_("类别"), choices=Agent.Kind.choices,
                             widget=forms.Select(attrs=_SELECT))
    agency = forms.ChoiceField(label=_("代理机构"), required=False,
                               widget=forms.Select(attrs=_SELECT))

    def __init__(self, *args: Any, agencies: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("(无,个人代理)")), *(agencies or [])]  # type: ignore[attr-defined]


class AgentForm(AgentEditForm):
    """A new agent: its code (工号) and the fields that can be edited later."""

    field_order = ["code", "name", "kind", "agency"]

    code = forms.CharField(label=_("代理人工号"), max_length=30,
                           widget=forms.TextInput(attrs=_INPUT))


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), required=False, max_length=300,
                             widget=forms.Textarea(attrs={**_INPUT, "rows": 2}))
    reason.policy_required = True  # type: ignore[attr-defined]  # checked by the service


class ReactivateForm(forms.Form):
    reason = forms.CharField(label=_("启用说明(可不填)"), required=False, max_length=300,
                             widget=forms.TextInput(attrs=_INPUT))
