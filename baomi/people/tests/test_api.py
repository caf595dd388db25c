"""GET /api/me/, GET /api/people/ (not classified, minimal fields), GET /api/policy/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from baomi.people.tests.factories import PersonFactory
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.people.models import Person


def client_for(person: Person) -> APIClient:
    assert person.user is not None
    token, _ = Token.objects.get_or_create(user=person.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_me_is_the_person_behind_the_token(people):
    data = client_for(people["manager"]).get("/api/me/").json()
    person = people["manager"]
    assert data["id"] == person.pk and data["staff_no"] == person.staff_no
    assert data["username"] == "manager"
    assert (data["rank"], data["rank_label"]) == ("DEPT_MANAGER", "部门经理")
    assert (data["clearance"], data["clearance_label"]) == ("GENERAL", "一般")
    assert data["unit"]["code"] == "rd"


def test_me_with_a_bad_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/me/").status_code in (401, 403)


def test_people_lists_active_people_with_minimal_fields(people, org):
    PersonFactory(name="已离职", unit=org["rd"], status="LEFT")
    response = client_for(people["staff"]).get("/api/people/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(people)
    rows = data["results"]
    assert set(rows[0]) == {"id", "name", "staff_no", "unit", "rank", "clearance"}
    assert "已离职" not in {r["name"] for r in rows}
    assert [r["staff_no"] for r in rows] == sorted(p.staff_no for p in people.values())


def test_people_list_query_count_is_fixed(people, make_person, django_assert_max_num_queries):
    for _ in range(30):
        make_person()
    client = client_for(people["staff"])
    with django_assert_max_num_queries(4):
        assert client.get("/api/people/").status_code == 200


def test_policy_is_the_policy_in_force(people):
    data = client_for(people["outsider"]).get("/api/policy/").json()
    policy = get_policy()
    assert data["sha256"] == policy.sha256
    assert [lv["code"] for lv in data["levels"]] == policy.level_codes()
    assert [r["code"] for r in data["ranks"]] == policy.rank_codes()
    assert {c["code"] for c in data["clearances"]} == {"CORE", "IMPORTANT", "GENERAL", "NONE"}
    assert data["categories"]["SECRET"] == list(policy.categories["SECRET"])
    assert data["levels"][1]["confirm_ranks"] == ["BOARD", "GM"]
