"""Editing, deactivating and reactivating agents and agencies (R-CUS-3, R-CUS-4): the
services (allowed and refused with the rule id, validated, audited) and the agents page."""

from __future__ import annotations

from typing import Any

import pytest

from baomi.audit.labels import action_label
from baomi.audit.models import AuditEvent
from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.customers import selectors as sel
from baomi.customers.models import Agency, Agent
from baomi.customers.services.agents import (
    REASON_MAX,
    agency_create,
    agency_set_active,
    agency_update,
    agent_create,
    agent_set_active,
    agent_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(people: dict[str, Any]) -> dict[str, Any]:
    """Two agencies, an agent in the first and an individual agent (registered by gm)."""
    gm = people["gm"]
    ag1 = agency_create(actor=gm, code=" AG01 ", name=" 平安兼业代理 ")
    ag2 = agency_create(actor=gm, code="AG02", name="银保代理")
    return {
        "ag1": ag1, "ag2": ag2,
        "a1": agent_create(actor=gm, code="A001", name="王代理", agency=ag1),
        "a2": agent_create(actor=gm, code="A002", name="李个人", kind=Agent.Kind.BANCASSURANCE),
    }


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_create_copies_strip_and_audit(firm) -> None:
    assert firm["ag1"].code == "AG01" and firm["ag1"].name == "平安兼业代理"
    assert firm["a1"].active and firm["ag1"].active
    assert [e.detail["code"] for e in events("agent.create")] == ["A001", "A002"]
    assert events("agency.create")[0].detail == {"code": "AG01"}


def test_every_service_refuses_a_clerk_with_rule_and_clause(service, firm) -> None:
    clerk = service["clerk"]
    calls = {
        "agency.create": lambda: agency_create(actor=clerk, code="X", name="某"),
        "agent.create": lambda: agent_create(actor=clerk, code="X", name="某"),
        "agency.update": lambda: agency_update(actor=clerk, agency=firm["ag1"], name="新名"),
        "agency.deactivate": lambda: agency_set_active(actor=clerk, agency=firm["ag1"],
                                                       active=False, reason="停业"),
        "agent.update": lambda: agent_update(actor=clerk, agent=firm["a1"], name="新名",
                                             kind="SALES", agency=None),
        "agent.deactivate": lambda: agent_set_active(actor=clerk, agent=firm["a1"],
                                                     active=False, reason="离职"),
    }
    for action, call in calls.items():
        with pytest.raises(PolicyDenied) as exc:
            call()
        assert exc.value.rule == "R-CUS-3", action
        assert "第十三条" in exc.value.clause, action
        denied = AuditEvent.objects.filter(action=action, allowed=False)
        assert denied.count() == 1 and denied.get().rule == "R-CUS-3", action
    firm["a1"].refresh_from_db()
    assert firm["a1"].name == "王代理" and firm["a1"].active
    assert Agency.objects.get(code="AG01").name == "平安兼业代理"


def test_staff_outside_customer_service_are_refused(people, firm) -> None:
    with pytest.raises(PolicyDenied) as exc:
        agent_set_active(actor=people["staff"], agent=firm["a1"], active=False, reason="x")
    assert exc.value.rule == "R-CUS-3"


def test_customer_service_head_may_manage(service, firm) -> None:
    agent = agent_update(actor=service["head"], agent=firm["a1"], name="王代理人",
                         kind="SALES", agency=firm["ag1"])
    assert agent.name == "王代理人"


def test_agency_update_renames_keeps_code_and_audits(people, firm) -> None:
    agency = agency_update(actor=people["gm"], agency=firm["ag1"], name=" 平安代理 ")
    assert agency.name == "平安代理" and agency.code == "AG01"
    [event] = events("agency.update")
    assert event.detail == {"code": "AG01", "name": ["平安兼业代理", "平安代理"]}
    assert event.target_id == str(agency.pk) and event.actor_id == people["gm"].pk
    agency_update(actor=people["gm"], agency=agency, name="平安代理")  # no change, no event
    assert len(events("agency.update")) == 1
    with pytest.raises(ApplicationError) as exc:
        agency_update(actor=people["gm"], agency=agency, name="  ")
    assert "name" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        agency_update(actor=people["gm"], agency=agency, name="长" * 201)
    assert "name" in exc.value.fields
    assert Agency.objects.get(pk=agency.pk).name == "平安代理"


def test_agent_update_changes_name_kind_agency_not_code(people, firm) -> None:
    gm = people["gm"]
    agent = agent_update(actor=gm, agent=firm["a1"], name="王二", kind="BANK",
                         agency=firm["ag2"])
    agent.refresh_from_db()
    assert (agent.code, agent.name, agent.kind, agent.agency) == ("A001", "王二", "BANK",
                                                                 firm["ag2"])
    [event] = events("agent.update")
    assert event.detail == {"code": "A001", "name": ["王代理", "王二"], "kind": ["SALES", "BANK"],
                            "agency": ["AG01", "AG02"]}
    agent_update(actor=gm, agent=agent, name="王二", kind="BANK", agency=firm["ag2"])
    assert len(events("agent.update")) == 1
    with pytest.raises(ApplicationError) as exc:
        agent_update(actor=gm, agent=agent, name="", kind="NOPE", agency=None)
    assert {"name", "kind"} <= set(exc.value.fields)
    agent.refresh_from_db()
    assert (agent.name, agent.kind, agent.agency_id) == ("王二", "BANK", firm["ag2"].pk)
    with pytest.raises(TypeError):  # the code is fixed: the service takes none
        agent_update(actor=gm, agent=agent, code="B001", name="王二", kind="BANK",  # type: ignore[call-arg]
                     agency=None)


def test_deactivate_needs_a_reason_and_reactivate(people, firm) -> None:
    gm, agent = people["gm"], firm["a1"]
    for reason in ("", "   "):
        with pytest.raises(ApplicationError) as exc:
            agent_set_active(actor=gm, agent=agent, active=False, reason=reason)
        assert exc.value.fields == {"reason": ["请填写停用原因"]}
    with pytest.raises(ApplicationError) as exc:
        agent_set_active(actor=gm, agent=agent, active=False, reason="x" * (REASON_MAX + 1))
    assert "reason" in exc.value.fields
    assert Agent.objects.get(pk=agent.pk).active
    agent = agent_set_active(actor=gm, agent=agent, active=False, reason=" 已离职 ")
    assert not Agent.objects.get(pk=agent.pk).active
    [event] = events("agent.deactivate")
    assert event.detail == {"code": "A001", "reason": "已离职", "agency": "AG01"}
    assert action_label("agent.deactivate") == "停用代理人"
    with pytest.raises(ApplicationError) as exc:  # already deactivated
        agent_set_active(actor=gm, agent=agent, active=False, reason="again")
    assert "active" in exc.value.fields
    agent = agent_set_active(actor=gm, agent=agent, active=True, reason="")
    assert Agent.objects.get(pk=agent.pk).active
    assert events("agent.reactivate")[0].detail["reason"] == ""


def test_deactivating_an_agency_deactivates_its_agents(people, firm) -> None:
    gm = people["gm"]
    extra = agent_create(actor=gm, code="A003", name="赵代理", agency=firm["ag1"])
    with pytest.raises(ApplicationError) as exc:
        agency_set_active(actor=gm, agency=firm["ag1"], active=False, reason="")
    assert "reason" in exc.value.fields
    agency_set_active(actor=gm, agency=firm["ag1"], active=False, reason="合作终止")
    assert not Agency.objects.get(code="AG01").active
    assert set(Agent.objects.filter(active=False).values_list("code", flat=True)) == {
        "A001", "A003"}
    assert Agent.objects.get(code="A002").active   # an individual agent is untouched
    [event] = events("agency.deactivate")
    assert event.detail == {"code": "AG01", "reason": "合作终止", "agents": 2}
    assert [e.detail["code"] for e in events("agent.deactivate")] == ["A001", "A003"]

    # an agent of a deactivated agency cannot be reactivated, registered or moved there
    with pytest.raises(ApplicationError) as exc:
        agent_set_active(actor=gm, agent=extra, active=True, reason="")
    assert "agency" in exc.value.fields
    assert not Agent.objects.get(code="A003").active
    with pytest.raises(ApplicationError) as exc:
        agent_create(actor=gm, code="A004", name="新人", agency=firm["ag1"])
    assert "agency" in exc.value.fields and not Agent.objects.filter(code="A004").exists()
    with pytest.raises(ApplicationError) as exc:
        agent_update(actor=gm, agent=firm["a2"], name="李个人", kind="BANK",
                     agency=Agency.objects.get(code="AG01"))
    assert "agency" in exc.value.fields
    # its own agents may still be edited (kept in the agency) while deactivated
    agent_update(actor=gm, agent=extra, name="赵代理人", kind="SALES",
                 agency=Agency.objects.get(code="AG01"))

    # moved to an agency in use, the agent may be reactivated
    agent_update(actor=gm, agent=extra, name="赵代理人", kind="SALES", agency=firm["ag2"])
    agent_set_active(actor=gm, agent=extra, active=True, reason="转入银保代理")
    assert Agent.objects.get(code="A003").active

    # reactivating the agency does not reactivate its agents
    agency_set_active(actor=gm, agency=firm["ag1"], active=True, reason="")
    assert Agency.objects.get(code="AG01").active and not Agent.objects.get(code="A001").active
    assert events("agency.reactivate")[0].detail["agents"] == 0
    agent_set_active(actor=gm, agent=firm["a1"], active=True, reason="")
    with pytest.raises(ApplicationError):
        agency_set_active(actor=gm, agency=firm["ag1"], active=True, reason="")


def test_selectors_filter_active(people, firm) -> None:
    gm = people["gm"]
    agent_set_active(actor=gm, agent=firm["a2"], active=False, reason="离职")
    inactive = sel.agent_page(viewer=gm, active=False)
    assert [a.code for a in inactive] == ["A002"]
    assert [a.code for a in sel.agent_page(viewer=gm, active=True)] == ["A001"]
    assert len(sel.agent_page(viewer=gm).object_list) == 2
    agency_set_active(actor=gm, agency=firm["ag2"], active=False, reason="停业")
    assert [a.code for a in sel.agency_list(viewer=gm, active=True)] == ["AG01"]


# --- the agents page ---------------------------------------------------------------------

def post(client: Any, action: str, pk: int, **data: str) -> Any:
    return client.post("/customers/agents/", {"action": action, "pk": str(pk), **data})


def test_page_edit_deactivate_reactivate(client, service, firm) -> None:
    client.force_login(service["head"].user)
    a1, ag1 = firm["a1"], firm["ag1"]
    page = client.get(f"/customers/agents/?edit_agent={a1.pk}").content.decode()
    assert 'data-testid="edit-form"' in page and 'value="agent_edit"' in page
    assert 'data-testid="deactivate-submit"' in page and "deactivate-modal" in page
    assert 'data-testid="edit-code">A001<' in page

    bad = post(client, "agent_edit", a1.pk, **{"edit-name": "", "edit-kind": "SALES"})
    assert bad.status_code == 400
    ok = post(client, "agent_edit", a1.pk, **{"edit-name": "王代理人", "edit-kind": "BANK",
                                              "edit-agency": str(firm["ag2"].pk),
                                              "edit-code": "HACK"})
    assert ok.status_code == 302
    a1.refresh_from_db()
    assert (a1.code, a1.name, a1.kind, a1.agency) == ("A001", "王代理人", "BANK", firm["ag2"])

    no_reason = post(client, "agent_deactivate", a1.pk, **{"off-reason": ""})
    assert no_reason.status_code == 400 and "请填写停用原因" in no_reason.content.decode()
    assert Agent.objects.get(pk=a1.pk).active
    off = post(client, "agent_deactivate", a1.pk, **{"off-reason": "离职"})
    assert off.status_code == 302 and not Agent.objects.get(pk=a1.pk).active
    listed = client.get("/customers/agents/?status=inactive").content.decode()
    assert 'data-testid="agent-row-A001"' in listed and "已停用" in listed
    assert 'data-testid="agent-row-A002"' not in listed
    in_use = client.get("/customers/agents/?status=active").content.decode()
    assert 'data-testid="agent-row-A001"' not in in_use
    editing = client.get(f"/customers/agents/?edit_agent={a1.pk}").content.decode()
    assert 'data-testid="reactivate-submit"' in editing
    on = post(client, "agent_reactivate", a1.pk, **{"on-reason": ""})
    assert on.status_code == 302 and Agent.objects.get(pk=a1.pk).active

    # agencies: rename, deactivate (with its agents), the agent cannot come back alone
    renamed = post(client, "agency_edit", ag1.pk, **{"edit-name": "平安代理"})
    assert renamed.status_code == 302 and Agency.objects.get(pk=ag1.pk).name == "平安代理"
    agent_update(actor=service["head"], agent=a1, name="王代理人", kind="BANK", agency=ag1)
    off = post(client, "agency_deactivate", ag1.pk, **{"off-reason": "合作终止"})
    assert off.status_code == 302
    assert not Agency.objects.get(pk=ag1.pk).active and not Agent.objects.get(pk=a1.pk).active
    agencies = client.get("/customers/agents/?status=inactive").content.decode()
    assert 'data-testid="agency-row-AG01"' in agencies
    editing = client.get(f"/customers/agents/?edit_agent={a1.pk}").content.decode()
    assert 'data-testid="agency-inactive"' in editing
    refused = post(client, "agent_reactivate", a1.pk, **{"on-reason": ""})
    assert refused.status_code == 400 and "已停用" in refused.content.decode()
    assert not Agent.objects.get(pk=a1.pk).active
    # a deactivated agency is not offered to new agents
    register = client.post("/customers/agents/", {
        "action": "agent", "agent-code": "B001", "agent-name": "某", "agent-kind": "SALES",
        "agent-agency": str(ag1.pk)})
    assert register.status_code == 400 and not Agent.objects.filter(code="B001").exists()
    back = post(client, "agency_reactivate", ag1.pk, **{"on-reason": "恢复合作"})
    assert back.status_code == 302 and Agency.objects.get(pk=ag1.pk).active


def test_page_refuses_clerk_and_unknown_records(client, service, firm) -> None:
    client.force_login(service["clerk"].user)
    page = client.get(f"/customers/agents/?edit_agent={firm['a1'].pk}").content.decode()
    assert 'data-testid="edit-form"' not in page and "agent-edit-A001" not in page
    refused = post(client, "agent_deactivate", firm["a1"].pk, **{"off-reason": "离职"})
    assert refused.status_code == 403 and "R-CUS-3" in refused.content.decode()
    assert Agent.objects.get(pk=firm["a1"].pk).active

    client.force_login(service["head"].user)
    for pk in ("0", "abc", "99999999", "999999999999999999999"):
        response = client.post("/customers/agents/", {"action": "agent_edit", "pk": pk,
                                                      "edit-name": "x", "edit-kind": "SALES"})
        assert response.status_code == 404, pk
    assert client.get("/customers/agents/?edit_agent=abc&status=bogus").status_code == 200
