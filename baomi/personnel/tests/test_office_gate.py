"""The personnel pages ask the question their services ask (issue 11): may this person run
the secrecy office's work with cleared people (R-PPL-1)? — `manages_people`, i.e.
`baomi.policy.personnel.may_manage_people`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from baomi.core.errors import PolicyDenied
from baomi.personnel.selectors import manages_people
from baomi.personnel.services.commitments import post_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept_officer(make_person):
    """A department's secrecy officer (保密员), outside the secrecy office's own unit."""
    return make_person("STAFF", "IMPORTANT", "rd", username="officer", is_secrecy_officer=True)


@pytest.mark.parametrize("who", ["gm", "staff", "pm", "officer"])
def test_page_and_service_agree(client, people, dept_officer, who):
    actor = dept_officer if who == "officer" else people[who]
    runs = bool(manages_people(actor))
    client.force_login(actor.user)
    for name in ("personnel:training", "personnel:templates"):
        assert client.get(reverse(name)).status_code == (200 if runs else 404), name
    index = client.get(reverse("personnel:index"))
    assert index.status_code == (200 if runs else 302)
    try:
        post_assign(actor=actor, person=people["staff2"], post="资料员", clearance="GENERAL")
    except PolicyDenied as denied:
        assert not runs and denied.rule == "R-PPL-1"
    else:
        assert runs
    assert runs is (who in ("gm", "officer"))


def test_personnel_pages_do_not_ask_in_secrecy_office_for_the_office_gate():
    """Only the second-factor rule (R-ACC-3, a different policy function) still takes the
    office membership as a fact; every office gate goes through `manages_people`."""
    views = Path(__file__).resolve().parents[1] / "views"
    calls = []
    for path in sorted(views.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "in_secrecy_office"):
                calls.append(path.name)
    assert calls == ["people.py"]  # needs_second_factor(…, in_office=in_secrecy_office(me))
