"""Load the demo company through the services, so every row is validated and audited.

Units and people come from `org`, carriers from `plan`; each carrier is drafted by its
drafter, then confirmed or returned by a confirmer chosen from `confirmer_candidates`
(R-CLS-3), or left pending. Timestamps are the services' own (the moment of loading):
the demo is the company registering its existing carriers on the day it goes live.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from baomi.carriers.selectors import confirmer_candidates
from baomi.carriers.services import carrier_confirm, carrier_draft, carrier_return
from baomi.core.errors import ApplicationError
from baomi.core.writes import service_batch
from baomi.demo.company.org import DEMO_PASSWORD, PEOPLE, UNITS, staff_numbers
from baomi.demo.company.plan import CONFIRM, RETURN, TOP, CarrierPlan, plan_carriers
from baomi.people.models import OrgUnit, Person
from baomi.people.services import orgunit_create, person_create
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.carriers.models import Carrier

DEFAULT_SEED = 2026
DEFAULT_CARRIERS = 300


@dataclass
class DemoSummary:
    seed: int
    units: int = 0
    people: int = 0
    logins: int = 0
    carriers: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_level: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)


def database_is_empty() -> bool:
    """True when no person and no unit exists: the demo never mixes with real data."""
    return not Person.objects.exists() and not OrgUnit.objects.exists()


def _check_password() -> None:
    try:
        validate_password(DEMO_PASSWORD, user=get_user_model()(username="gm"))
    except ValidationError as exc:
        raise ApplicationError("演示密码不符合密码规则",
                               fields={"password": list(exc.messages)}) from exc


def _create_people(summary: DemoSummary) -> dict[str, Person]:
    policy = get_policy()
    company = orgunit_create(actor=None, name=policy.organisation["name"], code="company")
    units = {
        spec.code: orgunit_create(actor=None, name=spec.name, code=spec.code, parent=company,
                                  is_secrecy_office=spec.is_secrecy_office,
                                  sort=spec.number * 10)
        for spec in UNITS
    }
    summary.units = 1 + len(units)
    numbers = staff_numbers()
    people: dict[str, Person] = {}
    for spec in PEOPLE:
        people[spec.key] = person_create(
            actor=None, name=spec.name, staff_no=numbers[spec.key], unit=units[spec.unit],
            rank=spec.rank, clearance=spec.clearance,
            username=spec.key if spec.login else None,
            password=DEMO_PASSWORD if spec.login else None,
            is_secrecy_officer=spec.officer,
        )
        summary.logins += spec.login
    summary.people = len(people)
    return people


class _Confirmers:
    """Confirmers per (level, department), from `confirmer_candidates` (R-CLS-3)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], list[Person]] = {}
        self._order = {code: n for n, code in enumerate(get_policy().rank_codes())}

    def pick(self, plan: CarrierPlan, drafter: Person) -> Person:
        key = (plan.level, drafter.unit_id)
        if key not in self._cache:
            self._cache[key] = list(confirmer_candidates(level=plan.level,
                                                         department_id=drafter.unit_id))
        candidates = [c for c in self._cache[key] if c.id != drafter.id]
        for rank in plan.confirmer_ranks:
            pool = [c for c in candidates if c.rank == rank and c.unit_id == drafter.unit_id]
            if not pool and rank in TOP:
                pool = [c for c in candidates if c.rank == rank]
            if pool:
                return pool[plan.tiebreak % len(pool)]
        if not candidates:
            raise ApplicationError("没有可以定密的人员",
                                   fields={"confirmer": [f"R-CLS-3: {plan.level} {plan.title}"]})
        return min(candidates, key=lambda c: (c.unit_id != drafter.unit_id,
                                              self._order.get(c.rank, 99), c.staff_no))


def _create_carrier(plan: CarrierPlan, people: dict[str, Person],
                    confirmers: _Confirmers) -> Carrier:
    drafter = people[plan.drafter]
    confirmer = confirmers.pick(plan, drafter)
    carrier = carrier_draft(
        actor=drafter, title=plan.title, kind=plan.kind, level=plan.level, confirmer=confirmer,
        category=plan.category, reason=plan.reason, term_years=plan.term_years,
        scope_rank=plan.scope_rank, named_people=[people[k] for k in plan.named],
        copies_planned=plan.copies, controlled=plan.controlled,
    )
    if plan.fate == CONFIRM:
        if plan.raise_to:
            level, category = plan.raise_to
            return carrier_confirm(actor=confirmer, carrier=carrier, level=level,
                                   category=category)
        return carrier_confirm(actor=confirmer, carrier=carrier)
    if plan.fate == RETURN:
        return carrier_return(actor=confirmer, carrier=carrier, note=plan.note)
    return carrier


def load_demo(*, seed: int = DEFAULT_SEED, carriers: int = DEFAULT_CARRIERS) -> DemoSummary:
    """Create the demo company in one transaction (all or nothing)."""
    _check_password()
    summary = DemoSummary(seed=seed)
    plans = plan_carriers(get_policy(), seed=seed, count=carriers)
    with service_batch():  # the services join one transaction: all or nothing
        people = _create_people(summary)
        confirmers = _Confirmers()
        for plan in plans:
            carrier = _create_carrier(plan, people, confirmers)
            summary.by_status[carrier.status] += 1
            summary.by_level[carrier.level] += 1
            summary.by_kind[carrier.kind] += 1
    summary.carriers = len(plans)
    return summary
