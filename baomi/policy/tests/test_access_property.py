"""The access rule compiled twice — predicate and queryset filter — gives one answer.

R-ACC-1 (clearance AND scope), R-ACC-2 (rank rule or named), R-CLS-2 (drafts only for
drafter and confirmer), R-ACC-3 (nothing but rank, clearance and scope grants access).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi.carriers.models import Carrier, CarrierScope
from baomi.people.models import Clearance, OrgUnit, Person, Rank
from baomi.policy.access import may_view, visible_q
from baomi.policy.runtime import get_policy

LEVELS = get_policy().level_codes()
RANKS = [r.value for r in Rank]
CLEARANCES = [c.value for c in Clearance]
STATUSES = [s.value for s in Carrier.Status]

person_st = st.tuples(st.sampled_from(RANKS), st.sampled_from(CLEARANCES),
                      st.sampled_from(["ACTIVE", "ACTIVE", "LEAVING", "LEFT"]))


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list, list]:
    people = draw(st.lists(person_st, min_size=1, max_size=6))
    n = len(people)
    carrier_st = st.tuples(
        st.sampled_from(LEVELS), st.sampled_from(STATUSES), st.sampled_from(RANKS),
        st.integers(0, n - 1), st.one_of(st.none(), st.integers(0, n - 1)),
        st.sets(st.integers(0, n - 1), max_size=3),
    )
    carriers = draw(st.lists(carrier_st, min_size=1, max_size=10))
    return people, carriers


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds())
def test_predicate_and_filter_agree(db, world):
    people_spec, carrier_spec = world
    with transaction.atomic():
        unit = OrgUnit.objects.create(name="部门", code="prop")
        people = [Person.objects.create(name=f"p{i}", staff_no=f"P{i}", unit=unit, rank=rank,
                                        clearance=clearance, status=status)
                  for i, (rank, clearance, status) in enumerate(people_spec)]
        carriers = []
        for level, status, scope_rank, drafter, confirmer, named in carrier_spec:
            carrier = Carrier.objects.create(
                title="t", kind="DOCUMENT", level=level, status=status, scope_rank=scope_rank,
                department=unit, drafter=people[drafter],
                confirmer=people[confirmer] if confirmer is not None else None,
                created_at=timezone.now(),
            )
            CarrierScope.objects.bulk_create(
                [CarrierScope(carrier=carrier, person=people[i]) for i in named])
            carriers.append((carrier, {people[i].id for i in named}))
        for person in people:
            expected = {c.id for c, named in carriers
                        if may_view(person, c, named=person.id in named).allowed}
            got = set(Carrier.objects.filter(visible_q(person)).values_list("id", flat=True))
            assert got == expected, (person.rank, person.clearance, person.status)
        transaction.set_rollback(True)


def test_filter_has_no_duplicates_with_many_named(db):
    """A carrier naming several people appears once in a viewer's list."""
    unit = OrgUnit.objects.create(name="部门", code="dup")
    people = [Person.objects.create(name=f"p{i}", staff_no=f"D{i}", unit=unit, rank="GM",
                                    clearance="CORE") for i in range(3)]
    carrier = Carrier.objects.create(title="t", kind="DOCUMENT", level="SECRET",
                                     status="CONFIRMED", scope_rank="DEPT_MANAGER",
                                     department=unit, drafter=people[0],
                                     created_at=timezone.now())
    CarrierScope.objects.bulk_create([CarrierScope(carrier=carrier, person=p) for p in people])
    assert list(Carrier.objects.filter(visible_q(people[0])).values_list("id", flat=True)) == [carrier.id]
