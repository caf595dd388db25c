"""The CLI speaks Chinese, and English with BAOMI_LANGUAGE=en (docs/decisions/0008)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_policy_show_in_english(monkeypatch):
    monkeypatch.setenv("BAOMI_LANGUAGE", "en")
    shown = _run("policy_show")
    assert "Levels (highest first)" in shown and "Ranks (highest first)" in shown
    assert "密级(由高到低)" not in shown


def test_policy_show_in_chinese_by_default():
    assert "密级(由高到低)" in _run("policy_show")


def test_an_unknown_language_falls_back_to_chinese(monkeypatch):
    monkeypatch.setenv("BAOMI_LANGUAGE", "xx")
    assert "密级(由高到低)" in _run("policy_show")


def test_carriers_list_in_english(people, monkeypatch):
    monkeypatch.setenv("BAOMI_LANGUAGE", "en")
    assert "No classified carriers visible." in _run("carriers_list", "--as", "outsider")
