"""One label function for policy codes, translated alike for pages, API, CLI and registers."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from baomi.approvals.registers import _level as register_level
from baomi.policy.labels import clearance_label, level_label, policy_label, rank_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person


@pytest.mark.parametrize(("kind", "code", "zh", "en"), [
    ("level", "TOP_SECRET", "绝密", "Top secret"),
    ("level", "CONFIDENTIAL", "机密", "Confidential"),
    ("rank", "GM", "总经理", "General manager"),
    ("clearance", "CORE", "核心", "Core"),
    ("kind", "MEDIUM", "存储介质", "Storage medium"),
    ("placement", "none", "无需标识", "No mark"),
])
def test_policy_label_in_both_languages(kind: Any, code: str, zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert policy_label(kind, code) == zh
    with translation.override("en"):
        assert policy_label(kind, code) == en


def test_unknown_code_is_shown_as_itself() -> None:
    assert level_label("GONE") == "GONE" and rank_label("KING") == "KING"
    assert policy_label("kind", "SCROLL") == "SCROLL"


def test_template_filters_are_the_same_function() -> None:
    template = Template("{% load baomi_ui %}{{ 'SECRET'|level_label }}/{{ 'GM'|rank_label }}/"
                        "{{ 'CORE'|clearance_label }}")
    with translation.override("en"):
        assert template.render(Context()) == (
            f"{level_label('SECRET')}/{rank_label('GM')}/{clearance_label('CORE')}")
        assert level_label("SECRET") == "Secret"


def test_registers_use_the_translated_label() -> None:
    with translation.override("en"):
        assert register_level("CONFIDENTIAL") == "Confidential"


def test_api_labels_follow_the_interface_language(people: dict[str, Person],
                                                  make_carrier: Callable[..., Any]) -> None:
    """Before: the API's labels were Chinese whatever the language chosen."""
    person = people["director"]
    assert person.user is not None
    token, _ = Token.objects.get_or_create(user=person.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.cookies["django_language"] = "en"
    me = client.get("/api/me/").json()
    with translation.override("en"):
        assert me["rank_label"] == rank_label(person.rank)
        assert me["clearance_label"] == clearance_label(person.clearance)
    carrier = make_carrier(level="CONFIDENTIAL")
    data = client.get(f"/api/carriers/{carrier.pk}/").json()
    assert data["level_label"] == "Confidential"


def test_cli_labels_go_through_the_same_function(db: Any) -> None:
    out = StringIO()
    with translation.override("en"):
        call_command("policy_show", stdout=out)
    text = out.getvalue()
    assert "Top secret  TOP_SECRET" in text and "Storage medium" in text
