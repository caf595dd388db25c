"""Fixtures of the customers tests: a customer-service unit, agents, valid identifiers."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pytest
from stdnum.cn import ric

if TYPE_CHECKING:
    from collections.abc import Callable


def make_id(birth: datetime.date, *, male: bool = True, region: str = "110105",
            serial: int = 1) -> str:
    """A valid 18-digit ID number (GB 11643) for the birth date and gender."""
    order = serial * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{order % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def luhn_card(prefix: str) -> str:
    from stdnum import luhn

    return prefix + luhn.calc_check_digit(prefix)


def row(n: int, **over: Any) -> dict[str, Any]:
    """A complete, valid import row for policy n (distinct people, phones, accounts)."""
    holder_birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 9000)
    insured_birth = datetime.date(1975, 6, 1) + datetime.timedelta(days=n % 9000)
    data = {
        "policy_number": f"P{n:08d}",
        "agent_code": "A001",
        "product": "终身寿险",
        "signed_on": "2026-01-15",
        "holder_name": f"投保人{n}",
        "holder_gender": "男",
        "holder_birth_date": holder_birth.isoformat(),
        "holder_id_number": make_id(holder_birth, male=True, serial=n % 400),
        "holder_address": f"北京市朝阳区{n}号",
        "holder_phone": f"139{n:08d}",
        "holder_account": luhn_card(f"622202{n:09d}"),
        "insured_name": f"被保险人{n}",
        "insured_gender": "女",
        "insured_birth_date": insured_birth.isoformat(),
        "insured_id_number": make_id(insured_birth, male=False, region="310104",
                                     serial=n % 400),
        "insured_phone": f"137{n:08d}",
    }
    data.update(over)
    return data


@pytest.fixture
def service(make_person: Callable[..., Any]) -> dict[str, Any]:
    """People of 客户服务部 (customer_service): they see full identifiers."""
    from baomi.people.tests.factories import OrgUnitFactory

    unit = OrgUnitFactory(name="客户服务部", code="customer_service")
    from baomi.people.tests.factories import PersonFactory

    return {
        "head": PersonFactory(rank="DEPT_MANAGER", clearance="GENERAL", unit=unit,
                              username="cs_head"),
        "clerk": PersonFactory(rank="STAFF", clearance="GENERAL", unit=unit,
                               username="cs_clerk"),
    }


@pytest.fixture
def agent(people: dict[str, Any]) -> Any:
    from baomi.customers.services.agents import agency_create, agent_create

    agency = agency_create(actor=people["gm"], code="AG01", name="平安兼业代理")
    return agent_create(actor=people["gm"], code="A001", name="王代理", agency=agency)


@pytest.fixture
def register(service: dict[str, Any], agent: Any) -> Callable[..., Any]:
    from baomi.customers.services.registry import policy_register

    def make(n: int, **over: Any) -> Any:
        return policy_register(actor=service["clerk"], data=row(n, **over))

    return make
