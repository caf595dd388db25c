"""Carrier pages: ledger, detail, draft (R-ACC-1, R-CLS-2, R-CLS-4, R-CLS-7).

Confirm, return and resubmit are in test_views_confirm.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baomi.audit.models import AuditEvent
from baomi.carriers.models import Carrier

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.test import Client

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db

SECRET_CATEGORY = "2.3 立项报告、产品开发进度分析报告"


def login(client: Client, person: Person) -> None:
    client.force_login(person.user)  # type: ignore[arg-type]


def body(response: Any) -> str:
    return response.content.decode()


def table(response: Any) -> str:
    """The ledger's rows (the search box echoes what was typed, the table must not)."""
    return body(response).split("<tbody>", 1)[1].split("</tbody>", 1)[0]


@pytest.fixture
def hidden(make_carrier: Callable[..., Any]) -> Carrier:
    """A 机密 carrier a staff member may not see (clearance 一般, scope 总监 and above)."""
    return make_carrier(level="CONFIDENTIAL", title="机密成本利润分析甲号")


# --- ledger --------------------------------------------------------------------------------

def test_list_shows_visible_rows_with_all_columns(client: Client, people: dict[str, Person],
                                                  make_carrier: Callable[..., Any]) -> None:
    carrier = make_carrier(level="SECRET", title="立项报告乙", copies_planned=1)
    login(client, people["staff"])
    response = client.get(reverse("carriers:list"))
    assert response.status_code == 200
    html = body(response)
    for text in ("编号", "名称", "密级", "类型", "状态", "部门", "拟制人", "拟制时间", "保密期限至",
                 carrier.number, "立项报告乙", "秘密", "文件", "已定密", "研发部",
                 people["staff"].name, carrier.term_ends.strftime("%Y-%m-%d")):
        assert text in html
    assert "lv-2" in html  # the 秘密 badge colour
    assert "共 1 条" in html


def test_list_never_shows_what_the_viewer_may_not_see(client: Client, people: dict[str, Person],
                                                      hidden: Carrier) -> None:
    login(client, people["staff"])
    html = body(client.get(reverse("carriers:list")))
    assert hidden.title not in html and str(hidden.number) not in html
    for query in (f"?text={hidden.number}", "?level=CONFIDENTIAL", "?text=机密成本"):
        response = client.get(reverse("carriers:list") + query)
        rows = table(response)
        assert hidden.title not in rows and str(hidden.number) not in rows
        assert "共 0 条" in body(response)
    login(client, people["director"])  # the drafter sees it
    assert hidden.title in body(client.get(reverse("carriers:list")))


def test_list_filters(client: Client, people: dict[str, Person], org: dict[str, Any],
                      make_carrier: Callable[..., Any]) -> None:
    make_carrier(level="SECRET", title="秘密甲")
    make_carrier(level="INTERNAL", title="内部乙")
    make_carrier(level="GENERAL", title="图纸丙")
    login(client, people["manager"])
    url = reverse("carriers:list")
    html = body(client.get(url, {"level": "INTERNAL"}))
    assert "内部乙" in html and "秘密甲" not in html
    html = body(client.get(url, {"kind": "DRAWING"}))
    assert "图纸丙" in html and "内部乙" not in html
    html = body(client.get(url, {"text": "秘密甲"}))
    assert "秘密甲" in html and "共 1 条" in html
    html = body(client.get(url, {"department": org["finance"].pk}))
    assert "共 0 条" in html
    html = body(client.get(url, {"status": "CONFIRMED", "department": org["rd"].pk}))
    assert "共 3 条" in html


@pytest.mark.parametrize("query", [
    {"level": "NOPE"}, {"department": "abc"}, {"department": "99999"}, {"page": "abc"},
    {"page": "-3"}, {"page": "100000"}, {"kind": "<script>"}, {"status": "X"},
    {"text": "x" * 500}, {"text": "\x00"}, {"level": "SECRET", "department": "1.5", "page": ""},
])
def test_bad_filters_never_fail(client: Client, people: dict[str, Person],
                                make_carrier: Callable[..., Any], query: dict[str, str]) -> None:
    make_carrier(level="SECRET", title="立项报告丙")
    login(client, people["staff"])
    response = client.get(reverse("carriers:list"), query)
    assert response.status_code == 200
    assert "<script>" not in body(response)


