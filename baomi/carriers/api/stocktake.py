"""Stock-take (清点) API: list and start, one stock-take with its lines (metadata only,
R-ACC-4). Denials are 403 {rule, clause}; a stock-take the viewer may not read is 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.carriers import stocktake as st
from baomi.carriers.api.carriers import body, validated
from baomi.carriers.models import StockTake, StockTakeItem
from baomi.core.api import IDEMPOTENCY_KEY, ApiChannelMixin, replay_headers
from baomi.core.errors import ApplicationError
from baomi.core.once import api_key, create_once
from baomi.people.api import IsPerson, request_person
from baomi.people.selectors import departments

if TYPE_CHECKING:
    from rest_framework.request import Request

PAGE = 100


class StockTakeSerializer(serializers.ModelSerializer[StockTake]):
    department = serializers.CharField(source="department.code")
    started_by = serializers.CharField(source="started_by.staff_no")

    class Meta:
        model = StockTake
        fields = ["id", "department", "started_by", "started_at", "status", "closed_at",
                  "note", "expected", "found", "missing", "unexpected"]


class StockTakeItemSerializer(serializers.ModelSerializer[StockTakeItem]):
    custodian = serializers.SerializerMethodField()

    class Meta:
        model = StockTakeItem
        fields = ["id", "carrier_number", "copy_no", "level", "custodian", "expected",
                  "result", "checked_at", "note", "incident_ref"]

    def get_custodian(self, item: StockTakeItem) -> str | None:
        return item.custodian.staff_no if item.custodian else None


class StartSerializer(serializers.Serializer[Any]):
    department = serializers.CharField(max_length=40, help_text="部门代码")


class StockTakeApiView(ApiChannelMixin, APIView):
    permission_classes = (permissions.IsAuthenticated, IsPerson)
    parser_classes = (JSONParser,)


class StockTakeListView(StockTakeApiView):
    @extend_schema(operation_id="stocktakes_list", summary="清点 / stock-takes",
                   responses={200: StockTakeSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = st.stocktakes_for(viewer=request_person(request))[:PAGE]
        return Response(StockTakeSerializer(rows, many=True).data)

    @extend_schema(operation_id="stocktakes_start", summary="开始清点 / start a stock-take",
                   parameters=[IDEMPOTENCY_KEY], request=StartSerializer, responses={201: StockTakeSerializer})
    def post(self, request: Request) -> Response:
        me = request_person(request)
        key = api_key(request)
        data = validated(StartSerializer, body(request))
        unit = departments().filter(code=data["department"]).first()
        if unit is None:
            raise ApplicationError(_("请更正标出的字段"), fields={"department": [_("没有这个部门")]})
        made = create_once(actor=me, key=key, scope="stocktake.start",
                           create=lambda: st.stocktake_start(actor=me, department=unit))
        return Response(StockTakeSerializer(made.record).data, status=status.HTTP_201_CREATED,
                        headers=replay_headers(made))


class StockTakeDetailView(StockTakeApiView):
    @extend_schema(operation_id="stocktakes_detail", summary="清点明细 / one stock-take",
                   responses={200: StockTakeSerializer})
    def get(self, request: Request, pk: int) -> Response:
        take = st.stocktake_get(viewer=request_person(request), pk=pk)
        items = st.stocktake_items(stocktake=take)
        return Response({**StockTakeSerializer(take).data,
                         "items": StockTakeItemSerializer(items, many=True).data})
