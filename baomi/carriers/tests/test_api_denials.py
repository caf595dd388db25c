"""Refusals that used to come back as 400 (bad input) are denials: 403 with rule and
clause, audited (issue 11, house rule 3)."""

from __future__ import annotations

import pytest

from baomi.audit.models import AuditEvent
from baomi.carriers.models import Carrier
from baomi.carriers.tests.test_api import LIST, client_for, detail, draft_body
from baomi.policy.clauses import CLAUSES

pytestmark = pytest.mark.django_db


def _last_denial(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action, allowed=False).order_by("-seq").first()
    assert event is not None
    return event


def test_r_acc_4_naming_oneself_as_confirmer_is_403(people):
    before = Carrier.objects.count()
    response = client_for(people["staff"]).post(
        LIST, draft_body(people, confirmer=people["staff"].staff_no), format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "R-ACC-4"
    assert response.json()["clause"] == CLAUSES["R-ACC-4"]
    assert Carrier.objects.count() == before
    assert _last_denial("carrier.draft").rule == "R-ACC-4"


def test_r_acc_1_drafting_above_ones_clearance_is_403(people):
    """staff (一般) may not draft a 机密 carrier: the drafter is not cleared, not a typo."""
    response = client_for(people["staff"]).post(
        LIST, draft_body(people, level="CONFIDENTIAL", category=""), format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "R-ACC-1"
    assert response.json()["clause"] == CLAUSES["R-ACC-1"]
    assert _last_denial("carrier.draft").rule == "R-ACC-1"


def test_r_acc_4_resubmitting_with_oneself_as_confirmer_is_403(people, make_carrier):
    draft = make_carrier(level="SECRET", confirm=False)
    manager = client_for(people["manager"])
    assert manager.post(detail(draft, "return"), {"note": "请补充"},
                        format="json").status_code == 200
    response = client_for(people["staff"]).post(
        detail(draft, "resubmit"), {"confirmer": people["staff"].staff_no}, format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "R-ACC-4"
    assert Carrier.objects.get(pk=draft.pk).status == "RETURNED"