def test_bad_filter_is_reported_and_ignored(client: Client, people: dict[str, Person],
                                            make_carrier: Callable[..., Any]) -> None:
    make_carrier(level="SECRET", title="立项报告丁")
    login(client, people["staff"])
    html = body(client.get(reverse("carriers:list"), {"level": "NOPE", "department": "abc"}))
    assert "筛选条件无效" in html and "立项报告丁" in html


def test_list_htmx_returns_the_table_fragment(client: Client, people: dict[str, Person],
                                              make_carrier: Callable[..., Any]) -> None:
    make_carrier(level="SECRET", title="立项报告戊")
    login(client, people["staff"])
    response = client.get(reverse("carriers:list"), {"text": "戊"},
                          headers={"HX-Request": "true"})
    html = body(response)
    assert response.status_code == 200
    assert "<html" not in html and 'id="carrier-results"' in html and "立项报告戊" in html
    assert "HX-Request" in response["Vary"]
    assert "no-store" in response["Cache-Control"]


def test_list_paginates_with_total(client: Client, people: dict[str, Person],
                                   make_carrier: Callable[..., Any]) -> None:
    for n in range(55):
        make_carrier(level="INTERNAL", title=f"通知{n:02d}")
    login(client, people["staff"])
    first = body(client.get(reverse("carriers:list")))
    assert "共 55 条" in first and "1 / 2" in first and "通知54" in first and "通知00" not in first
    second = body(client.get(reverse("carriers:list"), {"page": 2}))
    assert "通知00" in second and "2 / 2" in second


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("carriers:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(client: Client, people: dict[str, Person],
                                        make_carrier: Callable[..., Any]) -> None:
    for n in range(5):
        make_carrier(level="SECRET", title=f"载体{n}")
    login(client, people["staff"])
    few = _list_queries(client)
    for n in range(5, 60):
        make_carrier(level="SECRET", title=f"载体{n}")
    many = _list_queries(client)
    assert many == few


# --- detail ------------------------------------------------------------------------------

def test_detail_shows_every_classification_field(client: Client, people: dict[str, Person],
                                                 make_carrier: Callable[..., Any]) -> None:
    carrier = make_carrier(level="SECRET", title="产品开发进度分析", copies_planned=3,
                           reason="含未公开的进度", named_people=[people["staff2"]],
                           category=SECRET_CATEGORY)
    login(client, people["staff"])
    response = client.get(reverse("carriers:detail", args=[carrier.pk]))
    assert response.status_code == 200
    html = body(response)
    for text in (carrier.number, "产品开发进度分析", "秘密", "10 年",
                 carrier.term_ends.strftime("%Y-%m-%d"), "部门经理及以上职级",
                 people["staff2"].name, SECRET_CATEGORY, "含未公开的进度",
                 people["staff"].name, people["manager"].name, "每一页左上角加印",
                 "份号", "保管人", "拟制", "定密确认", "查阅"):
        assert text in html, text
    assert html.count('<td class="num">') >= 3  # copies 1..3 (and history rows)
    assert AuditEvent.objects.filter(action="carrier.view", target_id=str(carrier.pk),
                                     allowed=True).exists()


def test_detail_of_hidden_carrier_is_not_found(client: Client, people: dict[str, Person],
                                               hidden: Carrier) -> None:
    login(client, people["staff"])
    response = client.get(reverse("carriers:detail", args=[hidden.pk]))
    assert response.status_code == 404
    html = body(response)
    assert hidden.title not in html and str(hidden.number) not in html
    assert "机密" not in html.split("<main", 1)[1]
    denial = AuditEvent.objects.get(action="carrier.view", target_id=str(hidden.pk),
                                    allowed=False)
    assert denial.rule == "R-ACC-1"
    assert denial.actor_id == people["staff"].id


