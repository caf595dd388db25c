"""`baomi demo_load` builds a consistent company through the services (issue 2, item 9)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import (
    get_password_validators,
    validate_password,
)
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from baomi.audit.models import AuditEvent
from baomi.audit.selectors import chain_first_broken
from baomi.carriers.models import Carrier, CarrierScope, CarrierTally
from baomi.carriers.selectors import pending_confirmations
from baomi.demo.company import DEMO_PASSWORD
from baomi.demo.company.org import UNITS
from baomi.demo.company.plan import plan_carriers
from baomi.people.models import OrgUnit, Person
from baomi.people.selectors import departments, person_by_username
from baomi.policy.classification import may_be_named, may_confirm_level
from baomi.policy.customers import module_on
from baomi.policy.runtime import get_policy


def _load(*args: str) -> str:
    out = StringIO()
    call_command("demo_load", *args, stdout=out)
    return out.getvalue()


def _tally() -> dict[tuple[object, ...], int]:
    return {(t.level, t.scope_rank, t.status, t.kind, t.department_id): t.n
            for t in CarrierTally.objects.exclude(n=0)}


def _real_counts() -> dict[tuple[object, ...], int]:
    rows = (Carrier.objects.values("level", "scope_rank", "status", "kind", "department_id")
            .annotate(n=Count("id")).order_by())
    return {(r["level"], r["scope_rank"], r["status"], r["kind"], r["department_id"]): r["n"]
            for r in rows}


@pytest.mark.django_db
def test_demo_load_builds_a_consistent_company() -> None:
    output = _load()
    policy = get_policy()

    # the company: six departments (and 客户服务部 with the customers module), ~60 people
    # in all of them, one secrecy office
    expected = 6 + module_on()
    assert departments().count() == expected
    assert Person.objects.count() >= 55
    assert Person.objects.values("unit").distinct().count() == expected
    assert OrgUnit.objects.filter(is_secrecy_office=True).count() == 1
    for unit in departments():
        assert unit.people.filter(is_secrecy_officer=True).exists(), unit.name
    assert {p.rank for p in Person.objects.all()} == set(policy.rank_codes())
    assert Person.objects.get(user__username="gm").clearance == "CORE"

    # carriers of every level and kind, and every (level, kind) pair policy allows (R-CLS-1)
    assert Carrier.objects.count() >= 280
    pairs = set(Carrier.objects.values_list("level", "kind").distinct())
    allowed = {(lv.code, kind) for lv in policy.levels for kind in lv.kinds}
    assert pairs == allowed
    statuses = set(Carrier.objects.values_list("status", flat=True))
    assert {"CONFIRMED", "DRAFT", "RETURNED"} <= statuses

    # pending confirmations for the GM and the department managers (R-CLS-2)
    gm = person_by_username("gm")
    assert gm is not None and pending_confirmations(viewer=gm).exists()
    # (of the six departments: the customers demo's 客户服务部 drafts no carriers)
    for manager in Person.objects.filter(rank="DEPT_MANAGER",
                                         unit__code__in=[u.code for u in UNITS]):
        assert pending_confirmations(viewer=manager).exists(), manager.name

    # every confirmer was allowed to confirm at the level (R-CLS-3), never their own (R-ACC-4)
    for carrier in Carrier.objects.select_related("confirmer", "drafter"):
        assert carrier.confirmer is not None
        assert carrier.confirmer_id != carrier.drafter_id
        decision = may_confirm_level(carrier.confirmer, level=carrier.level,
                                     department_id=carrier.department_id)
        assert decision.allowed, (carrier.number, decision)
    # every named person is cleared for the level (R-ACC-1)
    for scope in CarrierScope.objects.select_related("carrier", "person"):
        assert may_be_named(scope.person, level=scope.carrier.level).allowed
    # some carriers name people besides the drafter (与内容有直接关系的工作人员, R-ACC-2)
    assert (CarrierScope.objects.values("carrier").annotate(n=Count("id"))
            .filter(n__gt=1).count() >= 50)
    # some drafts were confirmed at a higher level than proposed
    raised = [e for e in AuditEvent.objects.filter(action="carrier.confirm")
              if e.detail["level"] != e.detail["proposed_level"]]
    assert raised

    # everything went through the services: audited, chained, counted
    assert AuditEvent.objects.filter(action="person.create").count() == Person.objects.count()
    assert AuditEvent.objects.filter(action="carrier.draft").count() == Carrier.objects.count()
    assert not AuditEvent.objects.filter(allowed=False).exists()
    assert chain_first_broken() is None
    assert _tally() == _real_counts()

    # logins work with the printed password
    user = Person.objects.get(user__username="manager_rd").user
    assert user is not None and check_password(DEMO_PASSWORD, user.password)
    assert "gm" in output and DEMO_PASSWORD in output and "职级 Rank" in output


@pytest.mark.django_db
def test_if_empty_is_idempotent() -> None:
    first = _load("--if-empty", "--carriers", "20")
    assert "Demo organisation loaded" in first
    people, carriers = Person.objects.count(), Carrier.objects.count()
    events = AuditEvent.objects.count()
    second = _load("--if-empty", "--carriers", "20")
    assert "未装入演示数据" in second
    assert (Person.objects.count(), Carrier.objects.count()) == (people, carriers)
    assert AuditEvent.objects.count() == events
    assert carriers == 20


@pytest.mark.django_db
def test_demo_load_refuses_a_database_with_people(people: dict[str, Person]) -> None:
    before = Person.objects.count()
    with pytest.raises(CommandError):
        _load("--carriers", "5")
    assert Person.objects.count() == before
    assert "未装入" in _load("--if-empty")


@pytest.mark.django_db
def test_demo_logins_prints_the_table() -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "demo_load" in out.getvalue()  # nothing loaded yet: says how
    _load("--carriers", "0")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "用户名 Username" in text and "secrecy_office" in text
    assert text.index("chairman") < text.index("gm ") < text.index("staff_rd1")
    assert DEMO_PASSWORD in text


def test_plan_is_deterministic_for_a_seed() -> None:
    policy = get_policy()
    first = plan_carriers(policy, seed=2026, count=300)
    assert first == plan_carriers(policy, seed=2026, count=300)
    assert first != plan_carriers(policy, seed=7, count=300)
    assert len({p.title for p in first}) == len(first)


def test_demo_password_passes_the_production_validators() -> None:
    from config.settings import base

    configs: list[dict[str, Any]] = list(base.AUTH_PASSWORD_VALIDATORS)  # type: ignore[arg-type]
    validate_password(DEMO_PASSWORD, password_validators=get_password_validators(configs))
