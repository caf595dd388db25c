"""Forms of the carrier pages. They shape input; every rule is decided by the services.

Choices come from the policy file (levels, ranks, categories) and from the selectors
(departments, confirmer candidates). A rule the service refuses comes back as
ApplicationError.fields and is shown on the field it names (`show_errors`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import Carrier
from baomi.carriers.selectors import CarrierFilters, confirmer_candidates
from baomi.people.models import Person
from baomi.people.selectors import active_people, departments
from baomi.policy import classification as cls
from baomi.policy.labels import level_label, rank_label
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Mapping

    from baomi.core.errors import ApplicationError
    from baomi.policy.document import LevelSpec


def _chosen_level(data: Mapping[str, Any] | None, carrier: Carrier,
                  level: str) -> tuple[list[LevelSpec], str, bool]:
    """The kind's levels, the level the form settles on, and whether it changed."""
    levels = get_policy().levels_for_kind(carrier.kind)
    codes = {spec.code for spec in levels}
    if data is not None:
        level = str(data.get("level", ""))
    changed = bool(level) and level != carrier.level and level in codes
    return levels, (level if level in codes else carrier.level), changed


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, `is-invalid` on every field with an error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        if field and field in self.fields:
            widget = self.fields[field].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"

    def show_errors(self, error: ApplicationError) -> None:
        """Put a service's field messages on the fields they name (rule of the house 4)."""
        for name, messages in error.fields.items():
            target = name if name in self.fields else None
            for message in messages:
                known = target or name == "__all__"
                self.add_error(target, message if known else f"{name}: {message}")
        if not error.fields:
            self.add_error(None, error.message)


def _choices(form: forms.Form, name: str, choices: Any) -> None:
    cast("forms.ChoiceField", form.fields[name]).choices = choices


def _widget_choices(form: forms.Form, name: str, choices: Any) -> None:
    cast("forms.Select", form.fields[name].widget).choices = choices


def _queryset(form: forms.Form, name: str, queryset: Any) -> None:
    cast("forms.ModelChoiceField[Any]", form.fields[name]).queryset = queryset


def _level_choices(levels: list[LevelSpec]) -> list[tuple[str, str]]:
    return [(spec.code, level_label(spec.code)) for spec in levels]


def _rank_choices(default: str | None = None) -> list[tuple[str, str]]:
    choices = []
    for spec in get_policy().ranks:
        label = rank_label(spec.code)
        if spec.code == default:
            label = gettext("%(rank)s及以上(默认)") % {"rank": label}
        else:
            label = gettext("%(rank)s及以上") % {"rank": label}
        choices.append((spec.code, label))
    return choices


def _category_choices(level: str) -> list[tuple[str, str]]:
    categories = get_policy().categories.get(level, ())
    return [("", gettext("— 请选择定密依据 —")), *((c, c) for c in categories)]


def _mark_category(form: forms.Form, level: str) -> None:
    """The policy lists categories for this level: the service will ask for one (R-CLS-4).

    The form leaves the check to the service (its message names the rule); the label
    only shows the field is needed.
    """
    form.fields["category"].policy_required = bool(  # type: ignore[attr-defined]
        get_policy().categories.get(level))


def _person_label(person: Person) -> str:
    return f"{person.name} · {person.get_rank_display()} · {person.unit.name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


# --- list filters ---------------------------------------------------------------------

