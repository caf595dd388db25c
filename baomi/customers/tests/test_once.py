"""Customers creates happen once (docs/decisions/0005): a complaint retried through the
API with the same Idempotency-Key, and the complaint form posted twice, are one record."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.core.once import FIELD
from baomi.customers.models import Complaint

from .test_api_checks import COMPLAINTS, api

pytestmark = pytest.mark.django_db


def test_a_retried_complaint_with_one_key_is_recorded_once(service, register) -> None:
    register(1)
    clerk = api(service["clerk"])
    data = {"agent": "A001", "summary": "夸大收益", "policy_number": "",
            "received_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()}
    first = clerk.post(COMPLAINTS, data, format="json", HTTP_IDEMPOTENCY_KEY="complaint-0001")
    again = clerk.post(COMPLAINTS, data, format="json", HTTP_IDEMPOTENCY_KEY="complaint-0001")
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Complaint.objects.count() == 1


def test_the_complaint_form_posted_twice_records_one(client, service, register) -> None:
    register(1)
    client.force_login(service["clerk"].user)
    data = {"agent_code": "A001", "summary": "夸大收益", "policy_number": "",
            "received_on": timezone.localdate().isoformat(), FIELD: "complaint-form-01"}
    first = client.post(reverse("customers:complaints"), data)
    second = client.post(reverse("customers:complaints"), data)
    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]
