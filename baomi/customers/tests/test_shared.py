"""R-CUS-3: the shared-value triggers record every value a second customer takes, on
every write path, and the scan built on them agrees with grouping every customer."""

from __future__ import annotations

import contextlib
import datetime
import random
import threading

import pytest
from django.db import connection, transaction

from baomi.customers import crypto
from baomi.customers.models import Customer, SharedValue
from baomi.customers.services.shared import reconcile, regroup, shared_since

from .conftest import row

NOW = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)


def recorded(kind: str) -> set[int]:
    return set(SharedValue.objects.filter(kind=kind).values_list("key_bi", flat=True))


def customer(i: int, *, phone: str | None = None, account: str | None = None) -> Customer:
    phone = phone or f"+86139{i:08d}"
    account = account or f"62220{i:011d}"
    return Customer(name=f"客户{i}", created_at=NOW,
                    phone_bi=crypto.blind_index("phone", phone),
                    account_bi=crypto.blind_index("account", account))


def test_every_write_path_records_a_value_a_second_customer_takes(db) -> None:
    Customer.objects.bulk_create([customer(i) for i in range(20)])
    assert recorded("PHONE") == set() and recorded("ACCOUNT") == set()
    # ORM save of a new customer with an existing phone
    twin = customer(100, phone="+8613900000003")
    twin.save()
    assert recorded("PHONE") == {twin.phone_bi}
    # queryset update() onto another customer's account
    target = Customer.objects.get(name="客户5")
    Customer.objects.filter(name="客户6").update(account_bi=target.account_bi)
    assert recorded("ACCOUNT") == {target.account_bi}
    # save(update_fields) of a phone
    third = Customer.objects.get(name="客户7")
    third.phone_bi = target.phone_bi
    third.save(update_fields=["phone_bi"])
    assert recorded("PHONE") == {twin.phone_bi, target.phone_bi}
    # NULL is never shared; changing to a fresh value records nothing
    Customer.objects.filter(name__in=["客户8", "客户9"]).update(phone_bi=None)
    Customer.objects.filter(name="客户10").update(account_bi=12345)
    assert len(recorded("PHONE")) == 2 and len(recorded("ACCOUNT")) == 1


def test_the_import_records_shared_phones_within_and_across_batches(service, agent) -> None:
    from baomi.customers.services.registry import policies_import

    rows = [(i + 2, row(i, holder_phone="13800000001" if i in (3, 40) else f"139{i:08d}"))
            for i in range(60)]
    policies_import(actor=service["clerk"], rows=rows)
    assert recorded("PHONE") == {crypto.blind_index("phone", "+8613800000001")}


def test_shared_since_counts_only_customers_before_the_cut_off(db) -> None:
    early = customer(1, phone="+8613800000009")
    late = customer(2, phone="+8613800000009")
    late.created_at = NOW + datetime.timedelta(days=3)
    Customer.objects.bulk_create([early, late])
    key = early.phone_bi
    assert recorded("PHONE") == {key}
    assert shared_since("PHONE", cutoff=NOW + datetime.timedelta(days=1), minimum=2) == []
    assert shared_since("PHONE", cutoff=NOW + datetime.timedelta(days=4), minimum=2) == [key]
    assert shared_since("PHONE", cutoff=NOW + datetime.timedelta(days=4), minimum=3) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recorded_values_equal_grouping_every_customer(db, seed: int) -> None:
    rng = random.Random(seed)
    people = [customer(i, phone=f"+86139{rng.randrange(60):08d}",
                       account=f"62{rng.randrange(80):014d}") for i in range(120)]
    Customer.objects.bulk_create(people[:60])
    for p in people[60:]:
        p.save()
    grouped = regroup()
    assert recorded("PHONE") == set(grouped["PHONE"])
    assert recorded("ACCOUNT") == set(grouped["ACCOUNT"])
    assert reconcile() == {"PHONE": 0, "ACCOUNT": 0}


def test_reconcile_repairs_values_the_triggers_did_not_record(db) -> None:
    Customer.objects.bulk_create([customer(1, phone="+8613800000007"),
                                  customer(2, phone="+8613800000007")])
    SharedValue.objects.all().delete()   # as if loaded with the triggers off
    assert reconcile() == {"PHONE": 1, "ACCOUNT": 0}
    assert recorded("PHONE") == {crypto.blind_index("phone", "+8613800000007")}
    assert reconcile() == {"PHONE": 0, "ACCOUNT": 0}


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_new_value_record_it(service, agent) -> None:
    """Two batches storing customers with the same new phone at the same moment: without
    the write lock each trigger misses the other's uncommitted row on PostgreSQL."""
    from baomi.customers.services.registry import policies_import

    start, stored = threading.Barrier(2), threading.Barrier(2)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            start.wait()
            # one customer per thread takes the phone: only the two threads together share it
            rows = [(i + 2, row(offset + i, holder_phone="13800000002" if i == 0
                                else f"139{offset + i:08d}")) for i in range(5)]
            with transaction.atomic():
                policies_import(actor=service["clerk"], rows=rows)
                # without the lock both threads get here with their rows uncommitted;
                # with it the second waits in policies_import until the first commits
                with contextlib.suppress(threading.BrokenBarrierError):
                    stored.wait(timeout=2)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(o,)) for o in (0, 500)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Customer.objects.filter(
        phone_bi=crypto.blind_index("phone", "+8613800000002")).count() == 2
    assert recorded("PHONE") == {crypto.blind_index("phone", "+8613800000002")}


def test_customers_scan_full_reports_and_repairs_missing_values(db) -> None:
    from io import StringIO

    from django.core.management import call_command

    from baomi.audit.models import AuditEvent

    Customer.objects.bulk_create([customer(1, account="6222000000000001"),
                                  customer(2, account="6222000000000001")])
    SharedValue.objects.all().delete()
    out = StringIO()
    call_command("customers_scan", "--date", "2026-03-02", "--full", stdout=out)
    assert "全量核对:补记共用电话 0,共用银行账号 1" in out.getvalue()
    assert "新增可疑件 1" in out.getvalue()
    event = AuditEvent.objects.filter(action="customers.scan").latest("id")
    assert event.detail["full"] is True and event.detail["missing"] == 1
