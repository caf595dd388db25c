"""API shapes of approval requests (input is checked here; the services decide)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baomi.approvals.models import ApprovalRequest, ApprovalSignature, ApprovalStep
from baomi.policy.labels import level_label


class SignatureSerializer(serializers.ModelSerializer[ApprovalSignature]):
    signer = serializers.CharField(source="signer.name")
    on_behalf_of = serializers.CharField(source="on_behalf_of.name", default=None)

    class Meta:
        model = ApprovalSignature
        fields = ("signer", "on_behalf_of", "decision", "reason", "reauthenticated", "at")


class StepSerializer(serializers.ModelSerializer[ApprovalStep]):
    ranks = serializers.ListField(source="rank_list", child=serializers.CharField())
    signatures = SignatureSerializer(many=True)

    class Meta:
        model = ApprovalStep
        fields = ("seq", "role", "ranks", "signatures_required", "rule", "status", "due_at",
                  "decided_at", "signatures")


class RequestSerializer(serializers.ModelSerializer[ApprovalRequest]):
    carrier_number = serializers.CharField(source="carrier.number")
    requester = serializers.CharField(source="requester.staff_no")
    copy_no = serializers.IntegerField(source="copy.copy_no", default=None)
    level_label = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalRequest
        fields = ("id", "number", "kind", "carrier", "carrier_number", "copy_no", "level",
                  "level_label", "requester", "reason", "status", "due_back", "count", "party", "nda_signed",
                  "nda_ref", "new_level", "new_term_years", "created_at", "decided_at",
                  "done_at")

    def get_level_label(self, req: ApprovalRequest) -> str:
        return level_label(req.level)


class ActionSerializer(serializers.Serializer[Any]):
    """One action this viewer may (or may not) take on the request, with its rule."""
    action = serializers.CharField()
    allowed = serializers.BooleanField()
    rule = serializers.CharField()
    clause = serializers.CharField()
    reason = serializers.CharField()


class RequestDetailSerializer(RequestSerializer):
    """One request; `actions` (given in the context as `actions`, from
    `baomi.approvals.actions.request_actions`) lists what the viewer may do with it now."""
    steps = StepSerializer(many=True)
    actions = serializers.SerializerMethodField()

    class Meta(RequestSerializer.Meta):
        fields = (*RequestSerializer.Meta.fields, "steps", "actions")  # type: ignore[assignment]

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, obj: ApprovalRequest) -> list[dict[str, Any]]:
        actions = self.context.get("actions", {})
        return [{"action": name, "allowed": d.allowed, "rule": d.rule, "clause": d.clause,
                 "reason": d.reason_shown} for name, d in actions.items()]


class RequestInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ApprovalRequest.Kind.choices)
    carrier = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(max_length=2000)
    copy = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    due_back = serializers.DateField(required=False)
    count = serializers.IntegerField(required=False, min_value=1, max_value=10000, default=1)
    recipient = serializers.CharField(required=False, max_length=20)
    party = serializers.CharField(required=False, max_length=200, default="")
    nda_signed = serializers.BooleanField(required=False, default=False)
    nda_ref = serializers.CharField(required=False, max_length=100, default="")
    new_level = serializers.CharField(required=False, max_length=20, default="")
    new_term_years = serializers.IntegerField(required=False, min_value=1, max_value=100)


class DecideInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, max_length=500, default="", allow_blank=True)
    password = serializers.CharField(required=False, max_length=200, default="",
                                     allow_blank=True)
