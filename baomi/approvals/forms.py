"""Forms of the approval pages: they read and type-check input, never decide policy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.approvals.models import ApprovalRequest
from baomi.carriers.ledger import RegisterFilters
from baomi.people.models import Person
from baomi.policy.labels import level_label
from baomi.policy.runtime import get_policy

#: the fields each kind of request asks for, beyond the reason
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "BORROW": ("copy", "due_back"),
    "COPY": ("count",),
    "PRINT": ("count",),
    "DISTRIBUTE": ("copy", "recipient"),
    "NETWORK": (),
    "EXTERNAL": ("copy", "party", "nda_signed", "nda_ref"),
    "DESTROY": ("copy",),
    "DECLASSIFY": (),
    "EXTEND": ("new_term_years",),
    "CHANGE_LEVEL": ("new_level",),
}


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("申请类型"), choices=ApprovalRequest.Kind.choices)
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)
    copy = forms.TypedChoiceField(label=_("份号"), required=False, coerce=int, empty_value=None)
    due_back = forms.DateField(label=_("归还日期"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("份数"), required=False, min_value=1, max_value=10000,
                               initial=1)
    recipient = forms.ModelChoiceField(label=_("收件人"), required=False,
                                       queryset=Person.objects.none())
    party = forms.CharField(label=_("接收单位"), required=False, max_length=200)
    nda_signed = forms.BooleanField(label=_("已与接收方签订保密协议"), required=False)
    nda_ref = forms.CharField(label=_("保密协议编号"), required=False, max_length=100)
    new_level = forms.ChoiceField(label=_("新密级"), required=False)
    new_term_years = forms.IntegerField(label=_("新保密期限(年)"), required=False,
                                        min_value=1, max_value=100)

    def __init__(self, *args: Any, copies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy"].choices = [("", _("(自动选择)"))] + copies  # type: ignore[attr-defined]
        self.fields["recipient"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(status=Person.Status.ACTIVE).select_related("unit")
            .order_by("unit__sort", "staff_no"))
        self.fields["new_level"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (lv.code, level_label(lv.code)) for lv in get_policy().levels]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def shown(self, kind: str) -> list[forms.BoundField]:
        return [self[name] for name in KIND_FIELDS.get(kind, ())]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("APPROVE", _("同意")), ("REJECT", _("驳回"))])
    reason = forms.CharField(label=_("理由"), required=False, max_length=500)
    password = forms.CharField(label=_("登录密码"), required=False, max_length=200,
                               widget=forms.PasswordInput)


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("本人登录密码"), max_length=200,
                               widget=forms.PasswordInput)


class DestroyForm(forms.Form):
    witness = forms.ModelChoiceField(label=_("监销人"), queryset=Person.objects.filter(
        status=Person.Status.ACTIVE))
    witness_password = forms.CharField(label=_("监销人密码"), max_length=200,
                                       widget=forms.PasswordInput)
    method = forms.CharField(label=_("销毁方式"), required=False, max_length=100,
                             initial="碎纸机粉碎")


class LossForm(forms.Form):
    note = forms.CharField(label=_("情况说明"), max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RegisterFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("密级"), required=False)
    start = forms.DateField(label=_("起始日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("编号/名称/审批单号"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("全部"))] + [  # type: ignore[attr-defined]
            (lv.code, level_label(lv.code)) for lv in get_policy().levels]

    def filters(self) -> RegisterFilters:
        """Valid values filter; invalid ones are shown on the form and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RegisterFilters(level=data.get("level") or "", start=data.get("start"),
                               end=data.get("end"), text=(data.get("text") or "").strip())


class DelegationForm(forms.Form):
    """授权人 (R-ACC-4): whom, which kinds (the policy's delegable ones the grantor
    approves), until when."""

    delegate = forms.ModelChoiceField(label=_("被授权人"), queryset=Person.objects.none())
    kinds = forms.MultipleChoiceField(
        label=_("授权事项"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    ends_on = forms.DateField(label=_("截止日期"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("授权说明"), required=False, max_length=500)

    def __init__(self, *args: Any, grantor: Person, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(status=Person.Status.ACTIVE).exclude(pk=grantor.pk)
            .select_related("unit").order_by("unit__sort", "staff_no"))
        self.fields["kinds"].choices = [  # type: ignore[attr-defined]
            (k, ApprovalRequest.Kind(k).label) for k in kinds]
        for name in ("delegate", "ends_on", "reason"):
            widget = self.fields[name].widget
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) \
                else "form-control"


class IncidentCloseForm(forms.Form):
    findings = forms.CharField(label=_("调查结论"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
