"""Stock-take (清点) of a department: who may check, expected / found / missing /
unexpected, the filed report (page + PDF with the Chinese font embedded), missing copies
reported lost (R-DOC-7), metadata only (R-ACC-4), fixed query count."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from baomi.approvals.models import Incident
from baomi.approvals.services import stocktake_loss_report
from baomi.audit.models import AuditEvent
from baomi.carriers import stocktake as st
from baomi.carriers.models import CarrierCopy, StockTake, StockTakeItem
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied

pytestmark = pytest.mark.django_db

Result = StockTakeItem.Result


@pytest.fixture
def checkers(make_person):
    return {
        "clerk": make_person("STAFF", "IMPORTANT", "office", username="clerk"),
        "rdsec": make_person("STAFF", "GENERAL", "rd", username="rdsec",
                             is_secrecy_officer=True),
        "finsec": make_person("STAFF", "GENERAL", "finance", username="finsec",
                              is_secrecy_officer=True),
    }


@pytest.fixture
def rd_copies(people, make_carrier):
    """Three SECRET copies and one INTERNAL copy held by `staff` in 研发部."""
    secret = make_carrier(level="SECRET", copies_planned=3, title="研发方案(清点)")
    internal = make_carrier(level="INTERNAL", title="内部通知(清点)")
    return secret, internal


def test_who_may_start(people, org, checkers, rd_copies):
    with pytest.raises(PolicyDenied) as denied:
        st.stocktake_start(actor=people["staff"], department=org["rd"])
    assert denied.value.rule == "R-DOC-11"
    assert AuditEvent.objects.filter(action="stocktake.start", allowed=False).exists()
    with pytest.raises(PolicyDenied):  # another department's secrecy officer
        st.stocktake_start(actor=checkers["finsec"], department=org["rd"])
    made = st.stocktake_start(actor=checkers["rdsec"], department=org["rd"])
    assert made.expected == 4
    with pytest.raises(ApplicationError):  # one open stock-take per department
        st.stocktake_start(actor=checkers["clerk"], department=org["rd"])
    assert st.stocktake_start(actor=checkers["clerk"], department=org["finance"]).expected == 0
    assert [u.code for u in st.stocktake_departments(viewer=checkers["rdsec"])] == ["rd"]
    assert "rd" in [u.code for u in st.stocktake_departments(viewer=checkers["clerk"])]
    assert st.stocktake_departments(viewer=people["staff"]) == []


def test_found_missing_unexpected_close_and_loss(people, org, checkers, rd_copies, make_carrier):
    secret, internal = rd_copies
    elsewhere = make_carrier(level="SECRET", drafter=people["fin_manager"],
                             confirmer=people["pm"], title="财务报表")
    clerk = checkers["clerk"]
    take = st.stocktake_start(actor=clerk, department=org["rd"])
    items = {(i.carrier_number, i.copy_no): i for i in st.stocktake_items(stocktake=take)}
    assert set(items) == {(secret.number, 1), (secret.number, 2), (secret.number, 3),
                          (internal.number, 1)}
    with pytest.raises(ApplicationError):  # not everything checked yet
        st.stocktake_close(actor=clerk, stocktake=take)
    marks = {items[(secret.number, n)].pk: Result.FOUND for n in (1, 2)}
    marks[items[(secret.number, 3)].pk] = Result.MISSING
    marks[items[(internal.number, 1)].pk] = Result.FOUND
    assert st.stocktake_mark(actor=clerk, stocktake=take, results=marks) == 4
    assert st.stocktake_mark(actor=clerk, stocktake=take, results=marks) == 0  # idempotent
    with pytest.raises(ApplicationError):
        st.stocktake_mark(actor=clerk, stocktake=take, results={999999: Result.FOUND})
    with pytest.raises(ApplicationError):
        st.stocktake_mark(actor=clerk, stocktake=take,
                          results={items[(secret.number, 1)].pk: "LOST"})
    with pytest.raises(ApplicationError):  # an expected copy is marked, not added
        st.stocktake_add_unexpected(actor=clerk, stocktake=take, carrier_number=secret.number,
                                    copy_no=1)
    known = st.stocktake_add_unexpected(actor=clerk, stocktake=take,
                                        carrier_number=elsewhere.number, copy_no=1,
                                        note="在会议室发现")
    assert known.copy is not None and known.custodian_id == people["fin_manager"].pk
    unknown = st.stocktake_add_unexpected(actor=clerk, stocktake=take,
                                          carrier_number="NO-SUCH-1", copy_no=2)
    assert unknown.copy is None and "台账中无此份" in unknown.note
    with pytest.raises(ApplicationError):
        st.stocktake_add_unexpected(actor=clerk, stocktake=take, carrier_number="",
                                    copy_no=None)
    closed = st.stocktake_close(actor=clerk, stocktake=take, note="一份缺失,已报告")
    assert (closed.expected, closed.found, closed.missing, closed.unexpected) == (4, 3, 1, 2)
    assert closed.status == StockTake.Status.CLOSED
    with pytest.raises(ApplicationError):  # a filed report is not changed
        st.stocktake_mark(actor=clerk, stocktake=take, results=marks)
    assert AuditEvent.objects.filter(action="stocktake.close", rule="R-DOC-11").exists()

    missing = st.stocktake_item_get(viewer=clerk, pk=items[(secret.number, 3)].pk)
    with pytest.raises(PolicyDenied):
        stocktake_loss_report(actor=people["staff2"], item=missing)
    incident = stocktake_loss_report(actor=clerk, item=missing, note="")
    assert incident.status == Incident.Status.OPEN and incident.copy_id == missing.copy_id
    assert missing.copy_id is not None
    assert CarrierCopy.objects.get(pk=missing.copy_id).status == CarrierCopy.Status.LOST
    missing.refresh_from_db()
    assert missing.incident_ref == f"#{incident.pk}"
    with pytest.raises(ApplicationError):  # reported once
        stocktake_loss_report(actor=clerk, item=missing)
    found = st.stocktake_item_get(viewer=clerk, pk=items[(secret.number, 1)].pk)
    with pytest.raises(ApplicationError):  # only missing copies
        stocktake_loss_report(actor=clerk, item=found)


def test_scoped_reads(people, org, checkers, rd_copies):
    take = st.stocktake_start(actor=checkers["rdsec"], department=org["rd"])
    assert st.stocktake_get(viewer=people["gm"], pk=take.pk) == take  # supervises
    assert st.stocktake_get(viewer=checkers["clerk"], pk=take.pk) == take
    for outsider in (people["staff"], checkers["finsec"], people["director"]):
        with pytest.raises(NotVisible):
            st.stocktake_get(viewer=outsider, pk=take.pk)
        assert not st.stocktakes_for(viewer=outsider).exists()
    assert list(st.stocktakes_for(viewer=checkers["rdsec"])) == [take]
    assert not st.stocktake_may_check(viewer=people["gm"], stocktake=take) or \
        people["gm"].unit.is_secrecy_office


def test_pages_flow_metadata_only(client, people, org, checkers, rd_copies):
    secret, _internal = rd_copies
    client.force_login(checkers["rdsec"].user)
    assert client.get(reverse("carriers:stocktakes")).status_code == 200
    started = client.post(reverse("carriers:stocktakes"), {"department": org["rd"].pk})
    assert started.status_code == 302
    take = StockTake.objects.get()
    assert client.post(reverse("carriers:stocktakes"), {"department": "x"}).status_code == 302
    page = client.get(reverse("carriers:stocktake", args=[take.pk])).content.decode()
    assert secret.number in page and "研发方案" not in page  # no titles (R-ACC-4)
    item = StockTakeItem.objects.filter(stocktake=take).first()
    assert item is not None
    saved = client.post(reverse("carriers:stocktake_mark", args=[take.pk]),
                        {f"r-{item.pk}": "MISSING", f"n-{item.pk}": "柜中未见", "r-x": "FOUND"})
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.result == Result.MISSING and item.note == "柜中未见"
    assert client.post(reverse("carriers:stocktake_mark", args=[take.pk]),
                       {"all_found": "1"}).status_code == 302
    assert not StockTakeItem.objects.filter(stocktake=take, result=Result.PENDING).exists()
    assert client.post(reverse("carriers:stocktake_unexpected", args=[take.pk]),
                       {"carrier_number": "ZZ-1", "copy_no": "abc"}).status_code == 302
    assert client.post(reverse("carriers:stocktake_unexpected", args=[take.pk]),
                       {"carrier_number": "ZZ-1", "copy_no": "1"}).status_code == 302
    assert client.post(reverse("carriers:stocktake_close", args=[take.pk]),
                       {"note": "清点完毕"}).status_code == 302
    take.refresh_from_db()
    assert take.status == StockTake.Status.CLOSED and take.unexpected == 1
    report = client.get(reverse("carriers:stocktake", args=[take.pk])).content.decode()
    assert 'data-testid="stocktake-report"' in report and "报告丢失" in report
    lost = client.post(reverse("carriers:stocktake_loss", args=[item.pk]), {"note": ""})
    assert lost.status_code == 302 and Incident.objects.count() == 1
    client.force_login(people["staff"].user)
    assert client.get(reverse("carriers:stocktake", args=[take.pk])).status_code == 404
    assert client.get(reverse("carriers:stocktake_pdf", args=[take.pk])).status_code == 404
    denied = client.post(reverse("carriers:stocktakes"), {"department": org["rd"].pk})
    assert denied.status_code == 403 and "R-DOC-11" in denied.content.decode()


def test_stocktake_page_query_count_is_fixed(client, people, org, checkers, make_carrier,
                                             django_assert_max_num_queries):
    make_carrier(level="SECRET", copies_planned=2)
    small = st.stocktake_start(actor=checkers["clerk"], department=org["rd"])
    client.force_login(checkers["clerk"].user)
    with django_assert_max_num_queries(14) as few:
        assert client.get(reverse("carriers:stocktake", args=[small.pk])).status_code == 200
    StockTake.objects.filter(pk=small.pk).update(status=StockTake.Status.CLOSED)
    for _ in range(3):
        make_carrier(level="SECRET", copies_planned=5)
    big = st.stocktake_start(actor=checkers["clerk"], department=org["rd"])
    assert big.expected == 17
    st.stocktake_add_unexpected(actor=checkers["clerk"], stocktake=big,
                                carrier_number="X-1", copy_no=1)
    st.stocktake_mark(actor=checkers["clerk"], stocktake=big, results={
        i.pk: Result.MISSING for i in st.stocktake_items(stocktake=big, result="PENDING")})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("carriers:stocktake", args=[big.pk])).status_code == 200


def _pdffonts(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdffonts", f.name], capture_output=True, text=True,  # noqa: S603,S607
                              check=True).stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_report_pdf_embeds_the_chinese_font(client, people, org, checkers, rd_copies):
    take = st.stocktake_start(actor=checkers["clerk"], department=org["rd"])
    first = st.stocktake_items(stocktake=take).first()
    assert first is not None
    st.stocktake_mark(actor=checkers["clerk"], stocktake=take,
                      results={i.pk: Result.FOUND for i in st.stocktake_items(stocktake=take)}
                      | {first.pk: Result.MISSING}, notes={first.pk: "<柜中未见> & 待查"})
    st.stocktake_add_unexpected(actor=checkers["clerk"], stocktake=take,
                                carrier_number="QT-2026-9", copy_no=1, note="抽屉中发现")
    st.stocktake_close(actor=checkers["clerk"], stocktake=take, note="缺失一份,已报告保密办")
    client.force_login(checkers["clerk"].user)
    pdf = client.get(reverse("carriers:stocktake_pdf", args=[take.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    fonts = _pdffonts(pdf.content)
    assert "WenQuanYi" in fonts and re.search(r"yes\s+yes", fonts)  # embedded, subset
    out = Path(tempfile.gettempdir()) / "baomi-shots"
    out.mkdir(exist_ok=True)
    (out / "stocktake-report.pdf").write_bytes(pdf.content)


def test_api_start_list_detail(client, people, org, checkers, rd_copies):
    client.force_login(checkers["finsec"].user)
    denied = client.post("/api/stocktakes/", {"department": "rd"},
                         content_type="application/json")
    assert denied.status_code == 403 and denied.json()["rule"] == "R-DOC-11"
    client.force_login(checkers["rdsec"].user)
    assert client.post("/api/stocktakes/", {"department": "nope"},
                       content_type="application/json").status_code == 400
    assert client.post("/api/stocktakes/", "{bad", content_type="application/json"
                       ).status_code == 400
    made = client.post("/api/stocktakes/", {"department": "rd"},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["expected"] == 4
    sid = made.json()["id"]
    assert [r["id"] for r in client.get("/api/stocktakes/").json()] == [sid]
    detail = client.get(f"/api/stocktakes/{sid}/").json()
    assert len(detail["items"]) == 4 and "title" not in detail["items"][0]
    client.force_login(people["staff"].user)
    assert client.get(f"/api/stocktakes/{sid}/").status_code == 404
    assert client.get("/api/stocktakes/").json() == []


def test_pages_in_english(client, people, org, checkers, rd_copies):
    take = st.stocktake_start(actor=checkers["clerk"], department=org["rd"])
    client.force_login(checkers["clerk"].user)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("carriers:stocktake", args=[take.pk])).content.decode()
    assert "Mark the rest found" in body and "Record an unexpected copy" in body


def test_r_acc_4_unexpected_box_tells_no_more_than_the_ledger(client, people, org, checkers,
                                                              rd_copies, make_carrier):
    """A number typed as found (账外) is looked up only among the carriers the checker sees:
    a department secrecy officer (一般) gets for a 绝密 copy exactly the metadata the ledger
    shows them — level and custodian, never the title (decision 0006)."""
    from baomi.carriers.ledger import RegisterFilters, copy_ledger

    top = make_carrier(level="TOP_SECRET", title="绝密型号参数(清点)")
    rdsec = checkers["rdsec"]
    take = st.stocktake_start(actor=rdsec, department=org["rd"])
    item = st.stocktake_add_unexpected(actor=rdsec, stocktake=take, carrier_number=top.number,
                                       copy_no=1)
    row = copy_ledger(viewer=rdsec, filters=RegisterFilters(text=top.number)).get()
    assert row.sight == "metadata" and row.shown_title == "(标题不可见)"
    assert (item.level, item.custodian_id) == (row.carrier.level, row.custodian_id)
    import io

    import pdfplumber

    client.force_login(rdsec.user)
    for url in (reverse("carriers:stocktake", args=[take.pk]),
                reverse("api-stocktake-detail", args=[take.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert top.number in response.content.decode()
        assert top.title not in response.content.decode()
    pdf = client.get(reverse("carriers:stocktake_pdf", args=[take.pk])).content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert top.number in text and top.title not in text
