"""The Merkle tree in the database: appends under the head lock, subtree look-ups.

Appends happen inside the caller's transaction with the `AuditHead` row locked
(`select_for_update`; SQLite's IMMEDIATE transactions serialise writers anyway), so the
event, its leaf hash, the completed subtree nodes and the new root commit together or
not at all — a committed event is in the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from baomi.audit.merkle import Hasher, perfect_pieces
from baomi.audit.models import (
    NODE_LEVEL_SHIFT,
    NODE_MIN_LEVEL,
    AuditEvent,
    AuditHead,
    AuditNode,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


def node_id(level: int, index: int) -> int:
    return (level << NODE_LEVEL_SHIFT) | index


def locked_head() -> AuditHead:
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:  # created by migration 0002; only a flushed database lacks it
        AuditHead.objects.get_or_create(pk=1)
        return AuditHead.objects.select_for_update().get(pk=1)


def head_frontier(head: AuditHead) -> list[bytes]:
    return [bytes.fromhex(h) for h in head.frontier.split(",") if h]


def set_frontier(head: AuditHead, frontier: list[bytes], hasher: Hasher) -> None:
    from baomi.audit.merkle import frontier_root

    head.frontier = ",".join(h.hex() for h in frontier)
    head.root = frontier_root(hasher, frontier).hex()


def stored_nodes(completed: Iterable[tuple[int, int, bytes]]) -> list[AuditNode]:
    return [AuditNode(id=node_id(level, index), hash=h)
            for level, index, h in completed if level >= NODE_MIN_LEVEL]


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
