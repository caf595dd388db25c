"""The customers API for agents, mis-selling complaints and agent re-checks (R-CUS-3,
R-CUS-4). Views call selectors and services only: refusals are 403 with rule and clause,
bad input 400 with field messages, an unknown or out-of-range id 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.response import Response

from baomi.carriers.api import BAD_INPUT, DENIED, body, validated
from baomi.carriers.serializers import NotFoundSerializer
from baomi.core.api import IDEMPOTENCY_KEY, replay_headers
from baomi.core.errors import ApplicationError, NotVisible
from baomi.core.once import api_key, create_once
from baomi.customers import selectors as sel
from baomi.customers.api.customers import CustomersApiView, object_id, page_number
from baomi.customers.models import Agency, Agent, Complaint, Recheck, RecheckEntry
from baomi.customers.services import require
from baomi.customers.services.agents import agent_create, agent_set_active, agent_update
from baomi.customers.services.checks import (
    complaint_record,
    complaint_verify,
    recheck_entry_record,
)
from baomi.people.api import request_person
from baomi.policy.customers import may_work_with_customers

if TYPE_CHECKING:
    from rest_framework.request import Request

_T = TypeVar("_T")

NOT_FOUND = OpenApiResponse(NotFoundSerializer, description="no such record")
_ERRORS = {400: BAD_INPUT, 403: DENIED}
_ERRORS_404 = {**_ERRORS, 404: NOT_FOUND}
_PAGE = OpenApiParameter("page", int, description="page number, 50 a page")


def _paged(name: str, serializer: serializers.Serializer[Any]) -> Any:
    return inline_serializer(name, {"count": serializers.IntegerField(),
                                    "results": serializer})


def _found(obj: _T | None) -> _T:
    if obj is None:
        raise NotVisible
    return obj


def _agency(code: str | None) -> Agency | None:
    """An agency by code for an agent's `agency` field; blank or null: none."""
    if not code or not code.strip():
        return None
    agency = sel.agency_by_code(code.strip())
    if agency is None:
        raise ApplicationError(_("请更正标出的字段"),
                               fields={"agency": [_("没有这个代理机构代码")]})
    return agency


class AgentSerializer(serializers.ModelSerializer[Agent]):
    agency: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="agency code, null: none")

    class Meta:
        model = Agent
        fields: tuple[str, ...] = ("id", "code", "name", "kind", "agency", "active",
                                   "created_at")
        read_only_fields: tuple[str, ...] = fields


class AgentRowSerializer(AgentSerializer):
    complaint_count = serializers.IntegerField(read_only=True)
    verified_count = serializers.IntegerField(read_only=True)
    open_rechecks = serializers.IntegerField(read_only=True)

    class Meta(AgentSerializer.Meta):
        fields = (*AgentSerializer.Meta.fields, "complaint_count", "verified_count",
                  "open_rechecks")
        read_only_fields = fields


class AgentCreateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=Agent.Kind.choices, default=Agent.Kind.SALES)
    agency = serializers.CharField(max_length=30, required=False, allow_blank=True,
                                   allow_null=True, help_text="agency code; blank: none")


class AgentUpdateSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(max_length=30, required=False,
                                 help_text="fixed once registered: if sent, the same code")
    name = serializers.CharField(max_length=50, required=False)
    kind = serializers.ChoiceField(choices=Agent.Kind.choices, required=False)
    agency = serializers.CharField(max_length=30, required=False, allow_blank=True,
                                   allow_null=True, help_text="agency code; blank or null: none")


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                   default="", help_text="required to deactivate")


class AgentListView(CustomersApiView):
    @extend_schema(operation_id="customers_agents_list", summary="代理人列表",
                   parameters=[OpenApiParameter("q", str, description="code, name or agency "
                                                "name prefix"),
                               OpenApiParameter("active", bool), _PAGE],
                   responses={200: _paged("AgentPage", AgentRowSerializer(many=True)),
                              403: DENIED})
    def get(self, request: Request) -> Response:
        active = {"true": True, "1": True, "false": False, "0": False}.get(
            request.query_params.get("active", "").lower())
        page = sel.agent_page(viewer=request_person(request),
                              term=request.query_params.get("q", "")[:40],
                              page=page_number(request), active=active)
        return Response({"count": page.paginator.count,
                         "results": AgentRowSerializer(list(page.object_list),
                                                       many=True).data})

    @extend_schema(operation_id="customers_agents_create", summary="登记代理人",
                   parameters=[IDEMPOTENCY_KEY], request=AgentCreateSerializer,
                   responses={201: AgentSerializer, **_ERRORS})
    def post(self, request: Request) -> Response:
        me = request_person(request)
        key = api_key(request)
        data = validated(AgentCreateSerializer, body(request))
        agency = _agency(data.get("agency"))
        made = create_once(actor=me, key=key, scope="agent.create", create=lambda: agent_create(
            actor=me, code=data["code"], name=data["name"], kind=data["kind"], agency=agency))
        return Response(AgentSerializer(made.record).data, status=status.HTTP_201_CREATED,
                        headers=replay_headers(made))


