"""The raw-SQL append path (tree.py, services.py) matches the models and `canonical`."""

from __future__ import annotations

import pytest
from django.db import connection

from baomi.audit import tree
from baomi.audit.merkle import Hasher, canonical, canonical_detail, canonical_event
from baomi.audit.models import AuditEvent, AuditHead, AuditNode
from baomi.audit.services import audit_append, audit_append_many, event_fields


def test_sql_names_the_models_tables_and_columns():
    assert (AuditEvent._meta.db_table, AuditNode._meta.db_table, AuditHead._meta.db_table) == (
        "audit_auditevent", "audit_auditnode", "audit_audithead")
    columns = {f.column for f in AuditEvent._meta.concrete_fields} - {"id"}
    listed = tree._INSERT_EVENT.split("(")[1].split(")")[0]
    assert {c.strip() for c in listed.split(",")} == columns


@pytest.mark.parametrize("event", [
    {"actor_id": None, "actor_label": "system", "detail": {}, "allowed": True},
    {"actor_id": 7, "actor_label": '人员"\\\n\u2028', "allowed": False,
     "detail": {"b": [1, 2.5, None, True], "a": {"z": "é", "y": "\x00"}, "中": 1}},
])
def test_canonical_event_is_canonical(event):
    full = {"seq": 12, "at": "2026-01-01T00:00:00.123456+00:00", "channel": "cli",
            "action": "carrier.view", "target_type": "carrier", "target_id": "7",
            "rule": "R-ACC-1", **event}
    fields = {k: v for k, v in full.items() if k != "detail"}
    assert canonical_event(**fields, detail_json=canonical_detail(full["detail"])) == (
        canonical(full))


def test_returned_events_are_the_stored_rows(people):
    single = audit_append(actor=people["gm"], action="test.one", target=("carrier", 3),
                          detail={"z": 1, "a": "文"}, rule="R-X")
    batch = audit_append_many(events=[{"actor": None, "action": "test.many", "detail": {"i": i}}
                                      for i in range(20)])
    for event in [single, *batch]:
        stored = AuditEvent.objects.get(pk=event.pk)
        assert event_fields(event) == event_fields(stored)
        assert event.leaf_hash == stored.leaf_hash == Hasher().leaf(
            canonical(event_fields(stored))).hex()
        assert not event._state.adding
    assert single.actor == people["gm"] and batch[0].actor is None
    assert [e.seq for e in batch] == list(range(single.seq + 1, single.seq + 21))


def test_empty_batch_appends_nothing(people):
    size = AuditHead.objects.get_or_create(pk=1)[0].seq
    assert audit_append_many(events=[]) == []
    assert AuditHead.objects.get(pk=1).seq == size
    assert connection.in_atomic_block  # the test's transaction is untouched
