"""What a person sees of a carrier (R-ACC-1, R-ACC-2, R-ACC-4, R-CLS-2), written once.

Three answers (`Sight`): everything (FULL: clearance covers the level AND in scope, or the
drafter/confirmer of an unconfirmed draft), metadata only (METADATA: a supervisor or auditor
who is not separately in scope, R-ACC-4 监管分离), or nothing (NONE: "not found").
A carrier's title is shown with FULL sight, and with METADATA sight only when the viewer's
clearance covers the carrier's level; otherwise it is replaced by `HIDDEN_TITLE`
(docs/decisions/0006-metadata-visibility.md).

The rule is compiled twice: `sight` / `title_shown` are the predicate; `visible_q`,
`seen_q`, `title_q` and `sight_annotations` the same rule on a queryset. The property tests
in baomi/policy/tests and baomi/approvals/tests/test_visibility_*.py keep them equal. Permissions come from rank, clearance, scope and the
supervising role only, never from a page being reachable (R-ACC-3).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.apps import apps
from django.db.models import Case, CharField, F, Model, Q, QuerySet, Value, When
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models import Expression

M = TypeVar("M", bound=Model)

#: carrier statuses in which the classification is not yet confirmed (待定密); a draft
#: withdrawn by its drafter (已作废) never was, and stays theirs and its confirmer's
UNCONFIRMED = ("DRAFT", "RETURNED", "WITHDRAWN")
#: people in these statuses see nothing
INACTIVE = ("LEFT",)
#: what a viewer reads in place of a title they may not see (R-ACC-4)
HIDDEN_TITLE = _("(标题不可见)")


class Sight(StrEnum):
    NONE = "none"
    METADATA = "metadata"
    FULL = "full"


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
    """Full access. `named`: the viewer is listed in the carrier's scope (直接有关的工作人员)."""
    if viewer is None or viewer.status in INACTIVE:
        return Decision.deny("R-ACC-1", gettext_noop("没有在职人员身份"))
    if carrier.status in UNCONFIRMED:
        if viewer.id in (carrier.drafter_id, carrier.confirmer_id):
            return Decision.allow("R-CLS-2")
        return Decision.deny("R-CLS-2", gettext_noop("尚未定密,只有拟制人和定密人可见"))
    policy = get_policy()
    if carrier.level not in policy.levels_within(viewer.clearance):
        return Decision.deny("R-ACC-1", gettext_noop("涉密等级不足"))
    if named or carrier.scope_rank in policy.ranks_at_or_below(viewer.rank):
        return Decision.allow("R-ACC-2")
    return Decision.deny("R-ACC-1", gettext_noop("不在知悉范围内"))


def sight(viewer: Viewer | None, carrier: Visible, *, named: bool,
          supervisor: bool) -> Sight:
    """What `viewer` sees of `carrier`. `supervisor`: the viewer supervises or audits the
    registers (`baomi.policy.supervision.oversees`); drafts stay with their drafter and
    confirmer whoever asks (R-CLS-2)."""
    if may_view(viewer, carrier, named=named).allowed:
        return Sight.FULL
    if (supervisor and viewer is not None and viewer.status not in INACTIVE
            and carrier.status not in UNCONFIRMED):
        return Sight.METADATA
    return Sight.NONE


def title_shown(viewer: Viewer | None, carrier: Visible, seen: Sight) -> bool:
    """The title is metadata only up to the viewer's clearance (R-ACC-1 涉密等级)."""
    if seen == Sight.FULL:
        return True
    if seen == Sight.NONE or viewer is None:
        return False
    return carrier.level in get_policy().levels_within(viewer.clearance)


def visible_q(viewer: Viewer | None, prefix: str = "") -> Q:
    """Full access (`may_view`) as a filter on Carrier (or a relation via `prefix`)."""
    if viewer is None or viewer.status in INACTIVE:
        return Q(pk__in=[])
    policy = get_policy()
    scope_model = apps.get_model("carriers", "CarrierScope")
    p = prefix
    named = Q(**{f"{p}id__in": scope_model.objects.filter(person_id=viewer.id).values("carrier_id")})
    confirmed = (
        ~Q(**{f"{p}status__in": UNCONFIRMED})
        & Q(**{f"{p}level__in": policy.levels_within(viewer.clearance)})
        & (Q(**{f"{p}scope_rank__in": policy.ranks_at_or_below(viewer.rank)}) | named)
    )
    return _own_draft_q(viewer, p) | confirmed


