"""R-ACC-6: every change and refusal is a leaf of the Merkle log; tampering is named."""

from __future__ import annotations

import pytest
from django.db import connection

from baomi.audit.merkle import Hasher, canonical, root_of
from baomi.audit.models import AuditEvent, AuditHead, AuditNode
from baomi.audit.selectors import log_first_broken
from baomi.audit.services import (
    audit_append,
    audit_append_many,
    audit_denial,
    event_fields,
)


def test_events_are_leaves_and_verify(people, make_carrier):
    make_carrier(level="SECRET")
    events = list(AuditEvent.objects.order_by("seq"))
    hasher = Hasher("sha256")
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    leaves = [hasher.leaf(canonical(event_fields(e))) for e in events]
    assert [leaf.hex() for leaf in leaves] == [e.leaf_hash for e in events]
    head = AuditHead.objects.get()
    assert (head.seq, head.root) == (len(events), root_of(hasher, leaves).hex())
    assert log_first_broken() is None


def test_batch_append_equals_single_appends(people):
    audit_append_many(events=[{"actor": people["gm"], "action": "test.batch", "detail": {"i": i}}
                              for i in range(40)])
    hasher = Hasher("sha256")
    leaves = [bytes.fromhex(h) for h in
              AuditEvent.objects.order_by("seq").values_list("leaf_hash", flat=True)]
    assert AuditHead.objects.get().root == root_of(hasher, leaves).hex()
    assert AuditNode.objects.count() == 2 + 1  # two 16-leaf subtrees and one of 32
    assert log_first_broken() is None


@pytest.mark.parametrize("how", ["alter", "delete", "reorder", "rehash"])
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
    elif how == "reorder":
        AuditEvent.objects.filter(pk=victim.pk).update(seq=10_000)
        AuditEvent.objects.filter(pk=events[4].pk).update(seq=victim.seq)
        AuditEvent.objects.filter(pk=victim.pk).update(seq=events[4].seq)
    else:  # altered and re-hashed: the leaf matches, the root no longer does
        victim.detail = {"i": 99}
        victim.leaf_hash = Hasher().leaf(canonical(event_fields(victim))).hex()
        victim.save()
        assert log_first_broken() == 0
        return
    assert log_first_broken() == victim.seq


def test_denial_survives_the_refused_change(people):
    audit_denial(actor=people["staff"], action="carrier.confirm", target=("carrier", 7),
                 rule="R-CLS-3", reason="x")
    event = AuditEvent.objects.get()
    assert (event.allowed, event.rule, event.target_type, event.target_id) == (
        False, "R-CLS-3", "carrier", "7")


def test_leaf_depends_on_every_field():
    base = {"seq": 1, "at": "2026-01-01T00:00:00+00:00", "actor_id": 1, "actor_label": "a",
            "channel": "web", "action": "x", "target_type": "", "target_id": "",
            "allowed": True, "rule": "", "detail": {}}
    hasher = Hasher()
    leaf = hasher.leaf(canonical(base))
    for key, value in [("actor_id", 2), ("allowed", False), ("detail", {"a": 1}), ("rule", "R"),
                       ("seq", 2), ("at", "2026-01-01T00:00:01+00:00")]:
        assert hasher.leaf(canonical({**base, key: value})) != leaf
    assert canonical(base).startswith(b'{"action":"x","actor_id":1')
