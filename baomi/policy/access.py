"""Who may see a carrier (R-ACC-1, R-ACC-2, R-CLS-2), written once.

`may_view` is the predicate, `visible_q` the same rule as a queryset filter; the property
test in baomi/policy/tests/test_access_property.py keeps the two equal. Permissions come
from rank, clearance and scope only, never from a page being reachable (R-ACC-3).
"""

from __future__ import annotations

from typing import Protocol

from django.apps import apps
from django.db.models import Q

from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

#: carrier statuses in which the classification is not yet confirmed (待定密); a draft
#: withdrawn by its drafter (已作废) never was, and stays theirs and its confirmer's
UNCONFIRMED = ("DRAFT", "RETURNED", "WITHDRAWN")
#: people in these statuses see nothing
INACTIVE = ("LEFT",)


class Viewer(Protocol):
    id: int
    rank: str
    clearance: str
    status: str


class Visible(Protocol):
    level: str
    status: str
    scope_rank: str
    drafter_id: int
    confirmer_id: int | None


def may_view(viewer: Viewer | None, carrier: Visible, *, named: bool) -> Decision:
    """`named`: the viewer is listed in the carrier's scope (直接有关的工作人员)."""
    if viewer is None or viewer.status in INACTIVE:
        return Decision.deny("R-ACC-1", "没有在职人员身份")
    if carrier.status in UNCONFIRMED:
        if viewer.id in (carrier.drafter_id, carrier.confirmer_id):
            return Decision.allow("R-CLS-2")
        return Decision.deny("R-CLS-2", "尚未定密,只有拟制人和定密人可见")
    policy = get_policy()
    if carrier.level not in policy.levels_within(viewer.clearance):
        return Decision.deny("R-ACC-1", "涉密等级不足")
    if named or carrier.scope_rank in policy.ranks_at_or_below(viewer.rank):
        return Decision.allow("R-ACC-2")
    return Decision.deny("R-ACC-1", "不在知悉范围内")


def visible_q(viewer: Viewer | None, prefix: str = "") -> Q:
    """The same rule as `may_view`, as a filter on Carrier (or a relation via `prefix`)."""
    if viewer is None or viewer.status in INACTIVE:
        return Q(pk__in=[])
    policy = get_policy()
    scope_model = apps.get_model("carriers", "CarrierScope")
    p = prefix
    own_draft = Q(**{f"{p}status__in": UNCONFIRMED}) & (
        Q(**{f"{p}drafter_id": viewer.id}) | Q(**{f"{p}confirmer_id": viewer.id})
    )
    named = Q(**{f"{p}id__in": scope_model.objects.filter(person_id=viewer.id).values("carrier_id")})
    confirmed = (
        ~Q(**{f"{p}status__in": UNCONFIRMED})
        & Q(**{f"{p}level__in": policy.levels_within(viewer.clearance)})
        & (Q(**{f"{p}scope_rank__in": policy.ranks_at_or_below(viewer.rank)}) | named)
    )
    return own_draft | confirmed
