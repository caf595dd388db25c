"""Pages and API: masks, refusals, import results, closing with evidence, the calendar,
the module switch (a switched-off module has no menu, no pages and no API)."""

from __future__ import annotations

import dataclasses
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from baomi.customers.models import CalendarDay, InsurancePolicy, SuspiciousItem
from baomi.customers.services.scan import suspicious_scan
from baomi.policy.customer_settings import ModuleSettings
from baomi.policy.runtime import get_policy, policy_override

from .conftest import row
from .test_import import COLUMNS, LABELS


def api(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_pages_render_masked_for_the_secrecy_office(client, people, register) -> None:
    register(1)
    client.force_login(people["gm"].user)
    home = client.get("/").content.decode()
    assert 'data-testid="nav-customers"' in home
    page = client.get("/customers/").content.decode()
    number = row(1)["holder_id_number"]
    assert number not in page and number[:6] + "********" + number[-4:] in page
    for url in ("/customers/register/", "/customers/import/", "/customers/suspicious/",
                "/customers/calendar/", "/customers/query/", "/customers/?q=x&page=99"):
        assert client.get(url).status_code == 200, url


def test_staff_outside_customer_service_are_refused(client, people) -> None:
    client.force_login(people["staff"].user)
    assert 'nav-customers' not in client.get("/").content.decode()
    response = client.get("/customers/")
    assert response.status_code == 403 and "R-CUS-5" in response.content.decode()
    assert api(people["staff"]).get("/api/customers/").status_code == 403


def test_register_form_names_missing_fields(client, service, agent) -> None:
    client.force_login(service["clerk"].user)
    data = row(1, holder_phone="", holder_address="")
    response = client.post("/customers/register/", data)
    assert response.status_code == 400
    assert "缺少关键信息:投保人联系地址、投保人电话" in response.content.decode()
    response = client.post("/customers/register/", row(1))
    assert response.status_code == 302 and InsurancePolicy.objects.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert row(1)["holder_id_number"] in detail  # customer service sees the full number


def test_import_page_reports_bad_lines(client, service, agent) -> None:
    lines = [",".join(LABELS[c] for c in COLUMNS)]
    for n in (1, 2):
        r = row(n, holder_gender="女" if n == 2 else "男")
        lines.append(",".join(str(r.get(c, "")) for c in COLUMNS))
    upload = SimpleUploadedFile("p.csv", "\n".join(lines).encode())
    client.force_login(service["clerk"].user)
    page = client.post("/customers/import/", {"file": upload}).content.decode()
    assert "共 2 行:导入 1 行,错误 1 行" in page and "性别与证件号码不符" in page
    assert list(InsurancePolicy.objects.values_list("number", flat=True)) == ["P00000001"]


def test_close_an_item_with_evidence_on_the_page(client, service, register) -> None:
    register(1)
    register(2, holder_phone=row(1)["holder_phone"])
    suspicious_scan(scan_date=timezone.localdate())
    item = SuspiciousItem.objects.get()
    assert item.assignee is not None
    client.force_login(item.assignee.user)
    page = client.get(f"/customers/suspicious/{item.pk}/").content.decode()
    assert "P00000001" in page and "P00000002" in page and "王代理" in page
    bad = client.post(f"/customers/suspicious/{item.pk}/", {"outcome": "CLEARED",
                                                            "findings": "父子"})
    assert bad.status_code == 400 and "证明材料" in bad.content.decode()
    ok = client.post(f"/customers/suspicious/{item.pk}/", {
        "outcome": "CLEARED", "findings": "父子共用电话,已取得签名确认",
        "evidence": [SimpleUploadedFile("确认书.pdf", b"%PDF-1.4"),
                     SimpleUploadedFile("录音.txt", b"call")]})
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.status == "CLOSED" and item.evidence.count() == 2
    evidence = item.evidence.first()
    assert evidence is not None
    assert b"%PDF" not in bytes(evidence.blob)  # stored encrypted
    download = client.get(f"/customers/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4"


def test_calendar_page_warns_and_the_office_enters_days(client, people) -> None:
    client.force_login(people["gm"].user)
    page = client.get("/customers/calendar/?year=2027").content.decode()
    assert 'data-testid="calendar-warning"' in page and "2027" in page
    response = client.post("/customers/calendar/?year=2027", {
        "action": "day", "day": "2027-02-06", "kind": "WORKDAY", "name": "春节调休"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(day=datetime.date(2027, 2, 6)).kind == "WORKDAY"
    assert "春节调休" in client.get("/customers/calendar/?year=2027").content.decode()
    client.force_login(people["staff"].user)
    assert client.get("/customers/calendar/").status_code == 403


def test_api_register_list_and_query(service, agent) -> None:
    client = api(service["clerk"])
    bad = client.post("/api/customers/policies/", row(1, holder_id_number="123"), format="json")
    assert bad.status_code == 400 and "holder_id_number" in bad.json()["fields"]
    ok = client.post("/api/customers/policies/", row(1), format="json")
    assert ok.status_code == 201 and ok.json()["number"] == "P00000001"
    listed = client.get("/api/customers/").json()
    assert listed["count"] == 2 and all("*" in c["id_masked"] for c in listed["results"])
    assert client.get("/api/customers/999999999/").status_code == 404
    answer = client.post("/api/customers/queries/", {
        "policy_number": "P00000001", "asker_name": row(1)["insured_name"],
        "asker_id_number": row(1)["insured_id_number"], "channel": "PHONE"}, format="json")
    assert answer.status_code == 200 and answer.json()["role"] == "被保险人"
    refused = client.post("/api/customers/queries/", {
        "policy_number": "P00000001", "asker_name": "某人",
        "asker_id_number": row(5)["holder_id_number"], "channel": "PHONE"}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-CUS-5"
    assert client.post("/api/customers/policies/", "{", content_type="application/json"
                       ).status_code == 400


def test_module_switched_off_hides_menu_pages_and_api(client, service, people) -> None:
    off = dataclasses.replace(get_policy(), modules=ModuleSettings(enabled={"customers": False}))
    with policy_override(off):
        client.force_login(service["clerk"].user)
        assert "nav-customers" not in client.get("/").content.decode()
        assert client.get("/customers/").status_code == 404
        assert api(service["clerk"]).get("/api/customers/").status_code == 404


def test_phones_are_shown_as_people_write_them() -> None:
    from baomi.customers.templatetags.customers_ui import phone_display

    assert phone_display("+8613812345678") == "138 1234 5678"
    assert phone_display("+85291234567") == "+852 9123 4567"
    assert phone_display("138****5678") == "138****5678"
    assert phone_display("") == ""
