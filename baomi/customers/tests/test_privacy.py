"""Identifiers encrypted at rest, masked except for those who need them; blind index."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.core.errors import PolicyDenied
from baomi.customers import crypto
from baomi.customers.models import Customer
from baomi.customers.selectors import customer_page
from baomi.customers.services.privacy import customer_identifiers
from baomi.customers.services.scan import suspicious_scan

from .conftest import row


def test_identifiers_are_encrypted_at_rest(register) -> None:
    register(1)
    data = row(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM customers_customer")
        raw = repr(cursor.fetchall())
    for secret in (data["holder_id_number"], data["holder_phone"], data["holder_account"]):
        assert secret not in raw
    key_file = Path(settings.DATA_DIR) / crypto.KEY_FILE
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_ciphertext_is_bound_to_its_column(register) -> None:
    register(1)
    customer = Customer.objects.filter(id_enc__isnull=False).first()
    assert customer is not None
    with pytest.raises(Exception):  # noqa: B017 (InvalidTag from cryptography)
        crypto.decrypt("phone", customer.id_enc)


def test_masked_for_overseers_full_for_customer_service(people, service, register) -> None:
    register(1)
    holder = Customer.objects.get(name="投保人1")
    number = row(1)["holder_id_number"]
    shown = customer_identifiers(viewer=people["gm"], customer=holder)
    assert not shown.revealed and shown.id_number == number[:6] + "********" + number[-4:]
    assert shown.decision.rule == "R-CUS-5"
    full = customer_identifiers(viewer=service["clerk"], customer=holder)
    assert full.revealed and full.id_number == number and full.phone.endswith(
        row(1)["holder_phone"][-8:])
    assert AuditEvent.objects.filter(action="customer.reveal").count() == 1
    with pytest.raises(PolicyDenied):
        customer_identifiers(viewer=people["staff"], customer=holder)


def test_the_assigned_investigator_sees_the_numbers(people, make_person, register,
                                                    agent) -> None:
    import dataclasses

    from baomi.policy.runtime import get_policy, policy_override

    register(1)
    register(2, holder_phone=row(1)["holder_phone"])
    policy = get_policy()
    # an overseer outside customer service investigates (no reveal by unit)
    with policy_override(dataclasses.replace(policy, customers=dataclasses.replace(
            policy.customers, reveal_units=()))):
        suspicious_scan(scan_date=timezone.localdate())
        from baomi.customers.models import SuspiciousItem

        item = SuspiciousItem.objects.get()
        customer = item.customers.first()
        assert item.assignee is not None and customer is not None
        assert customer_identifiers(viewer=item.assignee, customer=customer).revealed
        assert not customer_identifiers(viewer=people["gm"], customer=customer).revealed


def test_exact_lookup_by_blind_index(service, register) -> None:
    register(1)
    register(2)
    page = customer_page(viewer=service["clerk"], term=row(2)["holder_id_number"])
    assert [c.name for c in page] == ["投保人2"]
    page = customer_page(viewer=service["clerk"], term=row(1)["insured_phone"])
    assert [c.name for c in page] == ["被保险人1"]
