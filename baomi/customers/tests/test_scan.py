"""R-CUS-3: the scan finds exactly the shared phones and accounts, never duplicates,
and deadlines count working days by the stored calendar."""

from __future__ import annotations

import datetime
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.customers import crypto
from baomi.customers.models import (
    Customer,
    ScanRun,
    SuspiciousItem,
    SuspiciousMember,
)
from baomi.customers.services.scan import EvidenceFile, item_close, suspicious_scan

from .conftest import luhn_card

T = datetime.date(2026, 3, 2)  # a Monday


def plant(n: int, *, seed: int = 7) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """n customers with unique phones/accounts, then planted groups sharing them.

    Returns the expected groups: blind index → customer ids, for phones and accounts.
    """
    rng = random.Random(seed)
    now = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
    customers = []
    for i in range(n):
        phone = f"+86139{i:08d}"
        account = luhn_card(f"62220{i:010d}")
        customers.append(Customer(
            name=f"客户{i}", created_at=now,
            phone_enc=crypto.encrypt("phone", phone), phone_bi=crypto.blind_index("phone", phone),
            phone_masked=crypto.mask_phone(phone),
            account_enc=crypto.encrypt("account", account),
            account_bi=crypto.blind_index("account", account),
            account_masked=crypto.mask_account(account)))
    Customer.objects.bulk_create(customers)
    ids = list(Customer.objects.order_by("id").values_list("id", flat=True))
    phones: dict[int, set[int]] = {}
    accounts: dict[int, set[int]] = {}
    pool = ids[:]
    rng.shuffle(pool)
    for size in (2, 2, 3, 2, 5):
        group, pool = pool[:size], pool[size:]
        bi = crypto.blind_index("phone", f"+86188{len(phones):08d}")
        Customer.objects.filter(id__in=group).update(phone_bi=bi)
        phones[bi] = set(group)
    for size in (2, 4):
        group, pool = pool[:size], pool[size:]
        bi = crypto.blind_index("account", f"9{len(accounts):015d}")
        Customer.objects.filter(id__in=group).update(account_bi=bi)
        accounts[bi] = set(group)
    return phones, accounts


def found(kind: str) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for key, customer in SuspiciousMember.objects.filter(item__kind=kind).values_list(
            "item__key_bi", "customer_id"):
        out.setdefault(key, set()).add(customer)
    return out


def test_scan_finds_exactly_the_planted_groups_and_twice_adds_nothing(db) -> None:
    phones, accounts = plant(300)
    first = suspicious_scan(scan_date=T)
    assert found("PHONE") == phones and found("ACCOUNT") == accounts
    assert first.run.new_items == len(phones) + len(accounts) == 7
    again = suspicious_scan(scan_date=T)
    assert again.run.new_items == 0 and again.run.joined == 0
    assert SuspiciousItem.objects.count() == 7
    assert SuspiciousMember.objects.count() == sum(map(len, phones.values())) + sum(
        map(len, accounts.values()))
    assert ScanRun.objects.count() == 2  # runs are logged, items are not duplicated


def test_the_scan_uses_only_customers_entered_by_the_end_of_day_t(db) -> None:
    phones, _ = plant(50)
    key, members = next(iter(phones.items()))
    late = sorted(members)[0]
    Customer.objects.filter(id=late).update(
        created_at=datetime.datetime(2026, 3, 3, 9, 0, tzinfo=timezone.get_current_timezone()))
    suspicious_scan(scan_date=T)
    if len(members) == 2:
        assert key not in found("PHONE")
    else:
        assert found("PHONE")[key] == members - {late}
    suspicious_scan(scan_date=T + datetime.timedelta(days=1))
    assert found("PHONE")[key] == members  # the late one joins the open item


def test_a_closed_item_comes_back_only_with_a_new_customer(people, service) -> None:
    phones, _ = plant(40)
    suspicious_scan(scan_date=T)
    item = SuspiciousItem.objects.filter(kind="PHONE").first()
    assert item is not None and item.assignee in (service["head"], service["clerk"])
    item_close(actor=item.assignee,  # type: ignore[arg-type]
               item=item, outcome="CLEARED", findings="夫妻共用电话",
               evidence=[EvidenceFile("证明.pdf", b"%PDF-1.4 proof")])
    suspicious_scan(scan_date=T + datetime.timedelta(days=1))
    assert SuspiciousItem.objects.filter(key_bi=item.key_bi).count() == 1
    newcomer = Customer.objects.exclude(id__in=phones[item.key_bi]).first()
    assert newcomer is not None
    newcomer.phone_bi = item.key_bi
    newcomer.save(update_fields=["phone_bi"])
    suspicious_scan(scan_date=T + datetime.timedelta(days=2))
    reopened = SuspiciousItem.objects.get(key_bi=item.key_bi, status="OPEN")
    assert set(reopened.customers.values_list("id", flat=True)) == {newcomer.id}


def test_items_are_assigned_and_due_in_three_working_days(service) -> None:
    plant(30)
    run = suspicious_scan(scan_date=datetime.date(2026, 2, 13)).run  # Friday before 春节
    # listed on the make-up working day Sat 14 Feb; 15–23 Feb are holidays;
    # three working days after the 14th: 24, 25, 26 February
    assert run.listed_on == datetime.date(2026, 2, 14)
    assert run.due_on == datetime.date(2026, 2, 26)
    items = SuspiciousItem.objects.all()
    assert all(i.due_on == run.due_on and i.assignee_id for i in items)
    loads = {p.id: items.filter(assignee=p).count() for p in service.values()}
    assert abs(loads[service["head"].id] - loads[service["clerk"].id]) <= 1


def test_closing_needs_findings_and_evidence_and_the_right_person(people, service) -> None:
    plant(20)
    suspicious_scan(scan_date=T)
    item = SuspiciousItem.objects.first()
    assert item is not None
    with pytest.raises(PolicyDenied) as denied:
        item_close(actor=people["staff"], item=item, outcome="CLEARED", findings="x",
                   evidence=[EvidenceFile("a.txt", b"x")])
    assert denied.value.rule == "R-CUS-3"
    with pytest.raises(ApplicationError) as exc:
        item_close(actor=item.assignee,  # type: ignore[arg-type]
               item=item, outcome="FALSE_DATA", findings="",
                   evidence=[])
    assert set(exc.value.fields) == {"findings", "evidence", "responsible_agent"}
    item.refresh_from_db()
    assert item.status == "OPEN"


def test_scan_command_warns_for_a_year_without_calendar_data(db) -> None:
    plant(20)
    out, err = StringIO(), StringIO()
    call_command("customers_scan", "--date", "2027-03-01", stdout=out, stderr=err)
    assert "2027" in err.getvalue() and "工作日历缺少" in err.getvalue()
    assert "新增可疑件 7" in out.getvalue()
    run = ScanRun.objects.get()
    assert run.due_on == datetime.date(2027, 3, 5)  # weekends only: Tue→Fri
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("customers_scan", "--date", "yesterday", stdout=out, stderr=err)
    assert exc.value.code == 2
