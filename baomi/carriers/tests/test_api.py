"""The carriers API: scoped lists and reads, 404 for the unseen, 403 with rule and clause,
400 with field messages for bad input, a fixed number of queries per list page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from baomi.audit.models import AuditEvent
from baomi.carriers.models import Carrier
from baomi.carriers.selectors import carrier_list
from baomi.policy.clauses import CLAUSES

if TYPE_CHECKING:
    from baomi.people.models import Person

LIST = "/api/carriers/"


def client_for(person: Person) -> APIClient:
    """A client authenticated with the person's API token."""
    assert person.user is not None
    token, _ = Token.objects.get_or_create(user=person.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def detail(carrier: Carrier, action: str = "") -> str:
    return f"/api/carriers/{carrier.pk}/" + (f"{action}/" if action else "")


def all_numbers(client: APIClient, **params: Any) -> tuple[int, list[str]]:
    """(count, numbers of every row over every page)."""
    numbers: list[str] = []
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    count = response.json()["count"]
    while True:
        data = response.json()
        numbers += [row["number"] for row in data["results"]]
        if not data["next"]:
            return count, numbers
        response = client.get(data["next"])


def draft_body(people: dict[str, Person], **kw: Any) -> dict[str, Any]:
    body = {"title": "新产品立项报告", "kind": "DOCUMENT", "level": "SECRET",
            "confirmer": people["manager"].staff_no, "category": "2.3 立项报告、产品开发进度分析报告",
            "copies_planned": 2}
    body.update(kw)
    return body


# --- authentication -----------------------------------------------------------------------

@pytest.mark.parametrize("url", [LIST, "/api/carriers/1/", "/api/me/", "/api/people/",
                                 "/api/policy/"])
def test_unauthenticated_is_refused(db, url):
    response = APIClient().get(url)
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_session_login_works_too(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    client = APIClient()
    client.force_login(people["manager"].user)
    response = client.get(detail(carrier))
    assert response.status_code == 200
    assert response.json()["number"] == carrier.number


def test_account_without_person_sees_nothing(db, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="pw-nobody")
    client = APIClient()
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {}, format="json").status_code == 403


# --- R-ACC-1: what a person may not see does not exist for them ---------------------------

def test_staff_gets_404_for_confidential_outside_scope_and_it_is_audited(people, make_carrier):
    secret = make_carrier(level="CONFIDENTIAL")
    client = client_for(people["staff"])

    response = client.get(detail(secret))
    missing = client.get("/api/carriers/987654321/")
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json() == {"detail": "未找到。"}
    assert client.get(detail(secret, "copies")).json() == {"detail": "未找到。"}

    count, numbers = all_numbers(client)
    assert secret.number not in numbers
    assert secret.number not in all_numbers(client, level="CONFIDENTIAL")[1]
    assert all_numbers(client, level="CONFIDENTIAL")[0] == 0

    event = AuditEvent.objects.filter(action="carrier.view", target_id=str(secret.pk)).last()
    assert event is not None
    assert (event.allowed, event.rule, event.channel) == (False, "R-ACC-1", "api")
    assert event.actor_id == people["staff"].pk


def test_director_reads_confidential_and_the_read_is_audited(people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", copies_planned=2)
    client = client_for(people["director"])
    data = client.get(detail(carrier)).json()
    assert data["level"] == "CONFIDENTIAL" and data["level_label"] == "机密"
    assert data["mark"]["text"] == "机密"
    assert {p["staff_no"] for p in data["scope"]} == {people["director"].staff_no}
    copies = client.get(detail(carrier, "copies")).json()
    assert [c["copy_no"] for c in copies] == [1, 2]
    event = AuditEvent.objects.filter(action="carrier.view", target_id=str(carrier.pk)).last()
    assert event is not None and event.allowed and event.channel == "api"


def test_ids_beyond_the_database_are_not_found(people):
    client = client_for(people["staff"])
    for url in ("/api/carriers/99999999999999999999999/",
                "/api/carriers/99999999999999999999999/confirm/"):
        response = client.get(url) if "confirm" not in url else client.post(url, {}, format="json")
        assert response.status_code == 404


def test_action_on_an_unseen_carrier_is_404_and_audited(people, make_carrier):
    secret = make_carrier(level="CONFIDENTIAL", confirm=False)
    response = client_for(people["staff"]).post(detail(secret, "confirm"), {}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}
    assert Carrier.objects.get(pk=secret.pk).status == "DRAFT"
    assert AuditEvent.objects.filter(action="carrier.view", allowed=False,
                                     target_id=str(secret.pk)).exists()


# --- the list ------------------------------------------------------------------------------

def test_list_count_equals_visible_rows(people, make_carrier):
    for level in ("TOP_SECRET", "CONFIDENTIAL", "SECRET", "INTERNAL"):
        make_carrier(level=level)
    make_carrier(level="SECRET", confirm=False)
    make_carrier(level="SECRET", named_people=[people["staff2"]], scope_rank="DIRECTOR",
                 drafter=people["pm"])
    for key in ("board", "gm", "director", "manager", "staff", "staff2", "outsider"):
        person = people[key]
        count, numbers = all_numbers(client_for(person))
        expected = [c.number for c in carrier_list(viewer=person)]
        assert count == len(numbers) == len(expected), key
        assert numbers == expected, key


def test_list_pages_of_fifty_newest_first(people, make_carrier):
    for _ in range(51):
        make_carrier(level="INTERNAL", confirm=False)
    client = client_for(people["staff"])
    first = client.get(LIST).json()
    assert first["count"] == 51 and len(first["results"]) == 50
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True)


def test_list_filters(people, make_carrier, org):
    make_carrier(level="SECRET")
    make_carrier(level="INTERNAL", title="内部通知")
    drawing = make_carrier(level="GENERAL", kind="DRAWING", title="外协图纸")
    client = client_for(people["manager"])
    assert client.get(LIST, {"level": "SECRET"}).json()["count"] == 1
    assert client.get(LIST, {"kind": "DRAWING"}).json()["results"][0]["id"] == drawing.pk
    assert client.get(LIST, {"q": "外协"}).json()["count"] == 1
    assert client.get(LIST, {"status": "DRAFT"}).json()["count"] == 0
    assert client.get(LIST, {"department": org["rd"].pk}).json()["count"] == 3
    assert client.get(LIST, {"department": org["finance"].pk}).json()["count"] == 0


@pytest.mark.parametrize("params, field", [
    ({"level": "ULTRA"}, "level"),
    ({"kind": "SCROLL"}, "kind"),
    ({"status": "LOST"}, "status"),
    ({"department": "abc"}, "department"),
    ({"department": "99999999999999999999999"}, "department"),
    ({"page": "0"}, "page"),
    ({"page": "x"}, "page"),
    ({"q": "x" * 101}, "q"),
])
def test_invalid_filters_are_400_with_field_messages(people, params, field):
    response = client_for(people["staff"]).get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


@pytest.mark.parametrize("n", [5, 40])
def test_list_query_count_is_fixed(people, make_carrier, django_assert_max_num_queries, n):
    levels = ("SECRET", "INTERNAL", "CONFIDENTIAL")
    for i in range(n):
        make_carrier(level=levels[i % 3], confirm=i % 4 != 0)
    client = client_for(people["director"])
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200 and response.json()["count"] > 0


def test_list_query_count_does_not_grow(people, make_carrier):
    client = client_for(people["gm"])
    counts = []
    for n in (5, 40):
        while Carrier.objects.count() < n:
            make_carrier(level="SECRET")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- drafting, confirming, returning -------------------------------------------------------

def test_draft_confirm_and_copies_end_to_end(people):
    staff, manager = client_for(people["staff"]), client_for(people["manager"])
    response = staff.post(LIST, draft_body(people, named_people=[people["staff2"].pk]),
                          format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "DRAFT" and data["number"].startswith("BM-")
    assert response["Location"].endswith(f"/api/carriers/{data['id']}/")
    assert {p["staff_no"] for p in data["scope"]} == {people["staff"].staff_no,
                                                     people["staff2"].staff_no}
    url = f"/api/carriers/{data['id']}/"
    assert client_for(people["staff2"]).get(url).status_code == 404  # R-CLS-2

    confirmed = manager.post(url + "confirm/", {"term_years": 5}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "CONFIRMED" and confirmed.json()["term_years"] == 5
    copies = staff.get(url + "copies/").json()
    assert [(c["copy_no"], c["custodian"]["staff_no"]) for c in copies] == [
        (1, people["staff"].staff_no), (2, people["staff"].staff_no)]
    event = AuditEvent.objects.filter(action="carrier.confirm").last()
    assert event is not None and event.channel == "api" and event.allowed


def test_manager_confirming_at_confidential_gets_r_cls_3(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)  # drafted by staff for the manager
    response = client_for(people["manager"]).post(detail(draft, "confirm"),
                                                  {"level": "CONFIDENTIAL"}, format="json")
    assert response.status_code == 403
    body = response.json()
    assert body["rule"] == "R-CLS-3"
    assert body["clause"] == CLAUSES["R-CLS-3"] and "机密文件由公司高层领导确认" in body["clause"]
    assert "detail" in body
    assert Carrier.objects.get(pk=draft.pk).status == "DRAFT"
    event = AuditEvent.objects.filter(action="carrier.confirm").last()
    assert event is not None and (event.allowed, event.rule) == (False, "R-CLS-3")


def test_drafter_confirming_own_draft_gets_r_acc_4(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    response = client_for(people["staff"]).post(detail(draft, "confirm"), {}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "R-ACC-4"
    assert response.json()["clause"] == CLAUSES["R-ACC-4"]


def test_return_and_resubmit(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    manager, staff = client_for(people["manager"]), client_for(people["staff"])
    assert manager.post(detail(draft, "return"), {}, format="json").json()["fields"]["note"]
    returned = manager.post(detail(draft, "return"), {"note": "请补充定密理由"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "RETURNED"
    assert returned.json()["return_note"] == "请补充定密理由"
    denied = manager.post(detail(draft, "resubmit"), {}, format="json")
    assert denied.status_code == 403 and denied.json()["rule"] == "R-CLS-2"
    again = staff.post(detail(draft, "resubmit"), {"reason": "立项阶段资料",
                                                   "confirmer": people["pm"].staff_no},
                       format="json")
    assert again.status_code == 200, again.content
    assert again.json()["status"] == "DRAFT"
    assert again.json()["confirmer"]["staff_no"] == people["pm"].staff_no


# --- bad input is 400 with field messages, never a 500 ------------------------------------

def test_malformed_json_is_400(people):
    response = client_for(people["staff"]).post(LIST, '{"title": "x",', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"]


@pytest.mark.parametrize("changes, field", [
    ({"title": ["x"]}, "title"),
    ({"title": ""}, "title"),
    ({"kind": "SCROLL"}, "kind"),
    ({"level": 3}, "level"),
    ({"level": "ULTRA"}, "level"),
    ({"copies_planned": "many"}, "copies_planned"),
    ({"copies_planned": 0}, "copies_planned"),
    ({"copies_planned": 2.5}, "copies_planned"),
    ({"term_years": "ten"}, "term_years"),
    ({"term_years": -1}, "term_years"),
    ({"controlled": "perhaps"}, "controlled"),
    ({"confirmer": 999999}, "confirmer"),
    ({"confirmer": 10**30}, "confirmer"),
    ({"confirmer": "NOBODY"}, "confirmer"),
    ({"confirmer": None}, "confirmer"),
    ({"confirmer": {"id": 1}}, "confirmer"),
    ({"confirmer": True}, "confirmer"),
    ({"named_people": ["NOBODY"]}, "named_people.0"),
    ({"named_people": "E00001"}, "named_people"),
    ({"scope_rank": "KING"}, "scope_rank"),
])
def test_bad_draft_input_is_400_with_field_messages(people, changes, field):
    body = draft_body(people, **changes)
    response = client_for(people["staff"]).post(LIST, body, format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["detail"] and data["fields"][field], data
    assert not Carrier.objects.exists()


def test_draft_body_must_be_an_object(people):
    client = client_for(people["staff"])
    for payload in ([1, 2], "text", 42, None):
        response = client.post(LIST, payload, format="json")
        assert response.status_code == 400, payload


def test_service_field_errors_come_through(people):
    """Checks made by the service (R-CLS-3 for the confirmer, R-CLS-4 category) are 400."""
    body = draft_body(people, confirmer=people["staff2"].staff_no, category="9.9 无")
    response = client_for(people["staff"]).post(LIST, body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["confirmer"][0].startswith("R-CLS-3")
    assert fields["category"][0].startswith("R-CLS-4")


def test_confirm_bad_input_is_400(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    client = client_for(people["manager"])
    for body, field in (({"term_years": "x"}, "term_years"), ({"level": "ULTRA"}, "level"),
                        ({"term_years": 99}, "term_years")):
        response = client.post(detail(draft, "confirm"), body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["fields"]
    assert Carrier.objects.get(pk=draft.pk).status == "DRAFT"


def test_form_bodies_are_refused(people):
    response = client_for(people["staff"]).post(LIST, {"title": "x"})
    assert response.status_code == 415


# --- schema ----------------------------------------------------------------------------------

def test_schema_generates_without_warnings(db, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/carriers/", "/api/carriers/{id}/confirm/", "/api/me/", "/api/people/",
                 "/api/policy/"):
        assert path in text


def test_swagger_ui_is_served_locally(people):
    client = APIClient()
    client.force_login(people["staff"].user)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # the CSP forbids inline script
    assert client.get("/api/docs/?script").status_code == 200