class AgentDetailView(CustomersApiView):
    @extend_schema(operation_id="customers_agents_detail",
                   responses={200: AgentSerializer, 403: DENIED, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(AgentSerializer(_found(sel.agent_get(
            viewer=request_person(request), pk=object_id(pk)))).data)

    @extend_schema(operation_id="customers_agents_update",
                   summary="修改代理人(工号不能改)", request=AgentUpdateSerializer,
                   responses={200: AgentSerializer, **_ERRORS_404})
    def patch(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        agent = _found(sel.agent_get(viewer=me, pk=object_id(pk)))
        data = validated(AgentUpdateSerializer, body(request))
        if "code" in data and data["code"].strip() != agent.code:
            raise ApplicationError(_("请更正标出的字段"), fields={
                "code": [_("代理人工号登记后不能更改")]})
        agency = _agency(data["agency"]) if "agency" in data else agent.agency
        agent = agent_update(actor=me, agent=agent, name=data.get("name", agent.name),
                             kind=data.get("kind", agent.kind), agency=agency)
        return Response(AgentSerializer(agent).data)


class AgentDeactivateView(CustomersApiView):
    active = False

    @extend_schema(operation_id="customers_agents_deactivate", summary="停用代理人",
                   request=ReasonSerializer, responses={200: AgentSerializer, **_ERRORS_404})
    def post(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        agent = _found(sel.agent_get(viewer=me, pk=object_id(pk)))
        data = validated(ReasonSerializer, body(request))
        agent = agent_set_active(actor=me, agent=agent, active=self.active,
                                 reason=data["reason"])
        return Response(AgentSerializer(agent).data)


class AgentReactivateView(AgentDeactivateView):
    active = True

    @extend_schema(operation_id="customers_agents_reactivate", summary="重新启用代理人",
                   request=ReasonSerializer, responses={200: AgentSerializer, **_ERRORS_404})
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class ComplaintSerializer(serializers.ModelSerializer[Complaint]):
    agent: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="agent code")
    agent_name = serializers.CharField(source="agent.name", read_only=True)
    policy: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text="policy number, null: none")

    class Meta:
        model = Complaint
        fields = ("id", "agent", "agent_name", "policy", "received_on", "summary", "status",
                  "findings", "recorded_by", "verified_by", "verified_at")
        read_only_fields = fields


class ComplaintCreateSerializer(serializers.Serializer[Any]):
    agent = serializers.CharField(max_length=30, help_text="agent code")
    received_on = serializers.DateField()
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                    default="")
    policy_number = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                          default="", help_text="the agent's policy, or blank")


class VerifySerializer(serializers.Serializer[Any]):
    mis_selling = serializers.BooleanField(help_text="true: 经查属实, false: 查无实据")
    findings = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                     default="")


class ComplaintListView(CustomersApiView):
    @extend_schema(operation_id="customers_complaints_list", summary="销售误导投诉",
                   parameters=[OpenApiParameter("status", str,
                                                enum=list(Complaint.Status.values)),
                               OpenApiParameter("agent", str, description="agent code"),
                               _PAGE],
                   responses={200: _paged("ComplaintPage", ComplaintSerializer(many=True)),
                              403: DENIED})
    def get(self, request: Request) -> Response:
        qs = sel.complaints(viewer=request_person(request))
        state = request.query_params.get("status", "")
        if state in Complaint.Status.values:
            qs = qs.filter(status=state)
        code = request.query_params.get("agent", "")[:30]
        if code:
            qs = qs.filter(agent__code=code)
        page = page_number(request)
        rows = qs[(page - 1) * sel.PAGE_SIZE: page * sel.PAGE_SIZE]
        return Response({"count": qs.count(),
                         "results": ComplaintSerializer(rows, many=True).data})

    @extend_schema(operation_id="customers_complaints_create", summary="登记销售误导投诉",
                   parameters=[IDEMPOTENCY_KEY], request=ComplaintCreateSerializer,
                   responses={201: ComplaintSerializer, **_ERRORS})
    def post(self, request: Request) -> Response:
        me = request_person(request)
        # refused (R-CUS-5) before any look-up: agent codes are not confirmed to outsiders
        require(may_work_with_customers(me), actor=me, action="complaint.record")
        data = validated(ComplaintCreateSerializer, body(request))
        errors = {}
        agent = sel.agent_by_code(data["agent"].strip())
        if agent is None:
            errors["agent"] = [_("没有这个代理人工号")]
        policy = None
        if data["policy_number"].strip():
            policy = sel.policy_by_number(data["policy_number"])
            if policy is None:
                errors["policy_number"] = [_("没有这个保单号")]
        if errors or agent is None:
            raise ApplicationError(_("请更正标出的字段"), fields=errors)
        found = agent
        made = create_once(actor=me, key=api_key(request), scope="complaint.record",
                           create=lambda: complaint_record(
                               actor=me, agent=found, received_on=data["received_on"],
                               summary=data["summary"], policy=policy))
        return Response(ComplaintSerializer(made.record).data, status=status.HTTP_201_CREATED,
                        headers=replay_headers(made))


