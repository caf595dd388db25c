"""Serializers of the carriers API: output shapes, and input checked for type and form.

No serializer writes: validated data goes to the services in baomi.carriers.services,
which apply the policy (R-CLS-*, R-ACC-*).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baomi.carriers.models import Carrier, CarrierCopy
from baomi.carriers.selectors import carrier_scope_people
from baomi.people.api import (
    MAX_ID,
    PersonBriefSerializer,
    PersonRefField,
    UnitBriefSerializer,
)
from baomi.policy.classification import mark_for
from baomi.policy.labels import level_label
from baomi.policy.runtime import get_policy


def _check_level(value: str) -> None:
    if value and value not in get_policy().level_codes():
        raise serializers.ValidationError(
            _("未知密级 {value}(可选: {codes})").format(
                value=value[:30], codes=", ".join(get_policy().level_codes())))


def _check_rank(value: str) -> None:
    if value and value not in get_policy().rank_codes():
        raise serializers.ValidationError(
            _("未知职级 {value}(可选: {codes})").format(
                value=value[:30], codes=", ".join(get_policy().rank_codes())))


# --- output ---------------------------------------------------------------------------
def _mark(carrier: Carrier) -> dict[str, str]:
    try:
        mark = mark_for(carrier.level, controlled=carrier.controlled)
    except KeyError:
        return {"text": "", "placement": "none"}
    return {"text": mark.text, "placement": mark.placement}


class MarkSerializer(serializers.Serializer):  # type: ignore[type-arg]
    text = serializers.CharField(help_text="R-CLS-7")
    placement = serializers.CharField()


class CarrierListSerializer(serializers.ModelSerializer[Carrier]):
    title = serializers.CharField(
        source="shown_title", read_only=True,
        help_text="the title, or (标题不可见) above the viewer's clearance (R-ACC-4)")
    sight = serializers.ChoiceField(
        choices=["full", "metadata"], read_only=True,
        help_text="full, or metadata only for a supervisor or auditor not in scope (R-ACC-4)")
    department = UnitBriefSerializer(read_only=True)
    drafter = PersonBriefSerializer(read_only=True)
    confirmer = PersonBriefSerializer(read_only=True, allow_null=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    level_label = serializers.SerializerMethodField()

    class Meta:
        model = Carrier
        fields: tuple[str, ...] = ("id", "number", "title", "sight", "kind", "kind_label", "level", "level_label",
                  "status", "status_label", "scope_rank", "term_years", "department",
                  "drafter", "confirmer", "created_at", "confirmed_at")
        read_only_fields: tuple[str, ...] = fields

    def get_level_label(self, carrier: Carrier) -> str:
        return level_label(carrier.level)


class CarrierDetailSerializer(CarrierListSerializer):
    mark = serializers.SerializerMethodField()
    scope = serializers.SerializerMethodField(help_text="people named in the scope (R-ACC-2)")

    class Meta(CarrierListSerializer.Meta):
        fields = (*CarrierListSerializer.Meta.fields, "category", "reason", "term_ends",
                  "controlled", "copies_planned", "return_note", "mark", "scope",
                  "updated_at")
        read_only_fields = fields

    @extend_schema_field(MarkSerializer)
    def get_mark(self, carrier: Carrier) -> dict[str, str]:
        return _mark(carrier)

    @extend_schema_field(PersonBriefSerializer(many=True))
    def get_scope(self, carrier: Carrier) -> list[dict[str, Any]]:
        people = carrier_scope_people(carrier=carrier).order_by("staff_no")
        return list(PersonBriefSerializer(people, many=True).data)


class CarrierMetadataSerializer(CarrierListSerializer):
    """What a supervisor or auditor not in scope reads of one carrier (decision 0006): no
    定密依据/理由, no named scope, no return note, no files."""

    mark = serializers.SerializerMethodField()

    class Meta(CarrierListSerializer.Meta):
        fields = (*CarrierListSerializer.Meta.fields, "term_ends", "copies_planned", "mark")
        read_only_fields = fields

    @extend_schema_field(MarkSerializer)
    def get_mark(self, carrier: Carrier) -> dict[str, str]:
        return _mark(carrier)


class CopySerializer(serializers.ModelSerializer[CarrierCopy]):
    custodian = PersonBriefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = CarrierCopy
        fields = ("copy_no", "custodian", "status", "status_label", "created_at")
        read_only_fields = fields


class CarrierPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField(help_text="carriers the viewer may see, all pages")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CarrierListSerializer(many=True)


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    detail = serializers.CharField()
    # a declared field named "fields" (popped by the metaclass, so Serializer.fields stays)
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="messages per input field")


class DenialSerializer(serializers.Serializer):  # type: ignore[type-arg]
    rule = serializers.CharField(help_text="rule id, e.g. R-CLS-3")
    clause = serializers.CharField(help_text="the regulation's clause, in Chinese")
    detail = serializers.CharField(required=False)


class NotFoundSerializer(serializers.Serializer):  # type: ignore[type-arg]
    detail = serializers.CharField()


# --- input ----------------------------------------------------------------------------
class CarrierFilterSerializer(serializers.Serializer):  # type: ignore[type-arg]
    level = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                  validators=[_check_level], help_text="level code")
    kind = serializers.ChoiceField(choices=Carrier.Kind.choices, required=False,
                                   allow_blank=True)
    status = serializers.ChoiceField(choices=Carrier.Status.choices, required=False,
                                     allow_blank=True)
    department = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                          help_text="department (org unit) id")
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="text in the title or number")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class CarrierDraftSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Carrier.Kind.choices)
    level = serializers.CharField(max_length=20, validators=[_check_level])
    confirmer = PersonRefField(help_text="who confirms (R-CLS-3): id or staff number")
    category = serializers.CharField(required=False, allow_blank=True, max_length=120,
                                     default="")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                   default="")
    term_years = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                          max_value=100, default=None)
    scope_rank = serializers.CharField(required=False, allow_null=True, max_length=20,
                                       default=None, validators=[_check_rank])
    named_people = serializers.ListField(child=PersonRefField(), required=False, default=list,
                                         max_length=500,
                                         help_text="people directly concerned (R-ACC-2)")
    copies_planned = serializers.IntegerField(required=False, min_value=1, max_value=10000,
                                              default=1)
    controlled = serializers.BooleanField(required=False, default=False)


class CarrierConfirmSerializer(serializers.Serializer):  # type: ignore[type-arg]
    level = serializers.CharField(required=False, max_length=20, validators=[_check_level],
                                  help_text="the level settled, if not the one proposed")
    term_years = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                          max_value=100)
    scope_rank = serializers.CharField(required=False, max_length=20,
                                       validators=[_check_rank])
    category = serializers.CharField(required=False, allow_blank=True, max_length=120)


class CarrierReturnSerializer(serializers.Serializer):  # type: ignore[type-arg]
    note = serializers.CharField(max_length=500, help_text="退回意见")


class CarrierWithdrawSerializer(serializers.Serializer):  # type: ignore[type-arg]
    reason = serializers.CharField(max_length=500, help_text="作废原因")


class CarrierResubmitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    title = serializers.CharField(required=False, max_length=200)
    level = serializers.CharField(required=False, max_length=20, validators=[_check_level])
    term_years = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                          max_value=100)
    category = serializers.CharField(required=False, allow_blank=True, max_length=120)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    confirmer = PersonRefField(required=False)
