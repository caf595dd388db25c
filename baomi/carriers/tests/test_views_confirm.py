"""Carrier pages: confirm, return, resubmit (R-CLS-2, R-CLS-3, R-ACC-4, R-ACC-6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from baomi.audit.models import AuditEvent
from baomi.carriers.models import CarrierCopy
from baomi.policy.clauses import clause_for

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



def test_confirm_page_and_confirm(client: Client, people: dict[str, Person],
                                  make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False, title="待定密报告", copies_planned=3)
    login(client, people["manager"])
    page = client.get(reverse("carriers:confirm", args=[draft.pk]))
    assert page.status_code == 200
    html = body(page)
    assert "待定密报告" in html and 'data-bs-toggle="modal"' in html and "确认定密" in html
    response = client.post(reverse("carriers:confirm", args=[draft.pk]),
                           {"level": "SECRET", "term_years": "5", "scope_rank": "DEPT_MANAGER",
                            "category": draft.category})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "CONFIRMED" and draft.term_years == 5
    detail = body(client.get(response["Location"]))
    assert "已定密" in detail and "生成 3 份" in detail
    assert list(draft.copies.values_list("copy_no", flat=True)) == [1, 2, 3]


def test_confirm_twice_shows_a_message(client: Client, people: dict[str, Person],
                                       make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False, copies_planned=2)
    login(client, people["manager"])
    url = reverse("carriers:confirm", args=[draft.pk])
    data = {"level": "SECRET", "category": draft.category}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.status_code == 200
    assert "已不在待定密状态" in body(again)
    assert CarrierCopy.objects.filter(carrier=draft).count() == 2
    # and the page itself no longer offers a confirmation
    followed = client.get(url, follow=True)
    assert "无需定密确认" in body(followed)


def test_manager_may_not_confirm_at_confidential(client: Client, people: dict[str, Person],
                                                 make_carrier: Callable[..., Any]) -> None:
    """R-CLS-3: 机密 is confirmed by a top leader; the page says so with 403."""
    draft = make_carrier(level="SECRET", confirm=False)
    assert draft.confirmer_id == people["manager"].id
    login(client, people["manager"])
    response = client.post(reverse("carriers:confirm", args=[draft.pk]),
                           {"level": "CONFIDENTIAL", "category": "1.1 财务分析报告"})
    assert response.status_code == 403
    html = body(response)
    assert "R-CLS-3" in html and clause_for("R-CLS-3") in html
    draft.refresh_from_db()
    assert draft.status == "DRAFT" and draft.level == "SECRET"
    assert AuditEvent.objects.filter(action="carrier.confirm", allowed=False,
                                     rule="R-CLS-3").exists()


def test_drafter_may_not_confirm_own_draft(client: Client, people: dict[str, Person],
                                           make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False)
    login(client, people["staff"])
    response = client.post(reverse("carriers:confirm", args=[draft.pk]), {"level": "SECRET"})
    assert response.status_code == 403 and "R-ACC-4" in body(response)
    page = client.get(reverse("carriers:confirm", args=[draft.pk]), follow=True)
    assert "只有指定的定密人" in body(page)


def test_others_do_not_learn_a_draft_exists(client: Client, people: dict[str, Person],
                                            make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False)
    login(client, people["staff2"])
    for name in ("carriers:confirm", "carriers:resubmit"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.post(reverse("carriers:confirm", args=[draft.pk]),
                       {"level": "SECRET"}).status_code == 404
    assert client.post(reverse("carriers:return", args=[draft.pk]),
                       {"note": "x"}).status_code == 404


def test_confirm_level_change_refreshes_fields(client: Client, people: dict[str, Person],
                                               make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False)
    login(client, people["manager"])
    html = body(client.get(reverse("carriers:confirm", args=[draft.pk]), {"level": "INTERNAL"},
                           headers={"HX-Request": "true"}))
    assert 'id="confirm-fields"' in html and "3.1 管理体系" in html and "<html" not in html


def test_return_and_resubmit(client: Client, people: dict[str, Person],
                             make_carrier: Callable[..., Any]) -> None:
    draft = make_carrier(level="SECRET", confirm=False, title="需修改的草稿")
    login(client, people["manager"])
    empty = client.post(reverse("carriers:return", args=[draft.pk]), {"note": " "})
    assert empty.status_code == 200 and "请填写退回意见" in body(empty)
    response = client.post(reverse("carriers:return", args=[draft.pk]),
                           {"note": "定密依据不准确"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "RETURNED" and draft.return_note == "定密依据不准确"
    again = client.post(reverse("carriers:return", args=[draft.pk]), {"note": "再退"},
                        follow=True)
    assert "已不在待定密状态" in body(again)

    login(client, people["staff"])
    detail = body(client.get(reverse("carriers:detail", args=[draft.pk])))
    assert "定密依据不准确" in detail and reverse("carriers:resubmit", args=[draft.pk]) in detail
    page = client.get(reverse("carriers:resubmit", args=[draft.pk]))
    assert page.status_code == 200 and "定密依据不准确" in body(page)
    response = client.post(reverse("carriers:resubmit", args=[draft.pk]), {
        "title": "已修改的草稿", "level": "SECRET", "term_years": "8",
        "category": SECRET_CATEGORY, "reason": "补充理由",
        "confirmer": str(people["manager"].pk)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "DRAFT" and draft.title == "已修改的草稿" and draft.term_years == 8
    twice = client.post(reverse("carriers:resubmit", args=[draft.pk]), {
        "title": "x", "level": "SECRET", "category": SECRET_CATEGORY,
        "confirmer": str(people["manager"].pk)}, follow=True)
    assert "只有退回的草稿可以重新提交" in body(twice)