class ComplaintVerifyView(CustomersApiView):
    @extend_schema(operation_id="customers_complaints_verify", summary="核实投诉",
                   request=VerifySerializer,
                   responses={200: inline_serializer("ComplaintVerified", {
                       "complaint": ComplaintSerializer(),
                       "recheck": serializers.IntegerField(
                           allow_null=True, help_text="the re-check this verification "
                           "opened (R-CUS-4), else null")}), **_ERRORS_404})
    def post(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        complaint = _found(sel.complaint_get(viewer=me, pk=object_id(pk)))
        data = validated(VerifySerializer, body(request))
        complaint, recheck = complaint_verify(actor=me, complaint=complaint,
                                              mis_selling=data["mis_selling"],
                                              findings=data["findings"])
        return Response({"complaint": ComplaintSerializer(complaint).data,
                         "recheck": recheck.pk if recheck is not None else None})


class RecheckSerializer(serializers.ModelSerializer[Recheck]):
    agent: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="agent code")
    agent_name = serializers.CharField(source="agent.name", read_only=True)
    total = serializers.IntegerField(read_only=True)
    pending = serializers.IntegerField(read_only=True)
    false_data = serializers.IntegerField(read_only=True)

    class Meta:
        model = Recheck
        fields = ("id", "agent", "agent_name", "reason", "status", "created_at", "total",
                  "pending", "false_data")
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer[RecheckEntry]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    id_masked = serializers.CharField(source="customer.id_masked", read_only=True)
    phone_masked = serializers.CharField(source="customer.phone_masked", read_only=True)

    class Meta:
        model = RecheckEntry
        fields = ("id", "customer", "customer_name", "id_masked", "phone_masked", "result",
                  "note")
        read_only_fields = fields


class EntryRecordSerializer(serializers.Serializer[Any]):
    result = serializers.ChoiceField(choices=[
        (RecheckEntry.Result.CONFIRMED, RecheckEntry.Result.CONFIRMED.label),
        (RecheckEntry.Result.FALSE_DATA, RecheckEntry.Result.FALSE_DATA.label)])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                 default="", help_text="which data is false")


class RecheckListView(CustomersApiView):
    @extend_schema(operation_id="customers_rechecks_list", summary="代理人客户重新核查",
                   parameters=[OpenApiParameter("status", str,
                                                enum=list(Recheck.Status.values)), _PAGE],
                   responses={200: _paged("RecheckPage", RecheckSerializer(many=True)),
                              403: DENIED})
    def get(self, request: Request) -> Response:
        qs = sel.rechecks(viewer=request_person(request))
        state = request.query_params.get("status", "")
        if state in Recheck.Status.values:
            qs = qs.filter(status=state)
        page = page_number(request)
        rows = qs[(page - 1) * sel.PAGE_SIZE: page * sel.PAGE_SIZE]
        return Response({"count": qs.count(),
                         "results": RecheckSerializer(rows, many=True).data})


class RecheckEntriesView(CustomersApiView):
    @extend_schema(operation_id="customers_recheck_entries", summary="重新核查的客户",
                   parameters=[OpenApiParameter("result", str,
                                                enum=list(RecheckEntry.Result.values)),
                               _PAGE],
                   responses={200: _paged("RecheckEntryPage", EntrySerializer(many=True)),
                              403: DENIED, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        recheck = _found(sel.recheck_get(viewer=request_person(request), pk=object_id(pk)))
        qs = sel.recheck_entries(recheck)
        result = request.query_params.get("result", "")
        if result in RecheckEntry.Result.values:
            qs = qs.filter(result=result)
        page = page_number(request)
        rows = qs[(page - 1) * sel.PAGE_SIZE: page * sel.PAGE_SIZE]
        return Response({"count": qs.count(), "results": EntrySerializer(rows, many=True).data})


class RecheckEntryRecordView(CustomersApiView):
    @extend_schema(operation_id="customers_recheck_entry_record",
                   summary="记录一位客户的核查结果", request=EntryRecordSerializer,
                   responses={200: inline_serializer("RecheckEntryRecorded", {
                       "entry": EntrySerializer(),
                       "recheck_status": serializers.ChoiceField(
                           choices=Recheck.Status.choices)}), **_ERRORS_404})
    def post(self, request: Request, pk: int, entry: int) -> Response:
        me = request_person(request)
        recheck = _found(sel.recheck_get(viewer=me, pk=object_id(pk)))
        found = _found(sel.recheck_entry_get(viewer=me, recheck=recheck, pk=object_id(entry)))
        data = validated(EntryRecordSerializer, body(request))
        found = recheck_entry_record(actor=me, entry=found, result=data["result"],
                                     note=data["note"])
        recheck.refresh_from_db(fields=["status"])
        return Response({"entry": EntrySerializer(found).data,
                         "recheck_status": recheck.status})
