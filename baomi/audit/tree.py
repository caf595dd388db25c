"""The Merkle tree in the database: appends under the head lock, subtree look-ups.

Appends happen inside the caller's transaction with the `AuditHead` row locked
(`select_for_update`; SQLite's IMMEDIATE transactions serialise writers anyway), so the
event, its leaf hash, the completed subtree nodes and the new root commit together or
not at all — a committed event is in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection

from baomi.audit.merkle import Hasher, frontier_root, perfect_pieces
from baomi.audit.models import (
    NODE_LEVEL_SHIFT,
    NODE_MIN_LEVEL,
    AuditEvent,
    AuditHead,
    AuditNode,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.db.backends.utils import CursorWrapper


def node_id(level: int, index: int) -> int:
    return (level << NODE_LEVEL_SHIFT) | index


def locked_head() -> AuditHead:
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:  # created by migration 0002; only a flushed database lacks it
        AuditHead.objects.get_or_create(pk=1)
        return AuditHead.objects.select_for_update().get(pk=1)


# --- the append path: raw SQL on one cursor (services.audit_append_many) -------------------
# Table names are Django's defaults for these models (tests/test_chain.py checks them).

_INSERT_EVENT = ("INSERT INTO audit_auditevent (seq, at, actor_id, actor_label, channel, "
                 "action, target_type, target_id, allowed, rule, detail, leaf_hash) "
                 "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
#: PostgreSQL: the detail text is cast to jsonb
_INSERT_EVENT_PG = _INSERT_EVENT.replace("%s, %s)", "%s::jsonb, %s)")
_INSERT_NODE = "INSERT INTO audit_auditnode (id, hash) VALUES (%s, %s)"
_SELECT_HEAD = "SELECT seq, frontier, hash_algorithm FROM audit_audithead WHERE id = 1"
_UPDATE_HEAD = ("UPDATE audit_audithead SET seq = %s, root = %s, frontier = %s, "
                "hash_algorithm = %s WHERE id = 1")


@dataclass
class HeadState:
    seq: int
    frontier: str
    hash_algorithm: str


def lock_head(cursor: CursorWrapper) -> HeadState:
    """Read the head row, locked until the transaction ends.

    PostgreSQL: `SELECT … FOR UPDATE`. SQLite: the transaction began IMMEDIATE
    (settings `transaction_mode`), so it holds the database's write lock already.
    """
    sql = _SELECT_HEAD + (" FOR UPDATE" if connection.features.has_select_for_update else "")
    cursor.execute(sql)
    row = cursor.fetchone()
    if row is None:  # created by migration 0002; only a flushed database lacks it
        AuditHead.objects.get_or_create(pk=1)
        cursor.execute(sql)
        row = cursor.fetchone()
    return HeadState(int(row[0]), row[1], row[2])


def insert_events(cursor: CursorWrapper, rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert event rows (columns as in `_INSERT_EVENT`, seq ascending); return their ids."""
    postgres = connection.vendor == "postgresql"
    sql = _INSERT_EVENT_PG if postgres else _INSERT_EVENT
    if len(rows) == 1 and connection.features.can_return_columns_from_insert:
        cursor.execute(sql + " RETURNING id", rows[0])
        return [int(cursor.fetchone()[0])]
    cursor.executemany(sql, rows)
    cursor.execute("SELECT id FROM audit_auditevent WHERE seq >= %s ORDER BY seq",
                   [rows[0][0]])
    return [pk for (pk,) in cursor.fetchall()]


def insert_nodes(cursor: CursorWrapper, nodes: list[tuple[int, bytes]]) -> None:
    cursor.executemany(_INSERT_NODE, nodes)


def update_head(cursor: CursorWrapper, size: int, frontier: list[bytes],
                hasher: Hasher) -> None:
    root = frontier_root(hasher, frontier).hex()
    cursor.execute(_UPDATE_HEAD, [size, root, ",".join(h.hex() for h in frontier),
                                  hasher.algorithm])


def head_frontier(head: AuditHead | HeadState) -> list[bytes]:
    return [bytes.fromhex(h) for h in head.frontier.split(",") if h]


class TreeReader:
    """Perfect-subtree hashes for proofs: stored nodes, or ≤ 16 leaves re-hashed."""

    def __init__(self, hasher: Hasher) -> None:
        self.hasher = hasher
        self._nodes: dict[tuple[int, int], bytes] = {}
        self._leaves: dict[int, bytes] = {}

    def prefetch(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Load everything `ranges` need in two queries."""
        want_nodes: set[int] = set()
        leaf_spans: set[tuple[int, int]] = set()
        for a, b in ranges:
            for level, index in perfect_pieces(a, b):
                if level >= NODE_MIN_LEVEL:
                    want_nodes.add(node_id(level, index))
                else:
                    first = index << level
                    leaf_spans.add((first, first + (1 << level)))
        if want_nodes:
            for pk, h in AuditNode.objects.filter(pk__in=want_nodes).values_list("id", "hash"):
                self._nodes[(pk >> NODE_LEVEL_SHIFT, pk & ((1 << NODE_LEVEL_SHIFT) - 1))] = bytes(h)
        if leaf_spans:
            seqs = sorted({i + 1 for a, b in leaf_spans for i in range(a, b)})
            rows = AuditEvent.objects.filter(seq__in=seqs).values_list("seq", "leaf_hash")
            for seq, leaf in rows:
                self._leaves[seq - 1] = bytes.fromhex(leaf)

    def perfect(self, level: int, index: int) -> bytes:
        if level >= NODE_MIN_LEVEL:
            return self._nodes[(level, index)]
        first = index << level
        hashes = [self._leaves[i] for i in range(first, first + (1 << level))]
        while len(hashes) > 1:
            hashes = [self.hasher.node(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
        return hashes[0]

    def getter(self) -> Callable[[int, int], bytes]:
        return self.perfect
