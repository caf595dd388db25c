"""Generated organisations for the visibility property tests: people of every rank,
clearance and supervising role; carriers of every level, status and scope, with copies and
register rows; the expected answer of the one access rule for each (viewer, carrier)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from hypothesis import strategies as st

from baomi.carriers.models import Carrier, CarrierCopy, CarrierScope, CustodyEntry
from baomi.carriers.tally import tally_rebuild
from baomi.people.models import Clearance, OrgUnit, Person, Rank
from baomi.policy.access import HIDDEN_TITLE, UNCONFIRMED, Sight, sight, title_shown
from baomi.policy.runtime import get_policy
from baomi.policy.supervision import oversees

LEVELS = get_policy().level_codes()
RANKS = [r.value for r in Rank]
CLEARANCES = [c.value for c in Clearance]
STATUSES = [s.value for s in Carrier.Status]
REGISTERS = [r.value for r in CustodyEntry.Register]
#: none, a member of the secrecy office (保密办), a department's secrecy officer (保密员)
ROLES = ["none", "none", "office", "officer"]

person_st = st.tuples(st.sampled_from(RANKS), st.sampled_from(CLEARANCES),
                      st.sampled_from(["ACTIVE", "ACTIVE", "LEAVING", "LEFT"]),
                      st.sampled_from(ROLES))


@st.composite
def worlds(draw: st.DrawFn, max_people: int = 6, max_carriers: int = 10) -> tuple[list, list]:
    people = draw(st.lists(person_st, min_size=1, max_size=max_people))
    n = len(people)
    who = st.integers(0, n - 1)
    carrier_st = st.tuples(
        st.sampled_from(LEVELS), st.sampled_from(STATUSES), st.sampled_from(RANKS),
        who, st.one_of(st.none(), who), st.sets(who, max_size=3),
        st.lists(who, max_size=2),                      # custodians of copies 1, 2
        st.sets(st.sampled_from(REGISTERS), max_size=2),  # register rows
    )
    carriers = draw(st.lists(carrier_st, min_size=1, max_size=max_carriers))
    return people, carriers


@dataclass
class World:
    people: list[Person]
    carriers: list[Carrier]
    named: dict[int, set[int]] = field(default_factory=dict)       # carrier id → person ids
    copies: dict[int, int] = field(default_factory=dict)           # carrier id → copies
    registers: dict[str, set[int]] = field(default_factory=dict)   # register → carrier ids

    def sight(self, viewer: Person, carrier: Carrier) -> Sight:
        return sight(viewer, carrier, named=viewer.id in self.named[carrier.id],
                     supervisor=oversees(viewer))

    def seen(self, viewer: Person) -> dict[int, tuple[str, str]]:
        """carrier id → (sight, title as shown) for every carrier the viewer sees."""
        out = {}
        for c in self.carriers:
            s = self.sight(viewer, c)
            if s != Sight.NONE:
                out[c.id] = (s.value, c.title if title_shown(viewer, c, s) else str(HIDDEN_TITLE))
        return out

    def hidden_titles(self, viewer: Person) -> list[str]:
        """Titles of carriers above the viewer's clearance (not their own drafts): these
        must reach the viewer in no response at all."""
        levels = get_policy().levels_within(viewer.clearance)
        return [c.title for c in self.carriers if c.level not in levels
                and not (c.status in UNCONFIRMED and viewer.id in (c.drafter_id, c.confirmer_id))]


def build(spec: tuple[list, list], *, users: bool = False) -> World:
    people_spec, carrier_spec = spec
    office = OrgUnit.objects.create(name="保密办", code="w-office", is_secrecy_office=True)
    unit = OrgUnit.objects.create(name="研发部", code="w-rd")
    people = []
    for i, (rank, clearance, status, role) in enumerate(people_spec):
        user: Any = None
        if users:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.create(username=f"w{i}")
        people.append(Person.objects.create(
            name=f"人{i}", staff_no=f"W{i}", unit=office if role == "office" else unit,
            rank=rank, clearance=clearance, status=status, is_secrecy_officer=role == "officer",
            user=user))
    world = World(people=people, carriers=[], registers={r: set() for r in REGISTERS})
    now = timezone.now()
    for i, (level, status, scope_rank, drafter, confirmer, named, custodians,
            registers) in enumerate(carrier_spec):
        confirmed = status not in UNCONFIRMED
        carrier = Carrier.objects.create(
            number=f"W-{i:03d}" if confirmed else None,
            title=f"机要题目{i}号甲", kind="DOCUMENT", level=level, status=status,
            scope_rank=scope_rank, department=unit, drafter=people[drafter],
            confirmer=people[confirmer] if confirmer is not None else None, created_at=now,
            confirmed_at=now if confirmed else None)
        CarrierScope.objects.bulk_create(
            [CarrierScope(carrier=carrier, person=people[p]) for p in named])
        world.named[carrier.id] = {people[p].id for p in named}
        world.carriers.append(carrier)
        if not confirmed:
            continue
        copies = [CarrierCopy(carrier=carrier, copy_no=n, custodian=people[p], created_at=now)
                  for n, p in enumerate(custodians, start=1)]
        CarrierCopy.objects.bulk_create(copies)
        world.copies[carrier.id] = len(copies)
        for register in registers:
            CustodyEntry.objects.create(register=register, event="LEND", at=now, carrier=carrier,
                                        level=level, actor=people[drafter], copy_nos="1")
            world.registers[register].add(carrier.id)
    tally_rebuild()
    return world