def test_unknown_carrier_is_not_found_like_a_hidden_one(client: Client,
                                                        people: dict[str, Person],
                                                        hidden: Carrier) -> None:
    login(client, people["staff"])
    missing = client.get(reverse("carriers:detail", args=[hidden.pk + 1000]))
    invisible = client.get(reverse("carriers:detail", args=[hidden.pk]))
    assert missing.status_code == invisible.status_code == 404

    def normalised(response: Any, pk: int) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body(response))
        return html.replace(f"/carriers/{pk}/", "/carriers/N/")

    assert normalised(missing, hidden.pk + 1000) == normalised(invisible, hidden.pk)


def test_draft_is_visible_to_drafter_and_confirmer_only(client: Client,
                                                        people: dict[str, Person],
                                                        make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False, title="未定密草稿")
    url = reverse("carriers:detail", args=[draft.pk])
    for who, status in (("staff", 200), ("manager", 200), ("staff2", 404), ("gm", 404)):
        login(client, people[who])
        assert client.get(url).status_code == status, who


# --- draft -------------------------------------------------------------------------------

def _draft_data(people: dict[str, Person], **overrides: Any) -> dict[str, Any]:
    data = {"title": "新产品立项报告", "kind": "DOCUMENT", "level": "SECRET",
            "category": SECRET_CATEGORY, "reason": "涉及未公开的项目计划", "term_years": "10",
            "scope_rank": "DEPT_MANAGER", "confirmer": str(people["manager"].pk),
            "copies_planned": "2", "named_people": [str(people["staff2"].pk)]}
    data.update(overrides)
    return data


def test_draft_form_shows_policy_choices(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    html = body(client.get(reverse("carriers:draft")))
    for text in ("绝密", "机密", "秘密", "内部", SECRET_CATEGORY, people["manager"].name,
                 'value="10"', "部门经理及以上(默认)", "hx-get"):
        assert text in html, text
    assert people["staff"].name + " ·" not in html  # never one's own confirmer (R-ACC-4)


def test_draft_fields_follow_kind_and_level(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    hx = {"HX-Request": "true"}
    drawing = body(client.get(reverse("carriers:draft"), {"kind": "DRAWING"}, headers=hx))
    assert "<html" not in drawing and 'id="classification"' in drawing
    assert ">一般<" in drawing and ">内部<" not in drawing and "D.1 一般生产图纸" in drawing
    secret_only = body(client.get(reverse("carriers:draft"),
                                  {"kind": "DOCUMENT", "level": "CONFIDENTIAL"}, headers=hx))
    assert "1.1 财务分析报告" in secret_only and 'value="20"' in secret_only
    assert people["gm"].name in secret_only and people["manager"].name not in secret_only


def test_draft_creates_a_draft(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    response = client.post(reverse("carriers:draft"), _draft_data(people))
    carrier = Carrier.objects.get(title="新产品立项报告")
    assert response.status_code == 302
    assert response["Location"] == reverse("carriers:detail", args=[carrier.pk])
    assert carrier.status == "DRAFT" and carrier.confirmer_id == people["manager"].id
    assert carrier.copies_planned == 2 and carrier.category == SECRET_CATEGORY
    assert str(carrier.number) in body(client.get(response["Location"]))


def test_draft_service_errors_land_on_fields(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    response = client.post(reverse("carriers:draft"), _draft_data(
        people, term_years="50", scope_rank="STAFF",
        named_people=[str(people["outsider"].pk)]))
    assert response.status_code == 200
    html = body(response)
    assert "R-CLS-5" in html and "R-ACC-2" in html and "R-ACC-1" in html
    assert html.count("is-invalid") >= 3
    assert not Carrier.objects.filter(title="新产品立项报告").exists()


def test_draft_form_errors(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    response = client.post(reverse("carriers:draft"), _draft_data(
        people, title="", level="GENERAL", confirmer=str(people["staff"].pk),
        copies_planned="abc"))
    assert response.status_code == 200
    html = body(response)
    assert "R-CLS-1" in html  # 一般 is for drawings only
    assert "R-CLS-3" in html  # not a confirmer candidate
    assert not Carrier.objects.exists()