class CarrierFilterForm(BootstrapForm):
    """GET filters of the ledger. Invalid values are reported and ignored, never a 500."""

    text = forms.CharField(label=_("关键词"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"placeholder": _("编号或名称"),
                                                         "type": "search"}))
    level = forms.ChoiceField(label=_("密级"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    department = forms.TypedChoiceField(label=_("部门"), required=False, coerce=int,
                                        empty_value=None)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data or None)
        policy = get_policy()
        _choices(self, "level", [("", _("全部密级")), *_level_choices(list(policy.levels))])
        _choices(self, "kind", [("", _("全部类型")), *Carrier.Kind.choices])
        _choices(self, "status", [("", _("全部状态")), *Carrier.Status.choices])
        _choices(self, "department", [
            ("", _("全部部门")), *((str(unit.pk), unit.name) for unit in departments())])

    def filters(self) -> CarrierFilters:
        """The valid part of the input; fields with an error are left out."""
        if not self.is_bound:
            return CarrierFilters()
        self.is_valid()
        data = self.cleaned_data
        return CarrierFilters(level=data.get("level") or "", kind=data.get("kind") or "",
                              status=data.get("status") or "",
                              department=data.get("department"),
                              text=data.get("text") or "")


# --- draft ------------------------------------------------------------------------------

def default_level(kind: str, me: Person) -> str:
    """The lowest classified level with a term that the drafter may know (e.g. 秘密)."""
    policy = get_policy()
    levels = policy.levels_for_kind(kind)
    mine = set(policy.levels_within(me.clearance))
    termed = [spec for spec in levels if spec.max_term_years and spec.code in mine]
    if termed:
        return min(termed, key=lambda spec: spec.weight).code
    return levels[-1].code if levels else ""


def _htmx_refresh(url: str, target: str, include: str) -> dict[str, str]:
    return {"hx-get": url, "hx-target": target, "hx-swap": "outerHTML",
            "hx-include": include, "hx-trigger": "change"}


class CarrierDraftForm(BootstrapForm):
    """拟制 (R-CLS-2, R-CLS-4). Level, category and confirmer depend on kind and level."""

    title = forms.CharField(label=_("名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=Carrier.Kind.choices)
    level = forms.ChoiceField(
        label=_("密级"),
        error_messages={"invalid_choice": _("R-CLS-1: 此类载体不能定为该密级")})
    category = forms.CharField(label=_("定密依据"), required=False, max_length=120,
                               widget=forms.Select)
    reason = forms.CharField(label=_("定密理由"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    term_years = forms.IntegerField(label=_("保密期限(年)"), required=False, min_value=0,
                                    max_value=100)
    scope_rank = forms.ChoiceField(label=_("知悉范围(职级)"))
    named_people = PeopleChoiceField(
        label=_("知悉人员(与内容直接有关)"), required=False, queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    confirmer = PersonChoiceField(
        label=_("定密人"), queryset=Person.objects.none(), empty_label=_("— 请选择定密人 —"),
        error_messages={"invalid_choice": _("R-CLS-3: 所选人员不能确认该密级")})
    copies_planned = forms.IntegerField(label=_("份数"), min_value=1, initial=1)
    controlled = forms.BooleanField(label=_("受控文件"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, me: Person,
                 kind: str = "", level: str = "", confirmer: str = "") -> None:
        if data is not None:
            kind, level = str(data.get("kind", "")), str(data.get("level", ""))
        if kind not in Carrier.Kind.values:
            kind = Carrier.Kind.DOCUMENT
        policy = get_policy()
        levels = policy.levels_for_kind(kind)
        if level not in {spec.code for spec in levels}:
            level = default_level(kind, me)
        self.kind_value, self.level_value = kind, level
        initial = {"kind": kind, "level": level, "term_years": cls.term_for(level),
                   "scope_rank": cls.default_scope_rank(level), "copies_planned": 1,
                   "confirmer": confirmer}
        super().__init__(data, initial=initial)
        _choices(self, "level", _level_choices(levels))
        _widget_choices(self, "category", _category_choices(level))
        _mark_category(self, level)
        _choices(self, "scope_rank", _rank_choices(cls.default_scope_rank(level)))
        _queryset(self, "named_people", active_people().exclude(id=me.id))
        _queryset(self, "confirmer", confirmer_candidates(
            level=level, department_id=me.unit_id, exclude=me.id))
        refresh = _htmx_refresh(reverse("carriers:draft"), "#classification",
                                "[name=kind],[name=level],[name=confirmer]")
        self.fields["kind"].widget.attrs.update(refresh)
        self.fields["level"].widget.attrs.update(refresh)
        self.fields["term_years"].help_text = self._term_help(level)

    @staticmethod
    def _term_help(level: str) -> str:
        spec = get_policy().level(level)
        if spec.max_term_years:
            return gettext("%(level)s级不超过 %(years)s 年") % {
                "level": level_label(level), "years": spec.max_term_years}
        return gettext("%(level)s级不设保密期限") % {"level": level_label(level)}

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"], "kind": data["kind"], "level": data["level"],
            "confirmer": data["confirmer"], "category": data["category"] or "",
            "reason": data["reason"] or "", "term_years": data["term_years"],
            "scope_rank": data["scope_rank"], "named_people": list(data["named_people"]),
            "copies_planned": data["copies_planned"], "controlled": data["controlled"],
        }


# --- confirm, return, resubmit -------------------------------------------------------

class CarrierConfirmForm(BootstrapForm):
    """定密确认 (R-CLS-3): the confirmer may settle level, term, scope and category."""

    level = forms.ChoiceField(label=_("密级"))
    category = forms.CharField(label=_("定密依据"), required=False, max_length=120,
                               widget=forms.Select)
    term_years = forms.IntegerField(label=_("保密期限(年)"), required=False, min_value=0,
                                    max_value=100)
    scope_rank = forms.ChoiceField(label=_("知悉范围(职级)"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, carrier: Carrier,
                 level: str = "") -> None:
        levels, level, changed = _chosen_level(data, carrier, level)
        self.level_value = level
        initial: dict[str, Any] = {"level": level}
        if changed:  # the defaults of the newly chosen level
            initial.update(term_years=cls.term_for(level),
                           scope_rank=cls.default_scope_rank(level), category="")
        else:
            initial.update(term_years=carrier.term_years, scope_rank=carrier.scope_rank,
                           category=carrier.category)
        super().__init__(data, initial=initial)
        _choices(self, "level", _level_choices(levels))
        _widget_choices(self, "category", _category_choices(level))
        _mark_category(self, level)
        _choices(self, "scope_rank", _rank_choices(cls.default_scope_rank(level)))
        self.fields["level"].widget.attrs.update(_htmx_refresh(
            reverse("carriers:confirm", args=[carrier.pk]), "#confirm-fields", "[name=level]"))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"level": data["level"], "term_years": data["term_years"],
                "scope_rank": data["scope_rank"] or None,
                "category": data["category"] or None}


class CarrierReturnForm(BootstrapForm):
    note = forms.CharField(label=_("退回意见"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))


class CarrierResubmitForm(BootstrapForm):
    """The drafter revises a returned draft (退回修改) and submits it again."""

    title = forms.CharField(label=_("名称"), max_length=200)
    level = forms.ChoiceField(label=_("密级"))
    category = forms.CharField(label=_("定密依据"), required=False, max_length=120,
                               widget=forms.Select)
    term_years = forms.IntegerField(label=_("保密期限(年)"), required=False, min_value=0,
                                    max_value=100)
    reason = forms.CharField(label=_("定密理由"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    confirmer = PersonChoiceField(
        label=_("定密人"), queryset=Person.objects.none(), empty_label=_("— 请选择定密人 —"),
        error_messages={"invalid_choice": _("R-CLS-3: 所选人员不能确认该密级")})

    def __init__(self, data: Mapping[str, Any] | None = None, *, carrier: Carrier, me: Person,
                 level: str = "") -> None:
        levels, level, changed = _chosen_level(data, carrier, level)
        self.level_value = level
        initial: dict[str, Any] = {
            "title": carrier.title, "level": level, "reason": carrier.reason,
            "term_years": cls.term_for(level) if changed else carrier.term_years,
            "category": "" if changed else carrier.category,
            "confirmer": carrier.confirmer_id,
        }
        super().__init__(data, initial=initial)
        _choices(self, "level", _level_choices(levels))
        _widget_choices(self, "category", _category_choices(level))
        _mark_category(self, level)
        _queryset(self, "confirmer", confirmer_candidates(
            level=level, department_id=carrier.department_id, exclude=me.id))
        self.fields["level"].widget.attrs.update(_htmx_refresh(
            reverse("carriers:resubmit", args=[carrier.pk]), "#resubmit-fields",
            "[name=level],[name=confirmer]"))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "level": data["level"],
                "term_years": data["term_years"], "category": data["category"] or None,
                "reason": data["reason"], "confirmer": data["confirmer"]}
