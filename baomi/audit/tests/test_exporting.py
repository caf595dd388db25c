"""The export's fast path (raw rows, SQL-built canonical bytes on SQLite) writes exactly
what the general ORM path writes, and falls back to it for a row it cannot trust."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.db import connection

from baomi.audit import exporting
from baomi.audit.merkle import Hasher
from baomi.audit.models import AuditEvent
from baomi.audit.scan import HEAD, TAIL
from baomi.audit.services import audit_append, audit_append_many

#: text JSON escapes differently (PostgreSQL holds no NUL, so \x01)
AWKWARD = ['人员"\\\n\u2028', "\x01\x1f\x7f", "é中😀", "tab\there"]


def _orm_lines() -> list[bytes]:
    """The export as the ORM path alone builds it (the code before the fast path)."""
    return [HEAD + exporting._orm_body(e.seq) + TAIL + e.leaf_hash.encode() + b'"}'
            for e in AuditEvent.objects.order_by("seq")]


def _count_slow_rows(monkeypatch) -> list[int]:
    """The seqs the export sends through the ORM path, as it runs."""
    slow: list[int] = []
    orm_body = exporting._orm_body

    def counted(seq: int) -> bytes:
        slow.append(seq)
        return orm_body(seq)

    monkeypatch.setattr(exporting, "_orm_body", counted)
    return slow


def _events(people) -> None:
    audit_append(actor=people["gm"], action="carrier.view", target=("carrier", 3),
                 detail={"z": 1, "a": "文", "n": [1, 2.5, None, True]}, rule="R-ACC-1")
    audit_append_many(events=[
        {"actor": None if i % 2 else people["gm"], "action": "test.many",
         "actor_label": AWKWARD[i % len(AWKWARD)], "allowed": bool(i % 3),
         "target": ("carrier", f"{i}{AWKWARD[i % len(AWKWARD)]}"),
         "detail": {"k": AWKWARD[(i + 1) % len(AWKWARD)], "i": i, "nested": {"b": {}, "a": []}}}
        for i in range(30)])


def test_export_lines_equal_the_orm_path(people, monkeypatch):
    _events(people)
    slow = _count_slow_rows(monkeypatch)
    lines = list(exporting.export_lines())
    assert slow == []  # every row took the fast path
    monkeypatch.undo()
    assert json.loads(lines[0])["size"] == 31
    assert lines[1:] == _orm_lines()
    hasher = Hasher()
    for line in lines[1:]:  # and each line's bytes hash to the stored leaf
        assert hasher.leaf(line[9:-75]).hex().encode() == line[-66:-2]


def test_export_stops_at_size_and_pages(people, monkeypatch):
    _events(people)
    monkeypatch.setattr(exporting, "PAGE", 7)
    lines = list(exporting.export_lines(size=20))
    assert json.loads(lines[0])["size"] == 20
    assert lines[1:] == _orm_lines()[:20]
    blocks = list(exporting.export_blocks())
    assert len(blocks) == 1 + 5  # the header, then 31 rows in pages of 7
    assert b"".join(blocks).split(b"\n")[:-1] == list(exporting.export_lines())


def test_a_row_the_fast_path_cannot_trust_goes_through_the_orm(people, monkeypatch):
    _events(people)
    before = _orm_lines()
    # a row written as Django's JSONField writes it (spaces, ASCII escapes), and one whose
    # time is stored in another form: the fast bytes would not hash to the stored leaf
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = %s WHERE seq = 2",
                       [json.dumps(AuditEvent.objects.get(seq=2).detail)])
    AuditEvent.objects.filter(seq=3).update(at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    slow = _count_slow_rows(monkeypatch)
    lines = list(exporting.export_lines())[1:]
    assert slow == ([3] if connection.vendor == "postgresql" else [2, 3])
    monkeypatch.undo()
    assert lines == _orm_lines()
    assert lines[1] == before[1]  # the same canonical bytes: the detail's value is unchanged
    assert lines[2] != before[2] and b'"at":"2026-01-02T03:04:05+00:00"' in lines[2]


@pytest.mark.parametrize("value", ["orgunit", "文"])
def test_a_tampered_row_is_exported_as_the_database_holds_it(people, value):
    _events(people)
    AuditEvent.objects.filter(seq=5).update(target_type=value)
    lines = list(exporting.export_lines())[1:]
    assert lines == _orm_lines()
    assert Hasher().leaf(lines[4][9:-75]).hex().encode() != lines[4][-66:-2]
