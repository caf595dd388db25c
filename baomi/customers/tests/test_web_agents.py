"""Pages for agents and agencies, mis-selling complaints and agent re-checks (R-CUS-4):
who may do what, bad input as form errors (never a 500), refusals with rule id and clause."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.customers.models import Agency, Agent, Complaint, Recheck, RecheckEntry

from .conftest import row


def test_agents_page_lists_and_overseers_register(client, service, people, agent) -> None:
    client.force_login(service["clerk"].user)
    page = client.get("/customers/agents/").content.decode()
    assert "A001" in page and "王代理" in page and "平安兼业代理" in page
    assert 'data-testid="agent-submit"' not in page  # a clerk does not register agents
    refused = client.post("/customers/agents/", {"action": "agency", "agency-code": "X",
                                                 "agency-name": "某机构"})
    assert refused.status_code == 403 and "R-CUS-3" in refused.content.decode()
    assert not Agency.objects.filter(code="X").exists()

    client.force_login(service["head"].user)
    assert 'data-testid="agent-submit"' in client.get("/customers/agents/").content.decode()
    ok = client.post("/customers/agents/", {"action": "agency", "agency-code": "AG02",
                                            "agency-name": "银保代理"})
    assert ok.status_code == 302
    agency = Agency.objects.get(code="AG02")
    ok = client.post("/customers/agents/", {
        "action": "agent", "agent-code": "B007", "agent-name": "李专管",
        "agent-kind": "BANK", "agent-agency": str(agency.pk)})
    assert ok.status_code == 302
    assert Agent.objects.get(code="B007").agency == agency
    duplicate = client.post("/customers/agents/", {
        "action": "agent", "agent-code": "B007", "agent-name": "重复", "agent-kind": "SALES"})
    assert duplicate.status_code == 400 and "请更正标出的字段" in duplicate.content.decode()
    bad_agency = client.post("/customers/agents/", {
        "action": "agent", "agent-code": "B008", "agent-name": "某", "agent-kind": "SALES",
        "agent-agency": "999999999999999999999"})
    assert bad_agency.status_code == 400 and not Agent.objects.filter(code="B008").exists()
    found = client.get("/customers/agents/?q=B00&page=abc").content.decode()
    assert "李专管" in found and "王代理" not in found


def test_staff_outside_customer_service_see_no_agent_pages(client, people) -> None:
    client.force_login(people["staff"].user)
    for url in ("/customers/agents/", "/customers/complaints/", "/customers/rechecks/"):
        response = client.get(url)
        assert response.status_code == 403 and "R-CUS-5" in response.content.decode(), url


def test_complaints_recorded_verified_and_second_triggers_recheck(client, service,
                                                                   register) -> None:
    for n in (1, 2):
        register(n)
    today = timezone.localdate()
    client.force_login(service["clerk"].user)
    bad = client.post("/customers/complaints/", {
        "agent_code": "NOPE", "received_on": "2026-13-01", "summary": ""})
    assert bad.status_code == 400 and "请更正标出的字段" in bad.content.decode()
    unknown = client.post("/customers/complaints/", {
        "agent_code": "NOPE", "received_on": today.isoformat(), "summary": "夸大收益"})
    assert unknown.status_code == 400 and "没有这个代理人工号" in unknown.content.decode()
    future = client.post("/customers/complaints/", {
        "agent_code": "A001", "received_on": (today + datetime.timedelta(days=3)).isoformat(),
        "summary": "夸大收益", "policy_number": "P00000001"})
    assert future.status_code == 400 and "投诉日期不能晚于今天" in future.content.decode()
    no_policy = client.post("/customers/complaints/", {
        "agent_code": "A001", "received_on": today.isoformat(), "summary": "夸大收益",
        "policy_number": "P404"})
    assert no_policy.status_code == 400 and "没有这个保单号" in no_policy.content.decode()
    assert not Complaint.objects.exists()

    pks = []
    for days, policy in ((40, "P00000001"), (3, "")):
        response = client.post("/customers/complaints/", {
            "agent_code": "A001", "summary": "夸大收益、隐瞒免责条款", "policy_number": policy,
            "received_on": (today - datetime.timedelta(days=days)).isoformat()})
        assert response.status_code == 302
        pks.append(Complaint.objects.latest("id").pk)
    listed = client.get("/customers/complaints/?status=PENDING&agent=A001").content.decode()
    assert listed.count("待核实") >= 2 and "王代理" in listed

    # a clerk may record but not verify (R-CUS-4 verification belongs to overseers)
    detail = client.get(f"/customers/complaints/{pks[0]}/").content.decode()
    assert 'data-testid="verify-submit"' not in detail
    refused = client.post(f"/customers/complaints/{pks[0]}/", {"mis_selling": "yes",
                                                               "findings": "录音核实"})
    assert refused.status_code == 403 and "R-CUS-3" in refused.content.decode()

    client.force_login(service["head"].user)
    assert 'data-testid="verify-submit"' in client.get(
        f"/customers/complaints/{pks[0]}/").content.decode()
    empty = client.post(f"/customers/complaints/{pks[0]}/", {"mis_selling": "yes",
                                                             "findings": " "})
    assert empty.status_code == 400 and "请填写核实情况" in empty.content.decode()
    first = client.post(f"/customers/complaints/{pks[0]}/", {"mis_selling": "yes",
                                                             "findings": "录音核实"})
    assert first.status_code == 302 and first["Location"] == f"/customers/complaints/{pks[0]}/"
    assert not Recheck.objects.exists()
    again = client.post(f"/customers/complaints/{pks[0]}/", {"mis_selling": "no",
                                                             "findings": "再次"})
    assert again.status_code == 400 and "已核实" in again.content.decode()
    second = client.post(f"/customers/complaints/{pks[1]}/", {"mis_selling": "yes",
                                                              "findings": "回访属实"})
    recheck = Recheck.objects.get()
    assert second.status_code == 302 and second["Location"] == f"/customers/rechecks/{recheck.pk}/"
    assert recheck.entries.count() == 4  # 2 policies × (holder + insured)
    assert "2 / 2" in client.get("/customers/agents/").content.decode()
    assert client.get("/customers/complaints/99999999/").status_code == 404


def _open_recheck(service, register) -> Recheck:
    from baomi.customers.services.checks import complaint_record, complaint_verify

    register(1)
    agent = Agent.objects.get(code="A001")
    today = timezone.localdate()
    for days in (10, 1):
        complaint = complaint_record(actor=service["clerk"], agent=agent, summary="误导",
                                     received_on=today - datetime.timedelta(days=days))
        _c, recheck = complaint_verify(actor=service["head"], complaint=complaint,
                                       mis_selling=True, findings="属实")
    assert recheck is not None
    return recheck


def test_recheck_pages_record_entries_until_done(client, service, register) -> None:
    recheck = _open_recheck(service, register)
    client.force_login(service["clerk"].user)
    listed = client.get("/customers/rechecks/?status=OPEN").content.decode()
    assert "王代理" in listed and "2 / 2" in listed
    page = client.get(f"/customers/rechecks/{recheck.pk}/").content.decode()
    holder_id = row(1)["holder_id_number"]
    assert row(1)["holder_name"] in page and holder_id not in page  # masked in the list
    assert holder_id[:6] + "********" + holder_id[-4:] in page
    first, second = recheck.entries.order_by("id")
    base = f"/customers/rechecks/{recheck.pk}/entries/"
    bad = client.post(f"{base}{first.pk}/", {"result": "MAYBE"})
    assert bad.status_code == 302
    first.refresh_from_db()
    assert first.result == RecheckEntry.Result.PENDING
    assert client.post(f"{base}99999999/", {"result": "CONFIRMED"}).status_code == 404
    ok = client.post(f"{base}{first.pk}/", {"result": "CONFIRMED",
                                            "next": "?result=PENDING&page=1"})
    assert ok.status_code == 302
    assert ok["Location"] == f"/customers/rechecks/{recheck.pk}/?result=PENDING&page=1"
    odd = client.post(f"{base}{second.pk}/", {"result": "FALSE_DATA", "note": "电话为代理人本人",
                                              "next": "//evil.example/"})
    assert odd["Location"] == f"/customers/rechecks/{recheck.pk}/"
    recheck.refresh_from_db()
    second.refresh_from_db()
    assert recheck.status == Recheck.Status.DONE and second.note == "电话为代理人本人"
    done = client.get(f"/customers/rechecks/{recheck.pk}/").content.decode()
    assert "已完成" in done and "电话为代理人本人" in done and "confirm-" not in done
    assert client.get("/customers/rechecks/99999999/").status_code == 404


def test_entry_of_another_recheck_is_not_found(client, service, register) -> None:
    recheck = _open_recheck(service, register)
    other = Recheck.objects.create(agent=Agent.objects.get(code="A001"), reason="x",
                                   status=Recheck.Status.DONE, created_at=timezone.now())
    entry = recheck.entries.first()
    assert entry is not None
    client.force_login(service["clerk"].user)
    response = client.post(f"/customers/rechecks/{other.pk}/entries/{entry.pk}/",
                           {"result": "CONFIRMED"})
    assert response.status_code == 404
