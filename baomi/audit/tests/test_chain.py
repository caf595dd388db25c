"""R-ACC-6: every change and refusal is an event chained to the one before."""

from __future__ import annotations

import pytest
from django.db import connection

from baomi.audit.chain import GENESIS, event_hash, first_broken
from baomi.audit.models import AuditEvent, AuditHead
from baomi.audit.selectors import chain_first_broken, iter_events
from baomi.audit.services import audit_append, audit_denial


def test_events_chain_and_verify(people, make_carrier):
    make_carrier(level="SECRET")
    events = list(iter_events())
    assert events[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:], strict=False))
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert chain_first_broken() is None
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (events[-1]["seq"], events[-1]["hash"])


@pytest.mark.parametrize("how", ["alter", "delete", "reorder"])
def test_tampering_is_found(people, how):
    for i in range(6):
        audit_append(actor=people["gm"], action="test.event", detail={"i": i})
    events = list(AuditEvent.objects.order_by("seq"))
    victim = events[3]
    if how == "alter":
        # an administrator editing the row directly, bypassing the service
        with connection.cursor() as cur:
            cur.execute("UPDATE audit_auditevent SET detail = %s WHERE id = %s",
                        ['{"i": 99}', victim.id])
    elif how == "delete":
        AuditEvent.objects.filter(pk=victim.pk).delete()
    else:
        AuditEvent.objects.filter(pk=victim.pk).update(seq=10_000)
        AuditEvent.objects.filter(pk=events[4].pk).update(seq=victim.seq)
        AuditEvent.objects.filter(pk=victim.pk).update(seq=events[4].seq)
    assert chain_first_broken() == victim.seq


def test_denial_survives_the_refused_change(people):
    audit_denial(actor=people["staff"], action="carrier.confirm", target=("carrier", 7),
                 rule="R-CLS-3", reason="x")
    event = AuditEvent.objects.get()
    assert (event.allowed, event.rule, event.target_type, event.target_id) == (
        False, "R-CLS-3", "carrier", "7")


def test_hash_depends_on_every_field():
    base = {"seq": 1, "at": "2026-01-01T00:00:00+00:00", "actor_id": 1, "actor_label": "a",
            "channel": "web", "action": "x", "target_type": "", "target_id": "",
            "allowed": True, "rule": "", "detail": {}}
    h = event_hash(GENESIS, base)
    for key, value in [("actor_id", 2), ("allowed", False), ("detail", {"a": 1}), ("rule", "R")]:
        assert event_hash(GENESIS, {**base, key: value}) != h
    assert first_broken([{**base, "prev_hash": GENESIS, "hash": h}]) is None
