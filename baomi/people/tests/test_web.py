"""person_page: every page for a person sets request.person or shows the one no-person page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from baomi.people.web import PersonRequest, person_page

if TYPE_CHECKING:
    from django.test import Client

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db

#: pages of every app that need a person (a GET each)
PERSON_PAGES = ["carriers:list", "carriers:draft", "carriers:stocktakes", "approvals:list",
                "approvals:inbox", "customers:list", "personnel:exams"]


@pytest.fixture
def personless(client: Client) -> Client:
    user = get_user_model().objects.create_user(username="admin-only", password="x" * 12)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_account_without_person_gets_the_one_page(personless: Client, name: str) -> None:
    """R-ACC-1: an account with no person record sees the no-person page (403), not a 500."""
    response = personless.get(reverse(name))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="no-person"' in html and "没有关联涉密人员档案" in html
    assert "no-store" in response["Cache-Control"]  # still a page: never cached


def test_no_person_page_in_english(personless: Client) -> None:
    personless.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = personless.get(reverse("carriers:list"))
    assert response.status_code == 403
    assert "This account has no person record" in response.content.decode()


def test_person_page_sets_request_person(people: dict[str, Person]) -> None:
    seen: list[Person] = []

    @person_page
    def view(request: PersonRequest) -> HttpResponse:
        seen.append(request.person)
        return HttpResponse("ok")

    request = RequestFactory().get("/x/")
    request.user = people["staff"].user  # type: ignore[assignment]
    assert view(request).status_code == 200
    assert seen == [people["staff"]]


def test_anonymous_goes_to_login(client: Client) -> None:
    response = client.get(reverse("carriers:list"))
    assert response.status_code == 302 and "/login" in response["Location"]
