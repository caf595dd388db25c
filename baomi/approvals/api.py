"""The approvals API: my requests (list, submit), one request, approve / reject, inbox.

Denials are 403 {rule, clause}; a request or carrier the viewer may not see is 404; bad
input is 400 with field messages (baomi.core.api).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.approvals import serializers as s
from baomi.approvals.actions import request_actions
from baomi.approvals.selectors import my_inbox, my_requests, request_get
from baomi.approvals.services import request_submit, step_decide
from baomi.carriers.api import body, carrier_pk, validated
from baomi.carriers.ledger import available_copies
from baomi.carriers.selectors import carrier_get
from baomi.core.api import IDEMPOTENCY_KEY, ApiChannelMixin, replay_headers
from baomi.core.errors import ApplicationError
from baomi.core.once import api_key, create_once
from baomi.people.api import IsPerson, request_person
from baomi.people.selectors import person_by_staff_no

if TYPE_CHECKING:
    from rest_framework.request import Request

    from baomi.people.models import Person

PAGE = 100


def _detail(me: Person, pk: int) -> dict[str, Any]:
    """One request as the viewer sees it, with the actions they may take (`actions`)."""
    req = request_get(viewer=me, pk=pk)
    return s.RequestDetailSerializer(
        req, context={"actions": request_actions(viewer=me, request=req)}).data


class ApprovalApiView(ApiChannelMixin, APIView):
    permission_classes = (permissions.IsAuthenticated, IsPerson)
    parser_classes = (JSONParser,)


class RequestListView(ApprovalApiView):
    @extend_schema(operation_id="approvals_list", summary="我的申请 / my requests",
                   responses={200: s.RequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        me = request_person(request)
        rows = my_requests(viewer=me)[:PAGE]
        return Response(s.RequestSerializer(rows, many=True).data)

    @extend_schema(operation_id="approvals_submit", summary="提出申请 / submit a request",
                   description="An `Idempotency-Key` header makes a retry with the same key "
                               "return the request the first call made; a second pending "
                               "request for the same carrier and kind is refused (400, "
                               "`existing`) (docs/decisions/0005).",
                   parameters=[IDEMPOTENCY_KEY],
                   request=s.RequestInputSerializer, responses={201: s.RequestDetailSerializer})
    def post(self, request: Request) -> Response:
        me = request_person(request)
        key = api_key(request)
        data = validated(s.RequestInputSerializer, body(request))
        carrier = carrier_get(viewer=me, pk=carrier_pk(data["carrier"]))
        copy = None
        if data.get("copy"):
            copy = available_copies(carrier=carrier).filter(pk=data["copy"]).first()
            if copy is None:
                raise ApplicationError(_("请更正标出的字段"), fields={"copy": [_("没有这一份")]})
        recipient = None
        if data.get("recipient"):
            recipient = person_by_staff_no(data["recipient"])
            if recipient is None:
                raise ApplicationError(_("请更正标出的字段"), fields={"recipient": [_("没有这个人员")]})
        made = create_once(actor=me, key=key, scope="approval.submit", create=lambda: request_submit(
            actor=me, kind=data["kind"], carrier=carrier, reason=data["reason"], copy=copy,
            due_back=data.get("due_back"), count=data["count"], recipient=recipient,
            party=data["party"], nda_signed=data["nda_signed"], nda_ref=data["nda_ref"],
            new_level=data["new_level"], new_term_years=data.get("new_term_years")))
        return Response(_detail(me, made.record.pk), status=status.HTTP_201_CREATED,
                        headers=replay_headers(made))


class InboxView(ApprovalApiView):
    @extend_schema(operation_id="approvals_inbox", summary="待我审批 / waiting for me",
                   responses={200: s.RequestSerializer(many=True)})
    def get(self, request: Request) -> Response:
        me = request_person(request)
        rows = [step.request for step in my_inbox(viewer=me)[:PAGE]]
        return Response(s.RequestSerializer(rows, many=True).data)


class RequestDetailView(ApprovalApiView):
    @extend_schema(operation_id="approvals_detail", summary="审批单 / one request",
                   responses={200: s.RequestDetailSerializer})
    def get(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        return Response(_detail(me, carrier_pk(pk)))


class DecideView(ApprovalApiView):
    decision = "APPROVE"

    @extend_schema(request=s.DecideInputSerializer, responses={200: s.RequestDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        req = request_get(viewer=me, pk=carrier_pk(pk))
        data = validated(s.DecideInputSerializer, body(request))
        step_decide(actor=me, request=req, decision=self.decision, reason=data["reason"],
                    password=data["password"])
        return Response(_detail(me, req.pk))


class ApproveView(DecideView):
    decision = "APPROVE"


class RejectView(DecideView):
    decision = "REJECT"