def _own_draft_q(viewer: Viewer, p: str) -> Q:
    return Q(**{f"{p}status__in": UNCONFIRMED}) & (
        Q(**{f"{p}drafter_id": viewer.id}) | Q(**{f"{p}confirmer_id": viewer.id}))


def seen_q(viewer: Viewer | None, *, supervisor: bool, prefix: str = "") -> Q:
    """`sight(...) != NONE` as a filter: what a viewer sees at all."""
    if viewer is None or viewer.status in INACTIVE:
        return Q(pk__in=[])
    if not supervisor:
        return visible_q(viewer, prefix)
    return ~Q(**{f"{prefix}status__in": UNCONFIRMED}) | _own_draft_q(viewer, prefix)


def title_q(viewer: Viewer | None, *, supervisor: bool, prefix: str = "") -> Q:
    """`title_shown(...)` as a filter, among the rows `seen_q` admits."""
    if viewer is None or viewer.status in INACTIVE:
        return Q(pk__in=[])
    if not supervisor:
        return visible_q(viewer, prefix)
    levels = get_policy().levels_within(viewer.clearance)
    return _own_draft_q(viewer, prefix) | (
        ~Q(**{f"{prefix}status__in": UNCONFIRMED}) & Q(**{f"{prefix}level__in": levels}))


def sight_annotations(viewer: Viewer | None, *, supervisor: bool,
                      prefix: str = "") -> dict[str, Expression]:
    """`sight` and `shown_title` for each row of a queryset already filtered by `seen_q`.

    Everyone but a supervisor sees every admitted row in full, so their annotations are
    constants and cost nothing per row.
    """
    title: Expression = F(f"{prefix}title")  # type: ignore[assignment]
    if not supervisor:
        return {"sight": Value(Sight.FULL.value, output_field=CharField()),
                "shown_title": title}
    return {
        "sight": Case(When(visible_q(viewer, prefix), then=Value(Sight.FULL.value)),
                      default=Value(Sight.METADATA.value), output_field=CharField()),
        "shown_title": Case(When(title_q(viewer, supervisor=True, prefix=prefix), then=title),
                            default=Value(str(HIDDEN_TITLE)), output_field=CharField()),
    }


class _FullSight(ModelIterable):  # type: ignore[type-arg]
    """Rows of a viewer who sees every admitted row in full: `sight` and `shown_title` set
    as each row is built, so the SQL stays the plain scoped query (bench/access_list.py)."""

    via: str = ""

    def __iter__(self) -> Iterator[Any]:
        for row in super().__iter__():
            carrier = getattr(row, self.via) if self.via else row
            row.sight, row.shown_title = Sight.FULL.value, carrier.title
            yield row


class _FullSightViaCarrier(_FullSight):
    via = "carrier"


def with_sight(qs: QuerySet[M], viewer: Viewer | None, *, supervisor: bool,
               prefix: str = "") -> QuerySet[M]:
    """`qs` (already filtered by `seen_q`) with `sight` and `shown_title` on every row:
    annotated in SQL for a supervisor, set per row for everyone else (always "full").
    `prefix` is "" for carriers, "carrier__" for rows that point to one."""
    if supervisor:
        return qs.annotate(**sight_annotations(viewer, supervisor=True, prefix=prefix))
    if prefix not in ("", "carrier__"):
        raise ValueError(prefix)
    clone = qs.all()
    clone._iterable_class = _FullSightViaCarrier if prefix else _FullSight
    return clone


def title_match_q(viewer: Viewer | None, *, supervisor: bool, text: str,
                  prefix: str = "") -> Q:
    """A title search that matches only titles the viewer may read (a search must not
    confirm words of a hidden title)."""
    match = Q(**{f"{prefix}title__icontains": text})
    if not supervisor:
        return match
    return match & title_q(viewer, supervisor=True, prefix=prefix)

