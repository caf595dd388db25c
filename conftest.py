"""Fixtures shared by every test: an organisation, people of each rank, carriers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from baomi.people.models import OrgUnit, Person


@pytest.fixture(autouse=True)
def chinese_first() -> Iterator[None]:
    """Every test starts in the default language (zh-hans): a request in English through
    the test client leaves its language active in the thread, which would otherwise make
    later tests' messages depend on the order the tests run in."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def org(db: Any) -> dict[str, OrgUnit]:
    from baomi.people.tests.factories import OrgUnitFactory

    company = OrgUnitFactory(name="示例科技有限公司", code="company", parent=None)
    return {
        "company": company,
        "office": OrgUnitFactory(name="总经办", code="office", parent=company, is_secrecy_office=True),
        "rd": OrgUnitFactory(name="研发部", code="rd", parent=company),
        "finance": OrgUnitFactory(name="财务部", code="finance", parent=company),
    }


@pytest.fixture
def make_person(org: dict[str, OrgUnit]) -> Callable[..., Person]:
    from baomi.people.tests.factories import PersonFactory

    def make(rank: str = "STAFF", clearance: str = "GENERAL", unit: str = "rd", **kw: Any) -> Person:
        return PersonFactory(rank=rank, clearance=clearance, unit=org[unit], **kw)

    return make


@pytest.fixture
def people(make_person: Callable[..., Person]) -> dict[str, Person]:
    """One person per role the rules talk about (passwords are "pw-<key>")."""
    return {
        "board": make_person("BOARD", "CORE", "office", username="board"),
        "gm": make_person("GM", "CORE", "office", username="gm"),
        "deputy": make_person("DEPUTY_GM", "IMPORTANT", "office", username="deputy"),
        "director": make_person("DIRECTOR", "IMPORTANT", "rd", username="director"),
        "pm": make_person("PROJECT_MANAGER", "IMPORTANT", "rd", username="pm"),
        "manager": make_person("DEPT_MANAGER", "GENERAL", "rd", username="manager"),
        "staff": make_person("STAFF", "GENERAL", "rd", username="staff"),
        "staff2": make_person("STAFF", "GENERAL", "rd", username="staff2"),
        "outsider": make_person("STAFF", "NONE", "finance", username="outsider"),
        "fin_manager": make_person("DEPT_MANAGER", "GENERAL", "finance", username="fin_manager"),
    }


@pytest.fixture
def make_carrier(people: dict[str, Person]) -> Callable[..., Any]:
    """Draft (and by default confirm) a carrier through the services."""
    from baomi.carriers.tests.factories import carrier_confirmed, carrier_drafted

    def make(confirm: bool = True, **kw: Any) -> Any:
        return carrier_confirmed(people=people, **kw) if confirm else carrier_drafted(people=people, **kw)

    return make
