"""API of the people app: who am I (GET /api/me/), who is there (GET /api/people/).

People lists are not classified; they carry the minimal fields needed to name a
confirmer or a person in a carrier's scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.core.api import ApiChannelMixin, IsPerson, request_person
from baomi.people.models import OrgUnit, Person
from baomi.people.selectors import (
    active_people,
    person_by_id,
    person_by_staff_no,
)
from baomi.policy.labels import clearance_label, rank_label

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

#: the largest id a database integer column holds; larger "ids" are simply unknown
MAX_ID = 2**63 - 1


class UnitBriefSerializer(serializers.ModelSerializer[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = ("id", "name", "code")
        read_only_fields = fields


class PersonBriefSerializer(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = ("id", "name", "staff_no")
        read_only_fields = fields


class PersonListSerializer(serializers.ModelSerializer[Person]):
    unit = UnitBriefSerializer(read_only=True)

    class Meta:
        model = Person
        fields = ("id", "name", "staff_no", "unit", "rank", "clearance")
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer[Person]):
    unit = UnitBriefSerializer(read_only=True)
    username = serializers.SerializerMethodField()
    rank_label = serializers.SerializerMethodField()
    clearance_label = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ("id", "name", "staff_no", "username", "unit", "rank", "rank_label",
                  "clearance", "clearance_label", "is_secrecy_officer", "status")
        read_only_fields = fields

    def get_rank_label(self, person: Person) -> str:
        return rank_label(person.rank)

    def get_clearance_label(self, person: Person) -> str:
        return clearance_label(person.clearance)

    def get_username(self, person: Person) -> str:
        return person.user.get_username() if person.user_id and person.user else ""


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 1},
                                {"type": "string", "maxLength": 20}],
                      "description": "person id (number) or staff number (工号)"})
class PersonRefField(serializers.Field):  # type: ignore[type-arg]
    """A person named by id (a JSON number) or staff number (a string)."""

    default_error_messages = {
        "invalid": _("请以人员编号(数字)或工号(文字)指定人员。"),
        "unknown": _("没有这个人员: {ref}"),
    }

    def to_internal_value(self, data: Any) -> Person:
        person: Person | None = None
        if isinstance(data, bool) or not isinstance(data, (int, str)):
            self.fail("invalid")
        if isinstance(data, int):
            person = person_by_id(data) if 0 < data <= MAX_ID else None
        else:
            ref = data.strip()
            if not ref or len(ref) > 20:
                self.fail("unknown", ref=ref[:20])
            person = person_by_staff_no(ref)
            if person is None and ref.isdigit() and 0 < int(ref) <= MAX_ID:
                person = person_by_id(int(ref))
        if person is None:
            self.fail("unknown", ref=str(data)[:20])
        return person

    def to_representation(self, value: Person) -> dict[str, Any]:
        return {"id": value.pk, "name": value.name, "staff_no": value.staff_no}


class MeView(ApiChannelMixin, APIView):
    """The person behind the session or token: rank, clearance, department."""

    permission_classes = (permissions.IsAuthenticated, IsPerson)

    @extend_schema(operation_id="me_retrieve", responses=MeSerializer,
                   summary="当前登录人员 / the person behind the login")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request_person(request)).data)


class PeopleListView(ApiChannelMixin, generics.ListAPIView[Person]):
    """Active people (在岗人员), by staff number, 50 per page. People lists are not
    classified: they carry what is needed to name a confirmer or a person in a scope."""

    permission_classes = (permissions.IsAuthenticated, IsPerson)
    serializer_class = PersonListSerializer

    def get_queryset(self) -> QuerySet[Person]:
        return active_people().order_by("staff_no")

    @extend_schema(operation_id="people_list", summary="在岗人员 / active people")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
