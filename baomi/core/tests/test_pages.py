"""Site pages: login and lockout, logout, home, error pages, language, CSP-safe markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db


def login(client: Client, person: Person) -> None:
    """Log in without the password round trip (axes needs a request to authenticate)."""
    client.force_login(person.user)  # type: ignore[arg-type]


def body(response: Any) -> str:
    return response.content.decode()


# --- login, lockout, logout ----------------------------------------------------------

def test_login_page_renders_in_chinese(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = body(response)
    assert "登录" in html and 'name="username"' in html and "csrfmiddlewaretoken" in html
    assert 'lang="zh-hans"' in html


def test_login_with_password_goes_home(client: Client, people: dict[str, Person]) -> None:
    response = client.post(reverse("login"), {"username": "staff", "password": "pw-staff"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert people["staff"].name in body(home)


def test_login_wrong_password_shows_error(client: Client, people: dict[str, Person]) -> None:
    response = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "is-invalid" in body(response) or "alert-danger" in body(response)
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures(client: Client, people: dict[str, Person]) -> None:
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "staff", "password": "bad"})
        assert response.status_code == 200
    fifth = client.post(reverse("login"), {"username": "staff", "password": "bad"})
    assert fifth.status_code == 429
    # even the right password is refused while locked
    locked = client.post(reverse("login"), {"username": "staff", "password": "pw-staff"})
    assert locked.status_code == 429
    html = body(locked)
    assert "账号已暂时锁定" in html and "5" in html and "30 分钟" in html
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("name", ["home", "carriers:list", "carriers:draft"])
def test_anonymous_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_anonymous_htmx_request_gets_client_redirect(client: Client) -> None:
    response = client.get(reverse("carriers:list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_csrf_is_enforced_on_forms(people: dict[str, Person]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "staff", "password": "pw-staff"})
    assert response.status_code == 403
    assert "页面已过期" in body(response)


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


# --- errors, language, markup ---------------------------------------------------------------

def test_not_found_page(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "未找到" in body(response)


def test_server_error_page_renders_without_request() -> None:
    html = render_to_string("500.html")
    assert "系统错误" in html and "没有被修改" in html


def test_english_interface(client: Client, people: dict[str, Person]) -> None:
    login(client, people["staff"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = body(client.get(reverse("home")))
    assert 'lang="en"' in html
    assert "Carrier ledger" in html and "Log out" in html


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)


def test_pages_have_no_inline_script_or_style(client: Client, people: dict[str, Person],
                                              make_carrier: Callable[..., Any]) -> None:
    """The CSP allows script and style from 'self' only (air-gapped, no 'unsafe-inline')."""
    carrier = make_carrier(level="SECRET")
    draft = make_carrier(level="SECRET", confirm=False)
    pages = [reverse("login"), reverse("home"), reverse("carriers:list"),
             reverse("carriers:draft"), reverse("carriers:detail", args=[carrier.pk]),
             reverse("carriers:confirm", args=[draft.pk])]
    for url in pages:
        if url != reverse("login"):
            login(client, people["manager"])
        response = client.get(url)
        assert response.status_code == 200, url
        html = body(response)
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url
        assert "https://" not in html and "http://" not in html, url
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
