"""Creates that happen once (docs/decisions/0005): a form's one-time token and an API's
Idempotency-Key, stored with the created row, make a second post return the first record."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest, Delegation
from baomi.approvals.services import PendingRequestExists, request_withdraw
from baomi.approvals.tests.requests_made import borrow
from baomi.audit.tests.test_concurrency import run_threads
from baomi.carriers.models import Carrier, StockTake
from baomi.carriers.tests.factories import carrier_drafted
from baomi.carriers.tests.test_api import client_for
from baomi.carriers.tests.test_views import _draft_data
from baomi.core.errors import ApplicationError
from baomi.core.models import SubmissionToken
from baomi.core.once import FIELD, create_once

pytestmark = pytest.mark.django_db
TOKEN = "a1b2c3d4e5f6a7b8c9d0"


def _draft(people, **kw):
    return lambda: carrier_drafted(people=people, level="SECRET", **kw)


# --- the helper ----------------------------------------------------------------------------

def test_the_same_key_creates_once_and_returns_the_first_record(people):
    first = create_once(actor=people["staff"], key=TOKEN, scope="carrier.draft",
                        create=_draft(people, title="一次"))
    again = create_once(actor=people["staff"], key=TOKEN, scope="carrier.draft",
                        create=_draft(people, title="两次"))
    assert not first.replayed and again.replayed
    assert again.record.pk == first.record.pk
    assert list(Carrier.objects.values_list("title", flat=True)) == ["一次"]
    token = SubmissionToken.objects.get()
    assert (token.target_model, token.target_id) == ("carriers.carrier", str(first.record.pk))


def test_keys_are_per_person_and_per_form(people):
    mine = create_once(actor=people["staff"], key=TOKEN, scope="carrier.draft",
                       create=_draft(people))
    theirs = create_once(actor=people["staff2"], key=TOKEN, scope="carrier.draft",
                         create=_draft(people, drafter=people["staff2"]))
    assert theirs.record.pk != mine.record.pk and not theirs.replayed
    with pytest.raises(ApplicationError) as other_form:
        create_once(actor=people["staff"], key=TOKEN, scope="approval.submit",
                    create=_draft(people))
    assert FIELD in other_form.value.fields


def test_without_a_key_every_post_creates(people):
    create_once(actor=people["staff"], key="", scope="carrier.draft", create=_draft(people))
    create_once(actor=people["staff"], key="", scope="carrier.draft", create=_draft(people))
    assert Carrier.objects.count() == 2 and not SubmissionToken.objects.exists()


def test_a_refused_create_stores_no_token(people):
    with pytest.raises(ApplicationError):
        create_once(actor=people["staff"], key=TOKEN, scope="carrier.draft",
                    create=_draft(people, copies_planned=0))
    assert not SubmissionToken.objects.exists() and not Carrier.objects.exists()
    create_once(actor=people["staff"], key=TOKEN, scope="carrier.draft", create=_draft(people))
    assert Carrier.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_with_one_token_make_one_carrier(people):
    results = run_threads(20, lambda i: create_once(
        actor=people["staff"], key=TOKEN, scope="carrier.draft", create=_draft(people)))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Carrier.objects.count() == 1
    assert {r.record.pk for r in results} == {Carrier.objects.get().pk}  # type: ignore[attr-defined]
    assert sum(not r.replayed for r in results) == 1  # type: ignore[attr-defined]


# --- pages ---------------------------------------------------------------------------------

def test_draft_form_carries_a_token_and_a_second_post_makes_nothing(client, people):
    client.force_login(people["staff"].user)
    form = client.get(reverse("carriers:draft")).content.decode()
    token = re.search(r'name="submission_token" value="" [^>]*data-once-token="(\w+)"', form)
    assert token is not None
    data = {**_draft_data(people), FIELD: token.group(1)}
    first = client.post(reverse("carriers:draft"), data)
    second = client.post(reverse("carriers:draft"), data, follow=True)
    assert Carrier.objects.count() == 1
    carrier = Carrier.objects.get()
    assert first["Location"] == reverse("carriers:detail", args=[carrier.pk])
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "此表单已经提交过" in second.content.decode()


def test_request_form_twice_makes_one_request(client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    client.force_login(people["pm"].user)
    data = {"carrier": carrier.pk, "kind": "BORROW", "reason": "评审",
            "due_back": (timezone.localdate() + timedelta(days=3)).isoformat(), FIELD: TOKEN}
    first = client.post(reverse("approvals:new"), data)
    second = client.post(reverse("approvals:new"), data)
    assert ApprovalRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_second_pending_request_is_refused_naming_and_linking_the_first(
        client, people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    first = borrow(people["pm"], carrier)
    with pytest.raises(PendingRequestExists) as refused:
        borrow(people["pm"], carrier)
    assert refused.value.existing.pk == first.pk and first.number
    assert first.number in refused.value.message
    client.force_login(people["pm"].user)
    response = client.post(reverse("approvals:new"), {
        "carrier": carrier.pk, "kind": "BORROW", "reason": "再借",
        "due_back": (timezone.localdate() + timedelta(days=3)).isoformat()})
    page = response.content.decode()
    assert response.status_code == 400 and first.number in page
    assert reverse("approvals:detail", args=[first.pk]) in page
    assert ApprovalRequest.objects.count() == 1
    # once the first is no longer pending, the same request may be made again
    request_withdraw(actor=people["pm"], request=first)
    assert borrow(people["pm"], carrier).pk != first.pk


def test_delegation_and_stocktake_forms_create_once(client, people):
    client.force_login(people["gm"].user)
    ends = (timezone.localdate() + timedelta(days=5)).isoformat()
    data = {"delegate": people["deputy"].pk, "kinds": ["BORROW"], "ends_on": ends,
            "reason": "出差", FIELD: TOKEN}
    client.post(reverse("approvals:delegations"), data)
    client.post(reverse("approvals:delegations"), data)
    assert Delegation.objects.count() == 1
    unit = people["staff"].unit
    data = {"department": unit.pk, FIELD: "stocktake-token-1"}
    first = client.post(reverse("carriers:stocktakes"), data)
    second = client.post(reverse("carriers:stocktakes"), data)
    assert StockTake.objects.count() == 1
    assert first["Location"] == second["Location"] == reverse(
        "carriers:stocktake", args=[StockTake.objects.get().pk])


# --- API -----------------------------------------------------------------------------------

def test_api_idempotency_key_gives_the_same_response(people, make_carrier):
    api = client_for(people["staff"])
    payload = {"title": "接口拟制", "kind": "DOCUMENT", "level": "SECRET",
               "category": "2.3 立项报告、产品开发进度分析报告",
               "confirmer": people["manager"].staff_no}
    first = api.post("/api/carriers/", payload, format="json", HTTP_IDEMPOTENCY_KEY=TOKEN)
    second = api.post("/api/carriers/", payload, format="json", HTTP_IDEMPOTENCY_KEY=TOKEN)
    assert first.status_code == second.status_code == 201, first.json()
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Carrier.objects.count() == 1
    bad = api.post("/api/carriers/", payload, format="json", HTTP_IDEMPOTENCY_KEY="no")
    assert bad.status_code == 400 and FIELD in bad.json()["fields"]


def test_api_request_submit_with_a_key_and_a_second_pending_request(people, make_carrier):
    carrier = make_carrier(level="CONFIDENTIAL", named_people=[people["pm"]])
    api = client_for(people["pm"])
    payload = {"kind": "BORROW", "carrier": carrier.pk, "reason": "评审",
               "due_back": (timezone.localdate() + timedelta(days=3)).isoformat()}
    first = api.post("/api/approvals/", payload, format="json", HTTP_IDEMPOTENCY_KEY=TOKEN)
    again = api.post("/api/approvals/", payload, format="json", HTTP_IDEMPOTENCY_KEY=TOKEN)
    assert first.status_code == again.status_code == 201, first.json()
    assert first.json()["id"] == again.json()["id"]
    other = api.post("/api/approvals/", payload, format="json")
    assert other.status_code == 400
    assert other.json()["existing"] == {"id": first.json()["id"],
                                        "number": first.json()["number"]}
