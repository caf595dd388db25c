"""The home page (top floor): my drafts, what waits for my confirmation, my custody, the
approvals panel; a login with no person is told why; the query count does not grow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.test import Client

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db


def login(client: Client, person: Person) -> None:
    client.force_login(person.user)  # type: ignore[arg-type]


def body(response: Any) -> str:
    return response.content.decode()


# --- home --------------------------------------------------------------------------------

def test_home_lists_drafts_pending_and_custody(client: Client, people: dict[str, Person],
                                               make_carrier: Callable[..., Any]) -> None:
    confirmed = make_carrier(level="SECRET", title="已定密的图纸清单", copies_planned=2)
    draft = make_carrier(level="SECRET", confirm=False, title="待确认的立项报告")
    login(client, people["staff"])
    html = body(client.get(reverse("home")))
    assert "待确认的立项报告" in html  # my drafts
    assert "已定密的图纸清单" in html  # my custody (copies go to the drafter)
    assert "第 2 份" in html
    login(client, people["manager"])
    html = body(client.get(reverse("home")))
    assert "待确认的立项报告" in html  # pending for the confirmer
    assert reverse("carriers:confirm", args=[draft.pk]) in html
    assert confirmed.number in body(client.get(reverse("carriers:list")))


def test_home_without_person_explains(client: Client, db: Any) -> None:
    user = get_user_model().objects.create_user(username="admin-only", password="x" * 12)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "没有关联涉密人员档案" in body(response)
    draft = client.get(reverse("carriers:draft"))
    assert draft.status_code == 403
    assert "没有关联涉密人员档案" in body(draft)
    listing = client.get(reverse("carriers:list"))  # one page for every person page
    assert listing.status_code == 403
    assert "没有关联涉密人员档案" in body(listing)


def test_navigation_shows_person_rank_clearance(client: Client,
                                                people: dict[str, Person]) -> None:
    login(client, people["manager"])
    html = body(client.get(reverse("home")))
    for text in (people["manager"].name, "部门经理", "一般", "载体台账", "拟制", "/api/docs/",
                 reverse("logout"), reverse("set_language")):
        assert text in html


def _home_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_home_query_count_does_not_grow(client: Client, people: dict[str, Person],
                                        make_carrier: Callable[..., Any]) -> None:
    for n in range(5):
        make_carrier(level="SECRET", title=f"载体{n}")
        make_carrier(level="SECRET", confirm=False, title=f"草稿{n}")
    login(client, people["staff"])
    few = _home_queries(client)
    for n in range(5, 60):
        make_carrier(level="SECRET", title=f"载体{n}")
        make_carrier(level="SECRET", confirm=False, title=f"草稿{n}")
    many = _home_queries(client)
    assert many == few
