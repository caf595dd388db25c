"""On a 390 px phone the navigation folds behind a menu button and nothing runs off the
page sideways; at 1280 px it is laid out in one row as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from baomi.people.models import Person

    from .conftest import Session

pytestmark = pytest.mark.e2e


def test_navigation_folds_on_a_phone(session: Session, people: dict[str, Person]) -> None:
    page = session.page
    session.login("staff")
    page.set_viewport_size({"width": 390, "height": 800})
    session.go("/carriers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ledger = page.get_by_role("link", name="台账", exact=True)
    assert not ledger.is_visible()  # folded
    page.get_by_test_id("nav-toggle").click()
    ledger.wait_for(state="visible")
    ledger.click()
    page.wait_for_url(session.base_url + "/approvals/registers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.set_viewport_size({"width": 1280, "height": 800})
    session.go("/carriers/")
    assert not page.get_by_test_id("nav-toggle").is_visible()
    assert page.get_by_role("link", name="台账", exact=True).is_visible()
    assert not session.errors, session.errors
