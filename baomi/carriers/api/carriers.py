"""The carriers API. Views only call selectors (reads, scoped to the viewer) and services
(writes, policy, audit). A carrier the viewer may not see is 404 with the same body as a
carrier that does not exist (R-ACC-1); refusals of actions are 403 with rule and clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from baomi.carriers import serializers as s
from baomi.carriers.selectors import CarrierFilters, carrier_copies, carrier_page
from baomi.carriers.services import (
    carrier_confirm,
    carrier_draft,
    carrier_for_action,
    carrier_resubmit,
    carrier_return,
    carrier_view,
    carrier_withdraw,
)
from baomi.core.api import IDEMPOTENCY_KEY, ApiChannelMixin, replay_headers
from baomi.core.errors import ApplicationError, NotVisible
from baomi.core.once import api_key, create_once
from baomi.people.api import MAX_ID, IsPerson, request_person

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rest_framework.request import Request
    from rest_framework.serializers import Serializer

    from baomi.carriers.models import Carrier

PAGE_SIZE = 50

BAD_INPUT = OpenApiResponse(s.ErrorSerializer, description="bad input, with field messages")
DENIED = OpenApiResponse(s.DenialSerializer, description="refused: rule id and clause")
NOT_FOUND = OpenApiResponse(s.NotFoundSerializer,
                            description="no such carrier, or one the viewer may not see")


def flatten_errors(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"field" or "field.0": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in flatten_errors(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(errors, list):
        for item in errors:
            if isinstance(item, (dict, list)):
                for field, messages in flatten_errors(item, prefix).items():
                    out.setdefault(field, []).extend(messages)
            else:
                out.setdefault(prefix or "non_field_errors", []).append(str(item))
    else:
        out.setdefault(prefix or "non_field_errors", []).append(str(errors))
    return out


def validated(serializer_class: type[Serializer[Any]], data: Any) -> dict[str, Any]:
    """Input checked for type and form, or ApplicationError (400) naming each field."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ApplicationError(_("请更正标出的字段"), fields=flatten_errors(serializer.errors))
    return dict(serializer.validated_data)


def body(request: Request) -> Any:
    """The parsed request body; unreadable JSON is a 400 with a message, never a 500."""
    try:
        return request.data
    except ParseError as exc:
        raise ApplicationError(_("请求正文无法解析"),
                               fields={"non_field_errors": [str(exc.detail)]}) from exc


def carrier_pk(pk: int) -> int:
    """Ids beyond what the database holds exist for nobody (404, not an overflow)."""
    if not 0 < pk <= MAX_ID:
        raise NotVisible
    return pk


def detail_response(carrier: Carrier, code: int = status.HTTP_200_OK,
                    headers: Mapping[str, str] | None = None) -> Response:
    """One carrier as its viewer sees it: in full, or its metadata only (R-ACC-4).

    A carrier a service returns was acted on by someone who sees it in full (the services
    look it up with `carrier_get`), so it is shown in full.
    """
    if not hasattr(carrier, "sight"):
        carrier.sight, carrier.shown_title = "full", carrier.title
    serializer = (s.CarrierDetailSerializer if carrier.sight == "full"
                  else s.CarrierMetadataSerializer)
    return Response(serializer(carrier).data, status=code, headers=headers)


class CarrierApiView(ApiChannelMixin, APIView):
    """Carriers API: session or token login of a person; JSON bodies."""

    permission_classes = (permissions.IsAuthenticated, IsPerson)
    parser_classes = (JSONParser,)


class CarrierListView(CarrierApiView):
    """Carriers the viewer may see (R-ACC-1/2, R-CLS-2), 50 per page, newest first;
    drafting a new one (R-CLS-2/3/4)."""

    @extend_schema(
        operation_id="carriers_list",
        summary="涉密载体列表 / carriers the viewer may see, newest first",
        parameters=[s.CarrierFilterSerializer],
        responses={200: s.CarrierPageSerializer, 400: BAD_INPUT},
    )
    def get(self, request: Request) -> Response:
        viewer = request_person(request)
        params = validated(s.CarrierFilterSerializer, request.query_params)
        filters = CarrierFilters(
            level=params.get("level", ""), kind=params.get("kind", ""),
            status=params.get("status", ""), department=params.get("department"),
            text=params.get("q", "").strip(),
        )
        page = carrier_page(viewer=viewer, filters=filters, page=params.get("page", 1),
                            per_page=PAGE_SIZE)
        url = request.build_absolute_uri()
        previous = None
        if page.has_previous():
            number = page.previous_page_number()
            previous = (remove_query_param(url, "page") if number == 1
                        else replace_query_param(url, "page", number))
        return Response({
            "count": page.paginator.count,
            "next": replace_query_param(url, "page", page.next_page_number())
            if page.has_next() else None,
            "previous": previous,
            "results": s.CarrierListSerializer(list(page.object_list), many=True).data,
        })

    @extend_schema(
        operation_id="carriers_create",
        summary="拟制 / draft a carrier (R-CLS-2): visible to drafter and confirmer only",
        description="An `Idempotency-Key` header makes a retry with the same key return "
                    "the carrier the first call made (docs/decisions/0005).",
        parameters=[IDEMPOTENCY_KEY],
        request=s.CarrierDraftSerializer,
        responses={201: s.CarrierDetailSerializer, 400: BAD_INPUT, 403: DENIED},
    )
    def post(self, request: Request) -> Response:
        actor = request_person(request)
        key = api_key(request)
        data = validated(s.CarrierDraftSerializer, body(request))
        made = create_once(actor=actor, key=key, scope="carrier.draft",
                           create=lambda: carrier_draft(actor=actor, **data))
        carrier = made.record
        location = reverse("api-carrier-detail", kwargs={"pk": carrier.pk})
        return detail_response(carrier, status.HTTP_201_CREATED,
                               replay_headers(made, {"Location": location}))


