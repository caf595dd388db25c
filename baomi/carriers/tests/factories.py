"""Carriers made through the real services, so tests exercise the one write path."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.carriers.services import carrier_confirm, carrier_draft
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.carriers.models import Carrier
    from baomi.people.models import Person

CONFIRMER_FOR = {
    "TOP_SECRET": "gm", "CONFIDENTIAL": "gm", "SECRET": "manager", "GENERAL": "manager",
    "INTERNAL": "manager", "PUBLIC": "manager",
}
DRAFTER_FOR = {
    "TOP_SECRET": "board", "CONFIDENTIAL": "director", "SECRET": "staff", "GENERAL": "staff",
    "INTERNAL": "staff", "PUBLIC": "staff",
}


def carrier_drafted(*, people: dict[str, Person], level: str = "SECRET", kind: str | None = None,
                    drafter: Person | None = None, confirmer: Person | None = None,
                    **kw: Any) -> Carrier:
    policy = get_policy()
    kind = kind or ("DRAWING" if level == "GENERAL" else "DOCUMENT")
    drafter = drafter or people[DRAFTER_FOR[level]]
    confirmer = confirmer or people[CONFIRMER_FOR[level]]
    if confirmer.id == drafter.id:
        confirmer = people["board"] if drafter.id != people["board"].id else people["gm"]
    categories = policy.categories.get(level, ())
    kw.setdefault("category", categories[0] if categories else "")
    kw.setdefault("title", f"测试载体 {level}")
    return carrier_draft(actor=drafter, kind=kind, level=level, confirmer=confirmer, **kw)


def carrier_confirmed(*, people: dict[str, Person], **kw: Any) -> Carrier:
    carrier = carrier_drafted(people=people, **kw)
    assert carrier.confirmer is not None
    return carrier_confirm(actor=carrier.confirmer, carrier=carrier)
