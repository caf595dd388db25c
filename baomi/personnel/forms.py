"""Forms of the personnel pages: input validation only (the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.people.models import Clearance
from baomi.personnel.models import CommitmentArchive


class _Styled(forms.Form):
    """Bootstrap classes on every widget (the templates render `{{ field }}`)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else \
                "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)


class SignForm(forms.Form):
    password = forms.CharField(label=_("本人密码"), widget=forms.PasswordInput)
    token = forms.CharField(label=_("动态口令或恢复码"), max_length=20)


class TokenForm(forms.Form):
    token = forms.CharField(label=_("动态口令"), max_length=20)


class PostForm(_Styled):
    post = forms.CharField(label=_("岗位"), max_length=100)
    clearance = forms.ChoiceField(label=_("涉密等级"), choices=Clearance.choices)
    technical = forms.BooleanField(label=_("科技人员(须签知识产权保护协议)"), required=False)
    project = forms.CharField(label=_("重大项目"), max_length=100, required=False)
    project_ends = forms.DateField(label=_("项目结束日期"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class ArchiveForm(_Styled):
    copy = forms.ChoiceField(label=_("存档份"), choices=CommitmentArchive.Copy.choices)
    location = forms.CharField(label=_("存放位置"), max_length=100)


class ExitForm(forms.Form):
    reason = forms.CharField(label=_("离岗原因"), max_length=200)


class NotifyForm(_Styled):
    employer = forms.CharField(label=_("新任职单位"), max_length=200)
    notified_on = forms.DateField(label=_("通报日期"),
                                  widget=forms.DateInput(attrs={"type": "date"}))
    ref = forms.CharField(label=_("通报文号/方式"), max_length=100, required=False)
    non_compete = forms.BooleanField(label=_("约定竞业限制"), required=False)