class CarrierDetailView(CarrierApiView):
    """One carrier. Not found and not visible give the same 404 (R-ACC-1); both the read
    and a refused look-up are audited (R-ACC-6)."""

    @extend_schema(
        operation_id="carriers_retrieve",
        summary="载体详情 / one carrier (the read is audited, R-ACC-6); metadata only for a "
                "supervisor or auditor not in scope (R-ACC-4)",
        responses={200: s.CarrierDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        carrier = carrier_view(viewer=request_person(request), pk=carrier_pk(pk),
                               metadata=True)
        return detail_response(carrier)


class CarrierCopiesView(CarrierApiView):
    """The numbered copies (份号) of a visible carrier, one custodian each (R-DOC-6)."""

    @extend_schema(
        operation_id="carriers_copies_list",
        summary="份号 / the numbered copies of a carrier and their custodians",
        responses={200: s.CopySerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        carrier = carrier_view(viewer=request_person(request), pk=carrier_pk(pk),
                               metadata=True)  # 份号 and custodians are metadata (0006)
        return Response(s.CopySerializer(carrier_copies(carrier=carrier), many=True).data)


class CarrierConfirmView(CarrierApiView):
    """The named confirmer settles level, term, scope and category (R-CLS-3/4/5); a
    drafter never confirms their own draft (R-ACC-4). Refusals are 403 with the rule."""

    @extend_schema(
        operation_id="carriers_confirm",
        summary="定密确认 / confirm the classification (R-CLS-3, R-ACC-4) and issue copies",
        request=s.CarrierConfirmSerializer,
        responses={200: s.CarrierDetailSerializer, 400: BAD_INPUT, 403: DENIED,
                   404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_person(request)
        carrier = carrier_for_action(viewer=actor, pk=carrier_pk(pk))
        data = validated(s.CarrierConfirmSerializer, body(request))
        return detail_response(carrier_confirm(actor=actor, carrier=carrier, **data))


class CarrierReturnView(CarrierApiView):
    """The named confirmer returns a draft to its drafter with a note (R-CLS-2)."""

    @extend_schema(
        operation_id="carriers_return",
        summary="退回修改 / the confirmer sends a draft back with a note",
        request=s.CarrierReturnSerializer,
        responses={200: s.CarrierDetailSerializer, 400: BAD_INPUT, 403: DENIED,
                   404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_person(request)
        carrier = carrier_for_action(viewer=actor, pk=carrier_pk(pk))
        data = validated(s.CarrierReturnSerializer, body(request))
        return detail_response(carrier_return(actor=actor, carrier=carrier, note=data["note"]))


class CarrierResubmitView(CarrierApiView):
    """The drafter revises a returned draft and submits it for confirmation again."""

    @extend_schema(
        operation_id="carriers_resubmit",
        summary="重新提交 / the drafter revises a returned draft and submits it again",
        request=s.CarrierResubmitSerializer,
        responses={200: s.CarrierDetailSerializer, 400: BAD_INPUT, 403: DENIED,
                   404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_person(request)
        carrier = carrier_for_action(viewer=actor, pk=carrier_pk(pk))
        data = validated(s.CarrierResubmitSerializer, body(request))
        return detail_response(carrier_resubmit(actor=actor, carrier=carrier, **data))


class CarrierWithdrawView(CarrierApiView):
    """The drafter withdraws (作废) their own unconfirmed draft (R-CLS-2)."""

    @extend_schema(
        operation_id="carriers_withdraw",
        summary="作废 / the drafter withdraws an unconfirmed draft (R-CLS-2)",
        request=s.CarrierWithdrawSerializer,
        responses={200: s.CarrierDetailSerializer, 400: BAD_INPUT, 403: DENIED,
                   404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = request_person(request)
        carrier = carrier_for_action(viewer=actor, pk=carrier_pk(pk))
        data = validated(s.CarrierWithdrawSerializer, body(request))
        return detail_response(carrier_withdraw(actor=actor, carrier=carrier,
                                                reason=data["reason"]))
