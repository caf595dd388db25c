"""`actions_for` (issue 11): the request page, the API's `actions` and the services agree —
nobody is offered an action the service would refuse, and a listed refusal carries the
rule the service answers with."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.approvals.services import request_sign_for, step_decide
from baomi.approvals.tests.requests_made import borrow, pw
from baomi.policy.clauses import CLAUSES

pytestmark = pytest.mark.django_db


def _actions(client, rid: int) -> dict[str, dict]:
    response = client.get(f"/api/approvals/{rid}/")
    assert response.status_code == 200
    return {a["action"]: a for a in response.json()["actions"]}


def test_pending_request_actions_match_the_decide_service(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = borrow(people["pm"], carrier)

    client.force_login(people["pm"].user)
    mine = _actions(client, req.pk)
    assert mine["withdraw"]["allowed"] is True
    assert (mine["approve"]["allowed"], mine["approve"]["rule"]) == (False, "R-ACC-4")
    page = client.get(reverse("approvals:detail", args=[req.pk])).content.decode()
    assert f'data-bs-target="#approve-{req.steps.get(seq=1).pk}"' not in page

    client.force_login(people["director"].user)  # 总监: not a 机密 borrowing approver
    listed = _actions(client, req.pk)["approve"]
    assert listed["allowed"] is False and listed["rule"] == "R-DOC-4"
    assert listed["clause"] == CLAUSES["R-DOC-4"]
    assert "withdraw" in _actions(client, req.pk)
    assert _actions(client, req.pk)["withdraw"]["allowed"] is False
    page = client.get(reverse("approvals:detail", args=[req.pk])).content.decode()
    assert "#approve-" not in page  # the old page offered it to anyone but the requester
    refused = client.post(f"/api/approvals/{req.pk}/approve/", {},
                          content_type="application/json")
    assert refused.status_code == 403 and refused.json()["rule"] == listed["rule"]

    client.force_login(people["gm"].user)
    listed = _actions(client, req.pk)
    assert listed["approve"]["allowed"] is True and listed["reject"]["allowed"] is True
    page = client.get(reverse("approvals:detail", args=[req.pk])).content.decode()
    assert "#approve-" in page
    done = client.post(f"/api/approvals/{req.pk}/approve/", {}, content_type="application/json")
    assert done.status_code == 200
    # approved: the borrowing lists sign_for, refused to anyone but the borrower (R-DOC-2)
    after = {a["action"]: a for a in done.json()["actions"]}
    assert (after["sign_for"]["allowed"], after["sign_for"]["rule"]) == (False, "R-DOC-2")


def test_return_is_offered_to_the_lender_only(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    req = step_decide(actor=people["gm"], request=borrow(people["pm"], carrier),
                      decision="APPROVE")
    request_sign_for(actor=people["pm"], request=req, password=pw(people["pm"]))

    client.force_login(people["pm"].user)  # the borrower
    listed = _actions(client, req.pk)
    assert list(listed) == ["return"]
    assert (listed["return"]["allowed"], listed["return"]["rule"]) == (False, "R-DOC-6")
    page = client.get(reverse("approvals:detail", args=[req.pk])).content.decode()
    assert 'data-testid="return-form"' not in page
    refused = client.post(reverse("approvals:return", args=[req.pk]),
                          {"password": pw(people["pm"])})
    assert refused.status_code == 403 and "R-DOC-6" in refused.content.decode()

    client.force_login(people["director"].user)  # the custodian who lent it
    assert _actions(client, req.pk)["return"]["allowed"] is True
    page = client.get(reverse("approvals:detail", args=[req.pk])).content.decode()
    assert 'data-testid="return-form"' in page
    back = client.post(reverse("approvals:return", args=[req.pk]),
                       {"password": pw(people["director"])})
    assert back.status_code == 302
    req.refresh_from_db()
    assert req.status == "DONE"
