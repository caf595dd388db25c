"""Audit API for auditors (R-ACC-4): checkpoint, RFC 9162 proofs, event metadata search.

    GET /api/audit/checkpoint/                          the newest signed checkpoint
    GET /api/audit/proof/inclusion/?seq=N[&size=M]      inclusion proof of event #N
    GET /api/audit/proof/consistency/?first=A[&second=B] consistency proof A → B
    GET /api/audit/events/?person=&carrier=&action=&date_from=&date_to=  metadata

Proof documents carry base64 hashes in RFC 9162 order (bottom first), the form
`baomi audit_verify --proof` reads. Refusals are 403 {rule, clause}.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.audit.forms import AuditSearchForm
from baomi.audit.selectors import (
    audit_search,
    consistency_proof,
    inclusion_proof,
    latest_checkpoint,
    metadata,
)
from baomi.core.api import ApiChannelMixin, IsPerson, request_person
from baomi.core.errors import ApplicationError
from baomi.core.params import int_param
from baomi.policy.audit_access import may_audit
from baomi.policy.decision import require

if TYPE_CHECKING:
    from rest_framework.request import Request

EVENTS_LIMIT = 200


class CheckpointSerializer(serializers.Serializer):  # type: ignore[type-arg]
    size = serializers.IntegerField()
    root = serializers.CharField(help_text="hex")  # type: ignore[assignment]  # a field
    hash_algorithm = serializers.CharField()
    signature_algorithm = serializers.CharField()
    signed_at = serializers.DateTimeField()
    note = serializers.CharField(help_text="C2SP tlog-checkpoint signed note")


class ProofSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.CharField()
    hash = serializers.CharField()
    proof = serializers.ListField(child=serializers.CharField(), help_text="base64, bottom first")
    leaf_index = serializers.IntegerField(required=False)
    tree_size = serializers.IntegerField(required=False)
    leaf_hash = serializers.CharField(required=False)
    root = serializers.CharField(required=False)  # type: ignore[assignment]  # a field
    first_size = serializers.IntegerField(required=False)
    second_size = serializers.IntegerField(required=False)
    first_root = serializers.CharField(required=False)
    second_root = serializers.CharField(required=False)


class EventSerializer(serializers.Serializer):  # type: ignore[type-arg]
    seq = serializers.IntegerField()
    at = serializers.CharField()
    actor_id = serializers.IntegerField(allow_null=True)
    actor_label = serializers.CharField()
    channel = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField(allow_blank=True)
    target_id = serializers.CharField(allow_blank=True)
    allowed = serializers.BooleanField()
    rule = serializers.CharField(allow_blank=True)
    detail = serializers.DictField(help_text="metadata only (R-ACC-4)")
    leaf_hash = serializers.CharField()


class IsAuditor(permissions.BasePermission):
    """R-ACC-4: the secrecy office and the policy's auditor ranks; refusals are audited."""

    def has_permission(self, request: Any, view: Any) -> bool:
        me = request_person(request)
        require(may_audit(me), actor=me, action="audit.view")
        return True


class AuditApiView(ApiChannelMixin, APIView):
    permission_classes = (permissions.IsAuthenticated, IsPerson, IsAuditor)


class CheckpointView(AuditApiView):
    @extend_schema(operation_id="audit_checkpoint", responses=CheckpointSerializer,
                   summary="最新签名检查点 / newest signed checkpoint")
    def get(self, request: Request) -> Response:
        cp = latest_checkpoint()
        if cp is None:
            return Response({"detail": _("尚无签名检查点")}, status=404)
        return Response(CheckpointSerializer(cp).data)


class InclusionProofView(AuditApiView):
    @extend_schema(operation_id="audit_proof_inclusion", responses=ProofSerializer,
                   parameters=[OpenApiParameter("seq", int, required=True),
                               OpenApiParameter("size", int)],
                   summary="包含证明 / inclusion proof (RFC 9162)")
    def get(self, request: Request) -> Response:
        seq = int_param(request.query_params, "seq", required=True)
        return Response(inclusion_proof(seq=seq or 0, size=int_param(request.query_params, "size")))


class ConsistencyProofView(AuditApiView):
    @extend_schema(operation_id="audit_proof_consistency", responses=ProofSerializer,
                   parameters=[OpenApiParameter("first", int, required=True),
                               OpenApiParameter("second", int)],
                   summary="一致性证明 / consistency proof (RFC 9162)")
    def get(self, request: Request) -> Response:
        first = int_param(request.query_params, "first", required=True)
        return Response(consistency_proof(first=first or 0, second=int_param(request.query_params, "second")))


class EventListView(AuditApiView):
    @extend_schema(operation_id="audit_events", responses=EventSerializer(many=True),
                   parameters=[OpenApiParameter(n, str) for n in
                               ("person", "carrier", "action", "date_from", "date_to")],
                   summary="审计事件元数据 / event metadata (newest first, ≤ 200)")
    def get(self, request: Request) -> Response:
        form = AuditSearchForm(request.query_params)
        if not form.is_valid():
            raise ApplicationError(_("输入有误"), fields={k: [str(m) for m in v]
                                                    for k, v in form.errors.items()})
        events = audit_search(viewer=request_person(request), **form.filters())
        return Response([metadata(e) for e in events[:EVENTS_LIMIT]])
