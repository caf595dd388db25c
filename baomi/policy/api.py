"""GET /api/policy/: the policy in force (levels, ranks, clearances, categories, sha256)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.core.api import ApiChannelMixin, IsPerson
from baomi.policy.runtime import get_policy
from baomi.policy.selectors import policy_as_dict

if TYPE_CHECKING:
    from rest_framework.request import Request


class LevelSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    weight = serializers.IntegerField()
    max_term_years = serializers.IntegerField(help_text="0: no fixed term (R-CLS-5)")
    scope_rank = serializers.CharField(help_text="lowest rank in the default scope (R-ACC-2)")
    confirm_ranks = serializers.ListField(child=serializers.CharField(),
                                          help_text="who confirms (R-CLS-3)")
    confirm_same_department = serializers.BooleanField()
    view_approver_ranks = serializers.ListField(child=serializers.CharField(),
                                                help_text="R-DOC-4")
    copy_allowed = serializers.BooleanField(help_text="R-DOC-5")
    copy_approver_ranks = serializers.ListField(child=serializers.CharField())
    mark = serializers.CharField(allow_blank=True, help_text="R-CLS-7")
    controlled_mark = serializers.CharField(allow_blank=True)
    mark_placement = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())


class RankSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    order = serializers.IntegerField(help_text="0 = highest")


class ClearanceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    max_weight = serializers.IntegerField()
    levels = serializers.ListField(child=serializers.CharField(),
                                   help_text="levels this clearance may know (R-ACC-1)")


class PolicySerializer(serializers.Serializer):  # type: ignore[type-arg]
    organisation = serializers.DictField(child=serializers.CharField())
    sha256 = serializers.CharField()
    levels = LevelSerializer(many=True)
    ranks = RankSerializer(many=True)
    clearances = ClearanceSerializer(many=True)
    categories = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    remind_days_before_end = serializers.IntegerField()
    max_copies_per_carrier = serializers.IntegerField()


class PolicyView(ApiChannelMixin, APIView):
    """The policy in force: levels (R-CLS-1/3/5/7, R-ACC-2, R-DOC-4/5), ranks,
    clearances, categories (R-CLS-4) and the file's SHA-256."""

    permission_classes = (permissions.IsAuthenticated, IsPerson)

    @extend_schema(operation_id="policy_retrieve", responses=PolicySerializer,
                   summary="正在施行的保密策略 / the policy in force")
    def get(self, request: Request) -> Response:
        return Response(PolicySerializer(policy_as_dict(get_policy())).data)
