"""The customers API (JSON). Views call selectors and services only; refusals are 403 with
rule and clause, bad input 400 with field messages, a switched-off module 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.carriers.api import BAD_INPUT, DENIED, body, validated
from baomi.carriers.serializers import NotFoundSerializer
from baomi.core.api import IDEMPOTENCY_KEY, ApiChannelMixin, replay_headers
from baomi.core.errors import ApplicationError, NotVisible
from baomi.core.once import api_key, create_once
from baomi.customers import selectors as sel
from baomi.customers.models import Customer, PolicyQuery, SuspiciousItem
from baomi.customers.records import LABELS
from baomi.customers.services.checks import policy_query
from baomi.customers.services.correct import customer_correct
from baomi.customers.services.registry import policy_register
from baomi.people.api import MAX_ID, IsPerson, request_person

if TYPE_CHECKING:
    from rest_framework.request import Request


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    """Masked identifiers only; full numbers are on the page for those who need them."""

    class Meta:
        model = Customer
        fields = ("id", "name", "gender", "birth_date", "id_masked", "phone_masked",
                  "account_masked", "created_at")
        read_only_fields = fields


class CorrectSerializer(serializers.Serializer[Any]):
    """A field left out (or null) is left as it is; "" removes the value where R-CUS-1
    allows (a policyholder keeps a phone and an address)."""

    phone = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                  max_length=40, help_text="电话 (CN; stored E.164)")
    account = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                    max_length=40, help_text="银行账号 (Luhn)")
    address = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                    max_length=300, help_text="联系地址")
    reason = serializers.CharField(allow_blank=True, max_length=500, help_text="更正原因")
    item = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                    max_value=MAX_ID,
                                    help_text="the suspicious item that prompted it")


class RegisterSerializer(serializers.Serializer[Any]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {key: serializers.CharField(required=False, allow_blank=True, max_length=300,
                                           help_text=label) for key, label in LABELS.items()}


class ItemSerializer(serializers.ModelSerializer[SuspiciousItem]):
    number = serializers.CharField(read_only=True)
    customers: serializers.Field[Any, Any, Any, Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True)

    class Meta:
        model = SuspiciousItem
        fields = ("id", "number", "kind", "masked", "scan_date", "listed_on", "due_on",
                  "status", "assignee", "outcome", "customers")
        read_only_fields = fields


class QuerySerializer(serializers.Serializer[Any]):
    policy_number = serializers.CharField(max_length=40)
    asker_name = serializers.CharField(max_length=50)
    asker_id_number = serializers.CharField(max_length=30)
    channel = serializers.ChoiceField(choices=PolicyQuery.Channel.choices)


class CustomersApiView(ApiChannelMixin, APIView):
    permission_classes = (permissions.IsAuthenticated, IsPerson)
    parser_classes = (JSONParser,)


def page_number(request: Request) -> int:
    try:
        return max(1, min(int(request.query_params.get("page", 1)), 10**6))
    except ValueError:
        return 1


def object_id(pk: int) -> int:
    """Ids beyond what the database holds exist for nobody (404, not an overflow)."""
    if not 0 < pk <= MAX_ID:
        raise NotVisible
    return pk


class CustomerListView(CustomersApiView):
    @extend_schema(operation_id="customers_list", summary="客户列表(掩码)",
                   responses={200: CustomerSerializer(many=True)})
    def get(self, request: Request) -> Response:
        me = request_person(request)
        page = sel.customer_page(viewer=me, term=request.query_params.get("q", "")[:60],
                                 page=page_number(request))
        return Response({"count": page.paginator.count,
                         "results": CustomerSerializer(list(page.object_list), many=True).data})


class CustomerDetailView(CustomersApiView):
    @extend_schema(operation_id="customers_detail", responses={200: CustomerSerializer})
    def get(self, request: Request, pk: int) -> Response:
        if not 0 < pk <= MAX_ID:
            raise NotVisible
        customer = sel.customer_get(viewer=request_person(request), pk=pk)
        if customer is None:
            raise NotVisible
        return Response(CustomerSerializer(customer).data)

    @extend_schema(operation_id="customers_correct", summary="更正客户联系资料",
                   request=CorrectSerializer,
                   responses={200: CustomerSerializer, 400: BAD_INPUT, 403: DENIED,
                              404: OpenApiResponse(NotFoundSerializer,
                                                   description="no such customer")})
    def patch(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        customer = sel.customer_get(viewer=me, pk=object_id(pk))
        if customer is None:
            raise NotVisible
        data = validated(CorrectSerializer, body(request))
        item = None
        if data.get("item"):
            item = sel.suspicious_get(viewer=me, pk=data["item"])
            if item is None:
                raise ApplicationError(_("请更正标出的字段"),
                                       fields={"item": [_("没有这个可疑件")]})
        customer = customer_correct(
            actor=me, customer=customer, phone=data.get("phone"), account=data.get("account"),
            address=data.get("address"), reason=data["reason"], item=item)
        return Response(CustomerSerializer(customer).data)


class PolicyRegisterView(CustomersApiView):
    @extend_schema(operation_id="customers_policy_register", summary="登记一份保单(投保单)",
                   parameters=[IDEMPOTENCY_KEY],
                   request=RegisterSerializer, responses={201: None})
    def post(self, request: Request) -> Response:
        me = request_person(request)
        key = api_key(request)
        data = validated(RegisterSerializer, body(request))
        made = create_once(actor=me, key=key, scope="policy.register",
                           create=lambda: policy_register(actor=me, data=data))
        policy = made.record
        return Response({"id": policy.pk, "number": policy.number,
                         "policyholder": policy.policyholder_id, "insured": policy.insured_id},
                        status=status.HTTP_201_CREATED, headers=replay_headers(made))


class SuspiciousListView(CustomersApiView):
    @extend_schema(operation_id="customers_suspicious_list",
                   responses={200: ItemSerializer(many=True)})
    def get(self, request: Request) -> Response:
        state = request.query_params.get("status", "")
        if state not in ("", *SuspiciousItem.Status.values):
            state = ""
        items = sel.suspicious_items(viewer=request_person(request), status=state)
        page = page_number(request)
        rows = items.prefetch_related("customers")[(page - 1) * sel.PAGE_SIZE: page * sel.PAGE_SIZE]
        return Response({"count": items.count(), "results": ItemSerializer(rows, many=True).data})


class PolicyQueryView(CustomersApiView):
    @extend_schema(operation_id="customers_policy_query", summary="保单查询(先核实身份)",
                   request=QuerySerializer, responses={200: None})
    def post(self, request: Request) -> Response:
        data = validated(QuerySerializer, body(request))
        answer = policy_query(actor=request_person(request), **data)
        policy = answer.policy
        return Response({"policy": policy.number, "role": answer.role,
                         "product": policy.product, "signed_on": policy.signed_on,
                         "agent": policy.agent.code, "query": answer.log.pk})
