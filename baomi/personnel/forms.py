"""Forms of the personnel pages: input validation only (the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.people.models import Clearance
from baomi.personnel.models import Agreement, CommitmentArchive, Sanction, TrustReview


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


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class TemplateForm(_Styled):
    """A new version of the commitment text: one clause per line (R-PPL-1)."""

    clauses = forms.CharField(label=_("基本条款(每行一条,须含篇十的八条)"),
                              widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000)
    extra_CORE = forms.CharField(label=_("核心涉密人员补充条款"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)
    extra_IMPORTANT = forms.CharField(label=_("重要涉密人员补充条款"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}),
                                      max_length=5_000)
    extra_GENERAL = forms.CharField(label=_("一般涉密人员补充条款"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}), max_length=5_000)

    def clause_list(self) -> list[str]:
        return _lines(self.cleaned_data["clauses"])

    def extra(self) -> dict[str, list[str]]:
        return {code: _lines(self.cleaned_data[f"extra_{code}"])
                for code in ("CORE", "IMPORTANT", "GENERAL")
                if _lines(self.cleaned_data[f"extra_{code}"])}


class AgreementForm(_Styled):
    status = forms.ChoiceField(label=_("签订情况"), choices=Agreement.Status.choices)
    number = forms.CharField(label=_("协议编号"), max_length=50, required=False)


#: the inputs of a trust rating (篇十 机制一: 政治、品行、社会关系、遵守保密制度)
#: (field, the key stored in TrustReview.inputs — the Chinese term, not translated)
REVIEW_INPUTS = (("politics", "政治表现"), ("conduct", "品行与工作表现"),
                 ("relations", "社会关系与境外联系"), ("compliance", "遵守保密制度"))


class ReviewForm(_Styled):
    rating = forms.ChoiceField(label=_("信用评级"), choices=TrustReview.Rating.choices)
    reviewed_on = forms.DateField(label=_("评审日期"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    politics = forms.CharField(label=_("政治表现"), max_length=200, required=False)
    conduct = forms.CharField(label=_("品行与工作表现"), max_length=200, required=False)
    relations = forms.CharField(label=_("社会关系与境外联系"), max_length=200, required=False)
    compliance = forms.CharField(label=_("遵守保密制度"), max_length=200, required=False)
    note = forms.CharField(label=_("意见"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def inputs(self) -> dict[str, str]:
        return {term: self.cleaned_data[key] for key, term in REVIEW_INPUTS
                if self.cleaned_data[key]}


class SanctionForm(_Styled):
    kind = forms.ChoiceField(label=_("类别"), choices=Sanction.Kind.choices)
    reason = forms.CharField(label=_("事由"), max_length=200)
    amount = forms.DecimalField(label=_("金额(元)"), min_value=0, max_digits=10,
                                decimal_places=2, required=False)
