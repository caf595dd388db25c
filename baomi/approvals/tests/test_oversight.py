"""Delegation page (授权人, R-ACC-4), incident closing (R-DOC-7) and confirmations (定密,
R-CLS-3) listed in the approvals inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.approvals.models import Delegation, Incident
from baomi.approvals.selectors import delegable_kinds_for, my_inbox
from baomi.approvals.services import incident_close, loss_report
from baomi.approvals.tests.requests_made import borrow
from baomi.audit.models import AuditEvent
from baomi.carriers.models import CarrierCopy
from baomi.core.errors import ApplicationError, PolicyDenied

pytestmark = pytest.mark.django_db


def _ends(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_delegation_page_grant_and_revoke(client, people, make_carrier):
    gm, director = people["gm"], people["director"]
    assert delegable_kinds_for(person=gm) == ["BORROW"]
    assert delegable_kinds_for(person=people["staff"]) == []
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)
    assert not my_inbox(viewer=director).filter(request=req).exists()

    client.force_login(gm.user)
    page = client.get(reverse("approvals:delegations"))
    assert page.status_code == 200 and 'data-testid="delegation-form"' in page.content.decode()
    url = reverse("approvals:delegations")
    too_long = client.post(url, {"delegate": director.pk, "kinds": ["BORROW"],
                                 "ends_on": _ends(400)})
    assert too_long.status_code == 400 and "90" in too_long.content.decode()
    assert client.post(url, {"delegate": director.pk, "ends_on": _ends(5)}).status_code == 400
    assert client.post(url, {"delegate": director.pk, "kinds": ["COPY"],
                             "ends_on": _ends(5)}).status_code == 400  # not delegable
    assert client.post(url, {"delegate": gm.pk, "kinds": ["BORROW"],
                             "ends_on": _ends(5)}).status_code == 400  # not to oneself
    assert client.post(url, {"delegate": "x", "kinds": ["BORROW"],
                             "ends_on": "not-a-date"}).status_code == 400
    assert not Delegation.objects.exists()
    done = client.post(url, {"delegate": director.pk, "kinds": ["BORROW"],
                             "ends_on": _ends(5), "reason": "出差期间"})
    assert done.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.grantor == gm and delegation.kinds == ",BORROW,"
    assert AuditEvent.objects.filter(action="delegation.grant", rule="R-ACC-4").exists()
    assert my_inbox(viewer=director).filter(request=req).exists()
    listed = client.get(url).content.decode()
    assert director.name in listed.split('data-testid="granted"')[1]

    client.force_login(director.user)
    received = client.get(url).content.decode()
    assert gm.name in received.split('data-testid="received"')[1]
    revoke = reverse("approvals:delegation_revoke", args=[delegation.pk])
    denied = client.post(revoke)
    assert denied.status_code == 403 and "R-ACC-4" in denied.content.decode()
    client.force_login(people["staff"].user)
    assert client.post(revoke).status_code == 404  # not theirs to see
    assert 'data-testid="no-delegable"' in client.get(url).content.decode()  # nothing to give
    client.force_login(gm.user)
    assert client.get(revoke).status_code == 405
    assert client.post(revoke).status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert not my_inbox(viewer=director).filter(request=req).exists()
    assert "撤销于" in client.get(url).content.decode()


@pytest.fixture
def incident(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    copy = CarrierCopy.objects.get(carrier=carrier)
    return loss_report(actor=people["staff"], copy=copy, note="出差途中遗失")


def test_incident_close_service(people, make_person, incident):
    officer = make_person("STAFF", "GENERAL", "rd", username="rdsec", is_secrecy_officer=True)
    for outsider in (officer, people["staff"], people["director"]):
        with pytest.raises(PolicyDenied) as denied:
            incident_close(actor=outsider, incident=incident, findings="x")
        assert denied.value.rule == "R-DOC-7"
    assert AuditEvent.objects.filter(action="incident.close", allowed=False).count() == 3
    with pytest.raises(ApplicationError):
        incident_close(actor=people["gm"], incident=incident, findings="  ")
    closed = incident_close(actor=people["gm"], incident=incident, findings="已找回并销毁")
    assert closed.status == Incident.Status.CLOSED and closed.closed_by == people["gm"]
    assert closed.findings == "已找回并销毁" and closed.closed_at is not None
    assert AuditEvent.objects.filter(action="incident.close", allowed=True,
                                     rule="R-DOC-7").count() == 1
    with pytest.raises(ApplicationError):  # closed once
        incident_close(actor=people["gm"], incident=incident, findings="again")


def test_incident_pages(client, people, incident):
    url = reverse("approvals:incident", args=[incident.pk])
    client.force_login(people["staff"].user)  # the reporter sees it, cannot close it
    body = client.get(url).content.decode()
    assert "出差途中遗失" in body and 'data-testid="incident-close"' not in body
    assert client.post(url, {"findings": "x"}).status_code == 403
    client.force_login(people["staff2"].user)
    assert client.get(url).status_code == 404
    client.force_login(people["gm"].user)
    assert 'data-testid="incident-close"' in client.get(url).content.decode()
    assert client.post(url, {"findings": ""}).status_code == 400
    assert client.post(url, {"findings": "调查结论:已找回"}).status_code == 302
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    assert client.post(url, {"findings": "again"}).status_code == 302  # message, not a 500
    page = client.get(url).content.decode()
    assert "调查结论:已找回" in page and 'data-testid="incident-close"' not in page
    assert f'href="{url}"' in client.get(reverse("approvals:incidents")).content.decode()


def test_inbox_lists_pending_confirmations(client, people, make_carrier):
    draft = make_carrier(confirm=False, level="SECRET", title="待确认的方案")
    assert draft.confirmer == people["manager"]
    client.force_login(people["manager"].user)
    body = client.get(reverse("approvals:inbox")).content.decode()
    section = body.split('data-testid="inbox-confirmations"')[1]
    assert "待确认的方案" in section
    assert reverse("carriers:confirm", args=[draft.pk]) in section
    client.force_login(people["gm"].user)
    assert "待确认的方案" not in client.get(reverse("approvals:inbox")).content.decode()
    client.force_login(people["staff"].user)  # the drafter: not theirs to confirm
    assert 'data-testid="inbox-confirmations"' not in client.get(
        reverse("approvals:inbox")).content.decode()
