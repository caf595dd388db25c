"""The customers module in the browser, as a customer-service clerk works (篇十一,
R-CUS-1/2/3): import a file with good and bad rows (the bad lines reported, the good ones
stored and shown masked) → register one policy through the form, a mistake first → the
daily scan finds two customers sharing a phone → the clerk it is assigned to closes the
item with findings and an evidence file. The calendar page warns about a year without data.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.utils import timezone
from stdnum import luhn
from stdnum.cn import ric

from baomi.customers.models import Customer, InsurancePolicy, SuspiciousItem
from baomi.customers.records import LABELS
from baomi.customers.services.agents import agency_create, agent_create
from baomi.customers.services.calendar import calendar_seed, package_years

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from baomi.people.models import OrgUnit, Person

    from .conftest import Session

pytestmark = pytest.mark.e2e

COLUMNS = list(LABELS)


def _id(birth: datetime.date, *, male: bool, serial: int, region: str = "110105") -> str:
    """A valid ID number (GB 11643) for the birth date and gender."""
    body = f"{region}{birth:%Y%m%d}{serial * 2 + (1 if male else 0):03d}"
    return body + ric.calc_check_digit(body + "0")


def _wrong_check_digit(number: str) -> str:
    digit = "0" if number[-1] != "0" else "1"
    return number[:-1] + digit


def _card(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


def _mask(number: str) -> str:
    return f"{number[:6]}********{number[-4:]}"


def _phone_mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def _record(n: int, holder: str, insured: str, **over: str) -> dict[str, str]:
    """One 投保单 (a row of the file, or the form's fields): a husband insuring his wife."""
    holder_birth = datetime.date(1980 + n, n, 10 + n)
    insured_birth = datetime.date(1982 + n, n + 1, 5 + n)
    data = {
        "policy_number": f"P2026{n:05d}",
        "agent_code": "A001",
        "product": "终身寿险",
        "signed_on": "2026-01-15",
        "holder_name": holder,
        "holder_gender": "男",
        "holder_birth_date": holder_birth.isoformat(),
        "holder_id_number": _id(holder_birth, male=True, serial=n),
        "holder_address": f"北京市朝阳区建国路{n}号",
        "holder_phone": f"1391234{n:04d}",
        "holder_account": _card(f"622202{n:09d}"),
        "insured_relation": "配偶",
        "insured_name": insured,
        "insured_gender": "女",
        "insured_birth_date": insured_birth.isoformat(),
        "insured_id_number": _id(insured_birth, male=False, serial=n, region="310104"),
        "insured_phone": f"1375678{n:04d}",
    }
    data.update(over)
    return data


def _csv(records: list[dict[str, str]]) -> bytes:
    lines = [",".join(LABELS[c] for c in COLUMNS)]
    lines += [",".join(r.get(c, "") for c in COLUMNS) for r in records]
    return ("\n".join(lines) + "\n").encode()


def _fits(page: Page) -> None:
    """No sideways scrolling in the 1280 px window (conftest VIEWPORT)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, page.url


def _setup(org: dict[str, OrgUnit], people: dict[str, Person]) -> Person:
    """客户服务部 with one clerk (so the scan assigns to them), an agent, the calendar."""
    from baomi.people.tests.factories import OrgUnitFactory, PersonFactory

    unit = OrgUnitFactory(name="客户服务部", code="customer_service", parent=org["company"])
    clerk = PersonFactory(rank="STAFF", clearance="GENERAL", unit=unit, username="cs_clerk",
                          name="周晓梅")
    agency = agency_create(actor=people["gm"], code="AG01", name="华安保险代理有限公司")
    agent_create(actor=people["gm"], code="A001", name="王建军", agency=agency)
    # the live server's database is emptied between browser tests: put back the years the
    # deadlines are counted in (migration 0002 seeds them at install)
    year = timezone.localdate().year
    calendar_seed(actor=None, years=[year - 1, year, year + 1])
    return clerk


def test_import_register_scan_and_close(session: Session, org: dict[str, OrgUnit],
                                        people: dict[str, Person]) -> None:
    clerk = _setup(org, people)
    page = session.page
    good = [_record(1, "张伟", "李娜"), _record(2, "陈刚", "王芳"), _record(3, "刘强", "赵敏")]
    bad_checksum = _record(4, "孙磊", "周静")
    bad_checksum["holder_id_number"] = _wrong_check_digit(bad_checksum["holder_id_number"])
    bad_gender = _record(5, "吴军", "郑丽", holder_gender="女")
    bad_birth = _record(6, "冯涛", "何倩", holder_birth_date="1986-06-17")
    missing = _record(7, "许杰", "韩雪", holder_address="")
    rows = [good[0], bad_checksum, good[1], bad_gender, bad_birth, good[2], missing]
    # header is line 1: the rows are lines 2..8
    expected_bad = {
        3: "投保人证件号码:证件号码校验码错误",
        5: "投保人证件号码:性别与证件号码不符",
        6: "投保人证件号码:出生日期与证件号码不符",
        8: "缺少关键信息:投保人联系地址",
    }

    # --- the clerk imports a file ------------------------------------------------------
    session.login("cs_clerk")
    page.get_by_test_id("nav-customers").click()
    page.wait_for_url(re.compile(r"/customers/$"))
    page.get_by_role("link", name="导入", exact=True).click()
    page.wait_for_url(re.compile(r"/customers/import/$"))
    page.set_input_files("#id_file", files=[{
        "name": "投保单2026-01.csv", "mimeType": "text/csv", "buffer": _csv(rows)}])
    page.get_by_role("button", name="导入", exact=True).click()
    summary = page.get_by_test_id("import-summary")
    summary.wait_for()
    assert "共 7 行:导入 3 行,错误 4 行" in summary.inner_text()
    report = page.get_by_test_id("import-errors").locator("tbody tr")
    assert report.count() == len(expected_bad)
    listed = {}
    for i in range(report.count()):
        cells = report.nth(i).locator("td")
        listed[int(cells.nth(0).inner_text())] = cells.nth(1).inner_text()
    assert sorted(listed) == sorted(expected_bad), listed
    for line, reason in expected_bad.items():
        assert reason in listed[line], (line, listed[line])
    session.shot("customers-import-report")
    _fits(page)
    stored = set(InsurancePolicy.objects.values_list("number", flat=True))
    assert stored == {r["policy_number"] for r in good}

    # --- the good rows are in the list, masked ---------------------------------------------
    page.get_by_role("link", name="客户", exact=True).click()
    page.wait_for_url(re.compile(r"/customers/$"))
    table = page.get_by_test_id("customer-table")
    text = table.inner_text()
    for r in good:
        for who in ("holder", "insured"):
            assert r[f"{who}_name"] in text
            assert _mask(r[f"{who}_id_number"]) in text
            assert r[f"{who}_id_number"] not in text
        assert _phone_mask(r["holder_phone"]) in text and r["holder_phone"] not in text
    for r in (bad_checksum, bad_gender, bad_birth, missing):
        assert r["holder_name"] not in text
    session.shot("customers-list")
    _fits(page)

    # --- one policy through the form: a wrong check digit first -------------------------
    # the new policyholder shares 张伟's phone (the scan below finds it)
    single = _record(8, "钱进", "孙婷", holder_phone=good[0]["holder_phone"])
    page.get_by_role("link", name="登记保单", exact=True).click()
    page.wait_for_url(re.compile(r"/customers/register/$"))
    for key, value in single.items():
        page.fill(f"#id_{key}", value)
    page.fill("#id_holder_id_number", _wrong_check_digit(single["holder_id_number"]))
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state()
    feedback = page.locator(".field-holder_id_number .invalid-feedback")
    assert "校验码错误" in feedback.inner_text()
    assert page.locator(".invalid-feedback").count() == 1  # only the field that is wrong
    session.shot("customers-register-error")
    _fits(page)
    assert not InsurancePolicy.objects.filter(number=single["policy_number"]).exists()
    assert page.input_value("#id_holder_name") == "钱进"  # nothing typed is lost
    page.fill("#id_holder_id_number", single["holder_id_number"])
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(re.compile(r"/customers/\d+/$"))
    assert f"保单 {single['policy_number']} 已登记" in page.locator(".messages").inner_text()
    # customer service sees the full number on the customer's own page
    assert page.get_by_test_id("id-number").inner_text() == single["holder_id_number"]
    session.shot("customers-registered")
    _fits(page)
    assert InsurancePolicy.objects.filter(number=single["policy_number"]).exists()

    # --- the daily scan (cron) ---------------------------------------------------------------
    call_command("customers_scan", "--date", timezone.localdate().isoformat(),
                 stdout=io.StringIO(), stderr=io.StringIO())
    item = SuspiciousItem.objects.get()
    assert item.kind == "PHONE" and item.assignee_id == clerk.pk
    assert set(item.customers.values_list("name", flat=True)) == {"张伟", "钱进"}

    page.get_by_role("link", name="可疑客户清单", exact=True).click()
    page.wait_for_url(re.compile(r"/customers/suspicious/$"))
    rows_ = page.get_by_test_id("suspicious-table").locator("tbody tr")
    assert rows_.count() == 1
    row_text = rows_.first.inner_text()
    assert "同一电话" in row_text and _phone_mask(single["holder_phone"]) in row_text
    assert clerk.name in row_text and item.due_on.isoformat() in row_text
    session.shot("customers-suspicious-list")
    _fits(page)

    rows_.first.get_by_role("link", name=item.number).click()
    page.wait_for_url(re.compile(rf"/customers/suspicious/{item.pk}/$"))
    assert clerk.name in page.get_by_test_id("item-assignee").inner_text()
    assert page.get_by_test_id("item-due").inner_text() == item.due_on.isoformat()
    assert page.get_by_test_id("item-status").inner_text() == "待排查"
    involved = page.get_by_test_id("involved-table").inner_text()
    assert good[0]["policy_number"] in involved and single["policy_number"] in involved
    assert "王建军" in page.locator("main").inner_text()  # the agent of both policies
    session.shot("customers-suspicious-item")
    _fits(page)

    # a close without evidence is refused on the field, nothing changes
    page.select_option("#id_outcome", "CLEARED")
    page.fill("#id_findings", "张伟与钱进为同事,钱进投保时误填了张伟的电话;已电话核实并更正。")
    page.get_by_role("button", name="办结", exact=True).click()
    page.wait_for_load_state()
    assert "证明材料" in page.locator(".field-evidence .invalid-feedback").inner_text()
    item.refresh_from_db()
    assert item.status == "OPEN"

    page.fill("#id_findings", "张伟与钱进为同事,钱进投保时误填了张伟的电话;已电话核实,"
              "取得钱进签名确认的本人电话。")
    page.set_input_files("#id_evidence", files=[{
        "name": "钱进签名确认.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% signed confirmation\n"}])
    page.get_by_role("button", name="办结", exact=True).click()
    page.wait_for_url(re.compile(rf"/customers/suspicious/{item.pk}/$"))
    assert "可疑件已办结" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("item-status").inner_text() == "已办结"
    assert "钱进签名确认.pdf" in page.get_by_test_id("evidence").inner_text()
    session.shot("customers-suspicious-closed")
    _fits(page)
    item.refresh_from_db()
    assert item.status == "CLOSED" and item.outcome == "CLEARED" and item.evidence.count() == 1

    session.go("/customers/suspicious/?status=CLOSED")
    assert item.number in page.get_by_test_id("suspicious-table").inner_text()
    session.go("/customers/suspicious/")
    assert item.number not in page.get_by_test_id("suspicious-table").inner_text()
    assert Customer.objects.count() == 2 * len(good) + 2

    # the English pages fit the window too (longer tab names)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    session.go(f"/customers/suspicious/{item.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    session.shot("customers-suspicious-closed-en")
    _fits(page)
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state()

    # form errors come back as HTTP 400 documents, which chromium logs; nothing else
    assert [e for e in session.errors if "status of 400" not in e] == []


def test_calendar_warns_about_a_year_without_data(session: Session, org: dict[str, OrgUnit],
                                                  people: dict[str, Person]) -> None:
    _setup(org, people)
    page = session.page
    missing = max(package_years()) + 1
    session.login("cs_clerk")
    session.go("/customers/")
    page.get_by_role("link", name="工作日历", exact=True).click()
    page.wait_for_url(re.compile(r"/customers/calendar/$"))
    year = timezone.localdate().year
    if year <= max(package_years()):
        assert page.get_by_test_id("calendar-days").locator("tbody tr").count() > 5
    session.go(f"/customers/calendar/?year={missing}")
    warning = page.get_by_test_id("calendar-warning")
    assert f"工作日历缺少 {missing} 年的节假日安排" in warning.inner_text()
    assert "期限暂按周末计算" in warning.inner_text()
    assert page.get_by_test_id("calendar-days").inner_text() == "本年度没有录入节假日。"
    session.shot("customers-calendar-missing-year")
    _fits(page)
    assert page.locator("main form").count() == 0  # the secrecy office keeps the calendar
    session.logout()

    # the secrecy office enters the year from the State Council notice; the warning goes
    session.login("deputy")
    session.go(f"/customers/calendar/?year={missing}")
    page.fill("#id_day", f"{missing}-01-01")
    page.select_option("#id_kind", "HOLIDAY")
    page.fill("#id_name", "元旦")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(rf"\?year={missing}$"))
    assert "元旦" in page.get_by_test_id("calendar-days").inner_text()
    assert page.get_by_test_id("calendar-warning").is_visible()
    page.fill("#id_note", f"国办发明电〔{missing - 1}〕7号")
    page.get_by_role("button", name="确认", exact=True).click()
    page.wait_for_url(re.compile(rf"\?year={missing}$"))
    assert "已确认" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("calendar-warning").count() == 0
    session.shot("customers-calendar-office")
    _fits(page)
    assert session.errors == []
