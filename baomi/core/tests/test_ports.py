"""The ports of decision 0007: a lower floor asks, the app above answers once it is ready.
If an app stopped registering, these fail here rather than as a RuntimeError in use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from baomi.approvals.services import stocktake_loss_report
from baomi.audit.models import AuditEvent
from baomi.carriers import loss
from baomi.carriers.ledger import custody_count as copies_held
from baomi.core.events import record_event
from baomi.core.persons import person_for, person_named
from baomi.people.holdings import custody_count

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db


def test_persons_port_finds_people_by_login_and_by_staff_number(
        people: dict[str, Person]) -> None:
    staff = people["staff"]
    assert person_for(staff.user) == staff
    assert person_named("staff") == staff
    assert person_named(staff.staff_no) == staff
    assert person_named("nobody-such") is None


def test_events_port_appends_to_the_audit_log(people: dict[str, Person]) -> None:
    event = record_event(actor=people["staff"], action="policy.activate",
                         detail={"sha256": "x"}, actor_label="test")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.actor_id) == ("policy.activate", people["staff"].pk)


def test_holdings_port_counts_the_copies_carriers_hold(
        people: dict[str, Person], make_carrier: Callable[..., Any]) -> None:
    staff = people["staff"]
    assert custody_count(person=staff) == 0
    make_carrier(level="SECRET", title="保管中的载体", copies_planned=2)
    assert copies_held(person=staff) == 2
    assert custody_count(person=staff) == 2  # R-DOC-8: the exit checks see them


def test_loss_port_is_approvals_incident_service() -> None:
    assert loss._reporter == [stocktake_loss_report]  # R-DOC-7
