"""The API for agents, mis-selling complaints and agent re-checks (R-CUS-3, R-CUS-4):
refusals are 403 with rule and clause, bad input 400 with field messages, unknown ids 404,
writes go through the services and are audited (channel "api")."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from baomi.audit.models import AuditEvent
from baomi.customers.models import Agent, Complaint, Recheck, RecheckEntry

from .conftest import row

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/customers/complaints/"
RECHECKS = "/api/customers/rechecks/"
AGENTS = "/api/customers/agents/"


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def denied(response: Any, rule: str) -> None:
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["rule"] == rule and "篇十一" in body["clause"]


def complaint(client: APIClient, days: int = 3, **over: Any) -> Any:
    data = {"agent": "A001", "summary": "夸大收益",
            "received_on": (timezone.localdate() - datetime.timedelta(days=days)).isoformat()}
    data.update(over)
    return client.post(COMPLAINTS, data, format="json")


def test_complaints_recorded_listed_and_refused(service, people, register) -> None:
    register(1)
    clerk = api(service["clerk"])
    today = timezone.localdate()
    bad = clerk.post(COMPLAINTS, {"agent": "A001", "received_on": "2026-13-01"}, format="json")
    assert bad.status_code == 400 and "received_on" in bad.json()["fields"]
    unknown = complaint(clerk, agent="NOPE", policy_number="P404")
    assert unknown.status_code == 400
    assert set(unknown.json()["fields"]) == {"agent", "policy_number"}
    future = complaint(clerk, days=-2)
    assert future.status_code == 400 and "received_on" in future.json()["fields"]
    empty = complaint(clerk, summary=" ")
    assert empty.status_code == 400 and "summary" in empty.json()["fields"]
    assert clerk.post(COMPLAINTS, "{", content_type="application/json").status_code == 400
    assert clerk.post(COMPLAINTS, {"agent": "A001"}).status_code == 415  # JSON only
    assert not Complaint.objects.exists()

    created = complaint(clerk, policy_number="P00000001")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["agent"] == "A001" and body["policy"] == "P00000001"
    assert body["status"] == "PENDING" and body["received_on"] == (
        today - datetime.timedelta(days=3)).isoformat()
    event = AuditEvent.objects.get(action="complaint.record")
    assert event.channel == "api" and event.target_id == str(body["id"])

    listed = clerk.get(COMPLAINTS + "?status=PENDING&agent=A001").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    assert clerk.get(COMPLAINTS + "?status=VERIFIED").json()["count"] == 0
    assert clerk.get(COMPLAINTS + "?page=x&status=bogus").json()["count"] == 1

    outsider = api(people["staff"])
    denied(outsider.get(COMPLAINTS), "R-CUS-5")
    denied(complaint(outsider), "R-CUS-5")
    assert Complaint.objects.count() == 1


def test_verify_refused_for_clerk_and_second_opens_recheck(service, register) -> None:
    for n in (1, 2):
        register(n)
    clerk, head = api(service["clerk"]), api(service["head"])
    first = complaint(clerk, days=40).json()["id"]
    second = complaint(clerk, days=3).json()["id"]

    verify = f"{COMPLAINTS}{first}/verify/"
    denied(clerk.post(verify, {"mis_selling": True, "findings": "属实"}, format="json"),
           "R-CUS-3")
    assert AuditEvent.objects.filter(action="complaint.verify", allowed=False,
                                     rule="R-CUS-3").count() == 1
    no_findings = head.post(verify, {"mis_selling": True, "findings": ""}, format="json")
    assert no_findings.status_code == 400 and "findings" in no_findings.json()["fields"]
    missing = head.post(verify, {"findings": "属实"}, format="json")
    assert missing.status_code == 400 and "mis_selling" in missing.json()["fields"]
    assert Complaint.objects.get(pk=first).status == "PENDING"

    done = head.post(verify, {"mis_selling": True, "findings": "录音证实夸大收益"},
                     format="json")
    assert done.status_code == 200
    assert done.json()["complaint"]["status"] == "VERIFIED" and done.json()["recheck"] is None
    again = head.post(verify, {"mis_selling": False, "findings": "再核"}, format="json")
    assert again.status_code == 400 and Complaint.objects.get(pk=first).status == "VERIFIED"

    opened = head.post(f"{COMPLAINTS}{second}/verify/",
                       {"mis_selling": True, "findings": "回访证实"}, format="json").json()
    recheck = Recheck.objects.get()
    assert opened["recheck"] == recheck.pk
    for pk in (999999999, 2**63):
        assert head.post(f"{COMPLAINTS}{pk}/verify/", {"mis_selling": True, "findings": "x"},
                         format="json").status_code == 404


def test_rechecks_listed_and_entries_recorded(service, people, register) -> None:
    for n in (1, 2):
        register(n)
    clerk, head = api(service["clerk"]), api(service["head"])
    for days in (40, 3):
        pk = complaint(clerk, days=days).json()["id"]
        head.post(f"{COMPLAINTS}{pk}/verify/", {"mis_selling": True, "findings": "属实"},
                  format="json")
    recheck = Recheck.objects.get()
    listed = clerk.get(RECHECKS + "?status=OPEN").json()
    assert listed["count"] == 1
    assert listed["results"][0] | {"created_at": None} == {
        "id": recheck.pk, "agent": "A001", "agent_name": "王代理", "reason": recheck.reason,
        "status": "OPEN", "created_at": None, "total": 4, "pending": 4, "false_data": 0}
    assert clerk.get(RECHECKS + "?status=DONE").json()["count"] == 0

    entries_url = f"{RECHECKS}{recheck.pk}/entries/"
    entries = clerk.get(entries_url).json()
    assert entries["count"] == 4
    numbers = {row(n)[k] for n in (1, 2) for k in ("holder_id_number", "insured_id_number")}
    for entry in entries["results"]:
        assert entry["result"] == "PENDING" and "*" in entry["id_masked"]
        assert entry["id_masked"] not in numbers
    assert clerk.get(f"{RECHECKS}999999999/entries/").status_code == 404
    denied(api(people["staff"]).get(RECHECKS), "R-CUS-5")
    denied(api(people["staff"]).get(entries_url), "R-CUS-5")

    ids = [e["id"] for e in entries["results"]]
    bad = clerk.post(f"{entries_url}{ids[0]}/", {"result": "PENDING"}, format="json")
    assert bad.status_code == 400 and "result" in bad.json()["fields"]
    denied(api(people["staff"]).post(f"{entries_url}{ids[0]}/", {"result": "CONFIRMED"},
                                     format="json"), "R-CUS-5")
    assert clerk.post(f"{entries_url}999999999/", {"result": "CONFIRMED"},
                      format="json").status_code == 404
    for i, pk in enumerate(ids):
        result = "FALSE_DATA" if i == 0 else "CONFIRMED"
        response = clerk.post(f"{entries_url}{pk}/", {"result": result, "note": "电话空号"},
                              format="json")
        assert response.status_code == 200
        assert response.json()["entry"]["result"] == result
        assert response.json()["recheck_status"] == ("DONE" if i == len(ids) - 1 else "OPEN")
    assert RecheckEntry.objects.get(pk=ids[0]).note == "电话空号"
    assert clerk.get(entries_url + "?result=FALSE_DATA").json()["count"] == 1
    assert AuditEvent.objects.filter(action="recheck.entry", channel="api").count() == 4


def test_agents_api(service, people, agent) -> None:
    clerk, head = api(service["clerk"]), api(service["head"])
    listed = clerk.get(AGENTS).json()
    assert listed["count"] == 1
    assert listed["results"][0] | {"id": 0, "created_at": None} == {
        "id": 0, "code": "A001", "name": "王代理", "kind": "SALES", "agency": "AG01",
        "active": True, "created_at": None, "complaint_count": 0, "verified_count": 0,
        "open_rechecks": 0}

    denied(clerk.post(AGENTS, {"code": "B001", "name": "李专管"}, format="json"), "R-CUS-3")
    denied(api(people["staff"]).get(AGENTS), "R-CUS-5")
    for data, field in (({"code": "A001", "name": "重复"}, "code"),
                        ({"code": "B001", "name": "李", "agency": "NOPE"}, "agency"),
                        ({"code": "B001", "name": "李", "kind": "BOSS"}, "kind"),
                        ({"code": "B001"}, "name"),
                        ({"code": "B001", "name": "李" * 51}, "name")):
        response = head.post(AGENTS, data, format="json")
        assert response.status_code == 400 and field in response.json()["fields"], data
    created = head.post(AGENTS, {"code": "B001", "name": "李专管", "kind": "BANK",
                                 "agency": "AG01"}, format="json")
    assert created.status_code == 201 and created.json()["agency"] == "AG01"
    pk = created.json()["id"]
    event = AuditEvent.objects.get(action="agent.create", target_id=str(pk))
    assert event.channel == "api"

    url = f"{AGENTS}{pk}/"
    assert clerk.get(url).json()["code"] == "B001"
    denied(clerk.patch(url, {"name": "李"}, format="json"), "R-CUS-3")
    code = head.patch(url, {"code": "B002"}, format="json")
    assert code.status_code == 400 and "code" in code.json()["fields"]
    changed = head.patch(url, {"code": "B001", "name": "李专管员", "agency": None},
                         format="json")
    assert changed.status_code == 200
    assert changed.json() | {"created_at": None} == {
        "id": pk, "code": "B001", "name": "李专管员", "kind": "BANK", "agency": None,
        "active": True, "created_at": None}
    kept = head.patch(url, {"kind": "SALES"}, format="json").json()
    assert kept["name"] == "李专管员" and kept["agency"] is None and kept["kind"] == "SALES"
    assert head.patch(url, {"agency": "NOPE"}, format="json").status_code == 400
    assert AuditEvent.objects.filter(action="agent.update", channel="api",
                                     allowed=True).count() == 2

    denied(clerk.post(url + "deactivate/", {"reason": "离职"}, format="json"), "R-CUS-3")
    no_reason = head.post(url + "deactivate/", {}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json()["fields"] == {"reason": ["请填写停用原因"]}
    off = head.post(url + "deactivate/", {"reason": "离职"}, format="json")
    assert off.status_code == 200 and off.json()["active"] is False
    assert not Agent.objects.get(pk=pk).active
    inactive = clerk.get(AGENTS + "?active=false").json()
    assert [a["code"] for a in inactive["results"]] == ["B001"]
    assert [a["code"] for a in clerk.get(AGENTS + "?active=true").json()["results"]] == [
        "A001"]
    twice = head.post(url + "deactivate/", {"reason": "离职"}, format="json")
    assert twice.status_code == 400 and "active" in twice.json()["fields"]
    on = head.post(url + "reactivate/", {}, format="json")
    assert on.status_code == 200 and on.json()["active"] is True
    assert AuditEvent.objects.get(action="agent.reactivate").channel == "api"

    for bad in (f"{AGENTS}999999999/", f"{AGENTS}{2**63}/", f"{AGENTS}999999999/deactivate/"):
        response = (head.get(bad) if not bad.endswith("deactivate/")
                    else head.post(bad, {"reason": "x"}, format="json"))
        assert response.status_code == 404, bad


def test_schema_has_the_new_paths(db, tmp_path) -> None:
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/customers/complaints/", "/api/customers/complaints/{id}/verify/",
                 "/api/customers/rechecks/", "/api/customers/rechecks/{id}/entries/",
                 "/api/customers/rechecks/{id}/entries/{entry}/", "/api/customers/agents/",
                 "/api/customers/agents/{id}/", "/api/customers/agents/{id}/deactivate/",
                 "/api/customers/agents/{id}/reactivate/"):
        assert f"{path}:" in text, path
