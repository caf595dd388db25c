"""Correcting a stored customer's contact data (issue 7, R-CUS-3 with the R-CUS-2 checks):
who may, what is checked, what the shared-value triggers and the scan make of it, and
what the audit log keeps (masks only)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from baomi.audit.models import AuditEvent
from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.customers import crypto
from baomi.customers.models import Customer, SharedValue, SuspiciousItem
from baomi.customers.services.correct import customer_correct
from baomi.customers.services.scan import EvidenceFile, item_close, suspicious_scan
from baomi.policy.runtime import get_policy, policy_override

from .conftest import luhn_card, row

pytestmark = pytest.mark.django_db

NEW_PHONE = "13812345678"
NEW_CARD = luhn_card("622848001234567")


def snapshot(customer: Customer) -> tuple[Any, ...]:
    customer.refresh_from_db()
    return (bytes(customer.phone_enc or b""), customer.phone_bi, customer.phone_masked,
            bytes(customer.account_enc or b""), customer.account_bi,
            customer.account_masked, customer.address)


def corrections() -> int:
    return AuditEvent.objects.filter(action="customer.correct", allowed=True).count()


def test_customer_service_corrects_phone_account_and_address(service, register) -> None:
    holder = register(1).policyholder
    customer = customer_correct(actor=service["clerk"], customer=holder, phone=NEW_PHONE,
                                account=f" {NEW_CARD} ", address="上海市浦东新区1号",
                                reason="客户来电更正")
    customer.refresh_from_db()
    assert crypto.decrypt("phone", customer.phone_enc) == "+86" + NEW_PHONE   # E.164
    assert customer.phone_bi == crypto.blind_index("phone", "+86" + NEW_PHONE)
    assert customer.phone_masked == "138****5678"
    assert crypto.decrypt("account", customer.account_enc) == NEW_CARD
    assert customer.account_bi == crypto.blind_index("account", NEW_CARD)
    assert customer.account_masked == crypto.mask_account(NEW_CARD)
    assert customer.address == "上海市浦东新区1号"
    event = AuditEvent.objects.get(action="customer.correct")
    assert event.detail["fields"] == ["phone", "account", "address"]
    assert event.detail["rule"] == "R-CUS-3" and event.detail["item"] is None


def test_overseers_and_outsiders_are_refused_with_the_rule(service, people, register) -> None:
    holder = register(1).policyholder
    before = snapshot(holder)
    with pytest.raises(PolicyDenied) as leader:
        customer_correct(actor=people["gm"], customer=holder, phone=NEW_PHONE, reason="x")
    assert leader.value.rule == "R-CUS-3" and "篇十一" in leader.value.clause
    assert leader.value.reason == "只有客户服务部门和可疑排查的承办人可以更正客户资料"
    with pytest.raises(PolicyDenied) as outsider:
        customer_correct(actor=people["staff"], customer=holder, phone=NEW_PHONE, reason="x")
    assert outsider.value.rule == "R-CUS-5"   # may not work with customer records at all
    assert snapshot(holder) == before and corrections() == 0
    assert AuditEvent.objects.filter(action="customer.correct", allowed=False).count() == 2


def test_the_investigator_may_correct_outside_the_reveal_units(service, register) -> None:
    first = register(1)
    register(2, holder_phone=row(1)["holder_phone"])
    suspicious_scan(scan_date=timezone.localdate())
    item = SuspiciousItem.objects.get()
    assignee = item.assignee
    assert assignee is not None
    other = service["head"] if assignee == service["clerk"] else service["clerk"]
    policy = get_policy()
    hidden = dataclasses.replace(policy, customers=dataclasses.replace(
        policy.customers, reveal_units=()))
    with policy_override(hidden):
        with pytest.raises(PolicyDenied) as refused:
            customer_correct(actor=other, customer=first.policyholder, phone=NEW_PHONE,
                             reason="x")
        assert refused.value.rule == "R-CUS-3"
        customer_correct(actor=assignee, customer=first.policyholder, phone=NEW_PHONE,
                         reason="排查确认号码录错", item=item)
    assert AuditEvent.objects.get(action="customer.correct", allowed=True).detail["item"] \
        == item.pk


def test_bad_values_are_field_errors_and_change_nothing(service, register) -> None:
    policy = register(1)
    holder, insured = policy.policyholder, policy.insured
    before = snapshot(holder)
    with pytest.raises(ApplicationError) as bad:
        customer_correct(actor=service["clerk"], customer=holder, phone="12345",
                         account="6222020000000001", address="x" * 301, reason=" ")
    fields = bad.value.fields
    assert fields["phone"] == ["电话号码无效(号码段或位数不符)"]
    assert fields["account"] == ["银行账号未通过 Luhn 校验"]
    assert fields["address"] == ["联系地址最长 300 个字"]
    assert fields["reason"] == ["请填写更正原因"]
    with pytest.raises(ApplicationError) as emptied:   # R-CUS-1: a policyholder keeps them
        customer_correct(actor=service["clerk"], customer=holder, phone="", address="",
                         reason="x")
    assert emptied.value.fields == {"phone": ["投保人必须有电话(R-CUS-1)"],
                                    "address": ["投保人必须有联系地址(R-CUS-1)"]}
    for same in ({"phone": row(1)["holder_phone"]}, {"address": row(1)["holder_address"]},
                 {}):
        with pytest.raises(ApplicationError) as nothing:
            customer_correct(actor=service["clerk"], customer=holder, reason="x", **same)
        assert nothing.value.fields == {"non_field_errors": ["没有要更正的内容"]}
    assert snapshot(holder) == before and corrections() == 0
    # an insured person's phone is not required: it can be removed
    customer_correct(actor=service["clerk"], customer=insured, phone="", reason="号码已停用")
    insured.refresh_from_db()
    assert insured.phone_enc is None and insured.phone_bi is None and insured.phone_masked == ""


def test_correcting_to_a_held_phone_is_listed_and_correcting_away_leaves_the_item(
        service, register) -> None:
    first, second = register(1).policyholder, register(2).policyholder
    today = timezone.localdate()
    assert suspicious_scan(scan_date=today).run.new_items == 0
    customer_correct(actor=service["clerk"], customer=first, phone=row(2)["holder_phone"],
                     reason="客户更换号码")
    key = crypto.blind_index("phone", "+86" + row(2)["holder_phone"])
    assert SharedValue.objects.filter(kind="PHONE", key_bi=key).exists()   # the trigger
    assert suspicious_scan(scan_date=today).run.new_items == 1
    item = SuspiciousItem.objects.get()
    assert item.key_bi == key and set(item.customers.all()) == {first, second}
    assignee = item.assignee
    assert assignee is not None
    # corrected away: the scan adds nothing and does not close the open item; its assignee
    # closes it as 资料已更正 with the evidence
    customer_correct(actor=assignee, customer=first, phone=NEW_PHONE, item=item,
                     reason="录入错误,已更正")
    again = suspicious_scan(scan_date=today)
    assert again.run.new_items == 0 and again.run.joined == 0
    item.refresh_from_db()
    assert item.status == "OPEN" and set(item.customers.all()) == {first, second}
    item_close(actor=assignee, item=item, outcome="CORRECTED", findings="已更正电话",
               evidence=[EvidenceFile("确认书.pdf", b"%PDF")])
    assert suspicious_scan(scan_date=today).run.new_items == 0


def test_item_must_be_about_the_customer(service, register) -> None:
    register(1)
    register(2, holder_phone=row(1)["holder_phone"])
    third = register(3).policyholder
    suspicious_scan(scan_date=timezone.localdate())
    item = SuspiciousItem.objects.get()
    with pytest.raises(ApplicationError) as bad:
        customer_correct(actor=service["clerk"], customer=third, phone=NEW_PHONE,
                         reason="x", item=item)
    assert bad.value.fields == {"item": ["该可疑件不涉及此客户"]}


def test_audit_event_has_masks_only(service, register) -> None:
    holder = register(1).policyholder
    old_phone, old_card = row(1)["holder_phone"], row(1)["holder_account"]
    customer_correct(actor=service["clerk"], customer=holder, phone=NEW_PHONE,
                     account=NEW_CARD, address="上海市浦东新区1号", reason="客户来电更正")
    event = AuditEvent.objects.get(action="customer.correct")
    assert event.detail["old"] == {"phone": crypto.mask_phone("+86" + old_phone),
                                   "account": crypto.mask_account(old_card)}
    assert event.detail["new"] == {"phone": "138****5678",
                                   "account": crypto.mask_account(NEW_CARD)}
    text = json.dumps(event.detail, ensure_ascii=False)
    for plain in (NEW_PHONE, old_phone, NEW_CARD, old_card, "上海市浦东新区",
                  row(1)["holder_address"]):
        assert plain not in text, plain


def test_page_shows_the_form_to_those_allowed_and_posts(client, service, people,
                                                        register) -> None:
    holder = register(1).policyholder
    url = f"/customers/{holder.pk}/"
    client.force_login(people["gm"].user)
    assert 'data-testid="correct-form"' not in client.get(url).content.decode()
    assert client.post(f"{url}correct/", {"phone": NEW_PHONE, "reason": "x"}
                       ).status_code == 403
    client.force_login(service["clerk"].user)
    assert 'data-testid="correct-form"' in client.get(url).content.decode()
    bad = client.post(f"{url}correct/", {"phone": "12345", "reason": ""})
    page = bad.content.decode()
    assert bad.status_code == 400 and "电话号码无效" in page and "请填写更正原因" in page
    nothing = client.post(f"{url}correct/", {"reason": "x"})
    assert nothing.status_code == 400 and "没有要更正的内容" in nothing.content.decode()
    ok = client.post(f"{url}correct/", {"phone": NEW_PHONE, "clear_account": "on",
                                         "reason": "客户来电更正"}, follow=True)
    assert ok.redirect_chain == [(url, 302)] and "联系资料已更正" in ok.content.decode()
    holder.refresh_from_db()
    assert holder.phone_masked == "138****5678" and holder.account_bi is None


def test_item_page_links_to_the_correction_form(client, service, register) -> None:
    register(1)
    register(2, holder_phone=row(1)["holder_phone"])
    suspicious_scan(scan_date=timezone.localdate())
    item = SuspiciousItem.objects.get()
    assert item.assignee is not None
    client.force_login(item.assignee.user)
    page = client.get(f"/customers/suspicious/{item.pk}/").content.decode()
    assert page.count('data-testid="correct-link"') == 2
    member = item.customers.order_by("id")[0]
    detail = client.get(f"/customers/{member.pk}/?item={item.pk}").content.decode()
    assert f'name="item" value="{item.pk}"' in detail
    ok = client.post(f"/customers/{member.pk}/correct/", {
        "phone": NEW_PHONE, "reason": "排查更正", "item": item.pk})
    assert ok.status_code == 302
    assert AuditEvent.objects.get(action="customer.correct").detail["item"] == item.pk


def test_api_patch_corrects_and_refuses(service, people, register) -> None:
    holder = register(1).policyholder
    url = f"/api/customers/{holder.pk}/"
    clerk, gm = APIClient(), APIClient()
    clerk.force_authenticate(service["clerk"].user)
    gm.force_authenticate(people["gm"].user)
    refused = gm.patch(url, {"phone": NEW_PHONE, "reason": "x"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["rule"] == "R-CUS-3" and "篇十一" in refused.json()["clause"]
    bad = clerk.patch(url, {"account": "1234", "reason": "x"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"account": ["银行账号应为12到19位,实为4位"]}
    missing = clerk.patch(url, {"phone": NEW_PHONE, "item": 999999}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["fields"]
    no_item = clerk.patch(url, {"phone": NEW_PHONE, "reason": "x", "item": 999999},
                          format="json")
    assert no_item.status_code == 400 and "item" in no_item.json()["fields"]
    ok = clerk.patch(url, {"phone": NEW_PHONE, "account": None, "reason": "客户来电更正"},
                     format="json")
    assert ok.status_code == 200 and ok.json()["phone_masked"] == "138****5678"
    assert ok.json()["account_masked"] == crypto.mask_account(row(1)["holder_account"])
    assert clerk.patch("/api/customers/999999999/", {"phone": NEW_PHONE, "reason": "x"},
                       format="json").status_code == 404
