"""Audit pages and API: auditors only (R-ACC-4), metadata never content, proofs verify."""

from __future__ import annotations

import pytest

from baomi.audit.checkpoints import audit_checkpoint_create
from baomi.audit.models import AuditEvent
from baomi.audit.services import audit_append
from baomi.policy.audit_access import may_audit


@pytest.fixture(autouse=True)
def keys_in_tmp(settings, tmp_path):
    settings.BAOMI_AUDIT_KEY_DIR = str(tmp_path / "audit")


@pytest.fixture
def log(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    audit_append(actor=people["manager"], action="carrier.return", target=carrier,
                 detail={"note": "第三页的报价不对", "number": carrier.number})
    audit_checkpoint_create()
    return carrier


def test_who_may_audit(people, make_person):
    assert may_audit(people["gm"]).allowed  # 总经办 is the secrecy office in the fixture
    assert may_audit(people["board"]).allowed
    assert not may_audit(people["staff"]).allowed
    assert not may_audit(people["director"]).allowed
    assert may_audit(people["staff"]).rule == "R-ACC-4"
    assert not may_audit(None).allowed


def test_auditor_searches_sees_metadata_only(client, people, log):
    client.force_login(people["gm"].user)
    page = client.get("/audit/", {"carrier": log.number})
    html = page.content.decode()
    assert page.status_code == 200
    assert "carrier.return" in html and "carrier.draft" in html
    assert "第三页的报价不对" not in html and "内容已隐藏" in html
    assert log.title not in html
    assert 'data-testid="nav-audit"' in html
    by_person = client.get("/audit/", {"person": people["manager"].name, "action": "carrier."})
    assert "carrier.return" in by_person.content.decode()
    bad = client.get("/audit/", {"date_from": "2026-13-45"})  # ignored, shown, never a 500
    assert bad.status_code == 200 and "无效" in bad.content.decode()


def test_others_are_refused_and_refusal_is_audited(client, people, log):
    client.force_login(people["staff"].user)
    assert 'data-testid="nav-audit"' not in client.get("/carriers/").content.decode()
    page = client.get("/audit/")
    assert page.status_code == 403 and "R-ACC-4" in page.content.decode()
    assert AuditEvent.objects.filter(action="audit.view", allowed=False,
                                     actor=people["staff"]).exists()
    api = client.get("/api/audit/checkpoint/")
    assert api.status_code == 403 and api.json()["rule"] == "R-ACC-4"


def test_export_selection_is_metadata_and_audited(client, people, log):
    client.force_login(people["gm"].user)
    response = client.get("/audit/export/", {"action": "carrier.return"})
    body = response.content.decode()
    assert response.status_code == 200 and body.count("\n") == 1
    assert "carrier.return" in body and "第三页" not in body
    assert AuditEvent.objects.filter(action="audit.export", actor=people["gm"]).exists()


def test_event_page_and_verify_button(client, people, log):
    client.force_login(people["gm"].user)
    event = AuditEvent.objects.get(action="carrier.return")
    page = client.get(f"/audit/events/{event.seq}/")
    assert page.status_code == 200 and "核验此事件" in page.content.decode()
    # detail keys by their labels (audit/labels.py), not their codes
    assert "<div>编号: " in page.content.decode() and "<div>number: " not in page.content.decode()
    result = client.get(f"/audit/events/{event.seq}/verify/", HTTP_HX_REQUEST="true")
    assert "核验通过" in result.content.decode()
    after = audit_append(actor=None, action="test.later")
    pending = client.get(f"/audit/events/{after.seq}/verify/", HTTP_HX_REQUEST="true")
    assert "下一次检查点" in pending.content.decode()
    assert client.get("/audit/events/999999/").status_code == 404


def test_api_checkpoint_proofs_events(client, people, log):
    client.force_login(people["gm"].user)
    cp = client.get("/api/audit/checkpoint/").json()
    assert cp["size"] == AuditEvent.objects.filter(seq__lte=cp["size"]).count()
    inc = client.get("/api/audit/proof/inclusion/", {"seq": 1, "size": cp["size"]}).json()
    assert inc["type"] == "inclusion" and inc["tree_size"] == cp["size"]
    con = client.get("/api/audit/proof/consistency/", {"first": 1}).json()
    assert con["type"] == "consistency"
    events = client.get("/api/audit/events/", {"action": "carrier.return"}).json()
    assert events[0]["detail"]["note"].startswith("(内容已隐藏")
    for bad in ({"seq": "x"}, {"seq": "-1"}, {"seq": 10**9}, {}):
        response = client.get("/api/audit/proof/inclusion/", bad)
        assert response.status_code == 400, bad
    assert client.get("/api/audit/events/", {"date_to": "nope"}).status_code == 400
