"""Appending audit events: the only writer of the log (R-ACC-6).

Each event becomes a leaf of the RFC 6962 Merkle tree in the same transaction as the
change it records; `audit_checkpoint_create` signs the tree head (see checkpoints.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from baomi.audit.merkle import Hasher, canonical_detail, canonical_event
from baomi.audit.models import NODE_MIN_LEVEL, AuditEvent
from baomi.audit.tree import (
    head_frontier,
    insert_events,
    insert_nodes,
    lock_head,
    node_id,
    update_head,
)
from baomi.core.context import current_channel
from baomi.core.writes import defer_denial

if TYPE_CHECKING:
    from datetime import datetime

    from baomi.audit.tree import HeadState


class Actor(Protocol):
    """Who acted: a `people.Person`. The audit app sits below people and names only what it
    reads (docs/decisions/0007-layers.md)."""

    @property
    def pk(self) -> Any: ...


def _target(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    return target._meta.model_name, str(target.pk)


def _log_hasher(head: HeadState) -> Hasher:
    """The log's hash algorithm: fixed when the first event is written (policy [audit])."""
    if not head.hash_algorithm:
        from baomi.policy.runtime import get_policy

        head.hash_algorithm = get_policy().audit.hash_algorithm if head.seq == 0 else "sha256"
    return Hasher(head.hash_algorithm)


def audit_append(
    *,
    actor: Actor | None,
    action: str,
    target: Any = None,
    detail: dict[str, Any] | None = None,
    allowed: bool = True,
    rule: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Append one event as the next leaf. Call inside the change's transaction."""
    return audit_append_many(events=[{
        "actor": actor, "action": action, "target": target, "detail": detail,
        "allowed": allowed, "rule": rule, "actor_label": actor_label,
    }])[0]


def audit_append_many(*, events: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append several events under one lock (same keyword names as `audit_append`).

    Raw SQL on one cursor (tree.py): lock and read the head row, insert the events and
    the completed subtree nodes with `executemany`, update the head. Each event's
    canonical JSON is built once; its `detail` part is also the text stored.
    """
    if not events:
        return []
    channel = current_channel()
    now = timezone.now()
    at_iso = now.isoformat()
    # no savepoint: inside a caller's transaction the event shares its fate (R-ACC-6)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        head = lock_head(cursor)
        hasher = _log_hasher(head)
        leaf_of, node = hasher.leaf, hasher.node
        frontier = head_frontier(head)
        size = head.seq
        rows: list[tuple[Any, ...]] = []
        nodes: list[tuple[int, bytes]] = []
        at_db = connection.ops.adapt_datetimefield_value(now)
        for spec in events:
            actor = spec.get("actor")
            actor_id = actor.pk if actor is not None else None
            target_type, target_id = _target(spec.get("target"))
            label = spec.get("actor_label") or (str(actor) if actor else "system")
            allowed = bool(spec.get("allowed", True))
            rule = spec.get("rule", "")
            action = spec["action"]
            detail_json = canonical_detail(spec.get("detail") or {})
            size += 1
            leaf = leaf_of(canonical_event(
                seq=size, at=at_iso, actor_id=actor_id, actor_label=label, channel=channel,
                action=action, target_type=target_type, target_id=target_id,
                allowed=allowed, rule=rule, detail_json=detail_json))
            # frontier_push, inlined: fold the completed perfect subtrees (RFC 6962)
            acc, level, n = leaf, 0, size - 1
            while n & 1:
                acc = node(frontier.pop(), acc)
                level += 1
                n >>= 1
                if level >= NODE_MIN_LEVEL:
                    nodes.append((node_id(level, (size >> level) - 1), acc))
            frontier.append(acc)
            rows.append((size, at_db, actor_id, label, channel, action, target_type,
                         target_id, allowed, rule, detail_json, leaf.hex()))
        ids = insert_events(cursor, rows)
        if nodes:
            insert_nodes(cursor, nodes)
        update_head(cursor, size, frontier, hasher)
    alias = connection.alias
    return [_event(pk, row, now, spec, alias)
            for pk, row, spec in zip(ids, rows, events, strict=True)]


def _event(pk: int, row: tuple[Any, ...], at: datetime, spec: dict[str, Any],
           alias: str) -> AuditEvent:
    """The saved event as a model instance, built as a loaded row without `Model.__init__`
    (a third of the append's time otherwise). `AuditEvent` has no init signal receivers."""
    state = ModelState()
    state.adding, state.db = False, alias
    event = AuditEvent.__new__(AuditEvent)
    event.__dict__.update({
        "_state": state, "id": pk, "seq": row[0], "at": at, "actor_id": row[2],
        "actor_label": row[3], "channel": row[4], "action": row[5], "target_type": row[6],
        "target_id": row[7], "allowed": row[8], "rule": row[9],
        "detail": spec.get("detail") or {}, "leaf_hash": row[11]})
    if (actor := spec.get("actor")) is not None:
        state.fields_cache["actor"] = actor
    return event


def audit_denial(
    *, actor: Actor | None, action: str, target: Any = None, rule: str, reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Record a refusal (R-ACC-6) so that it survives the refused change.

    Inside a durable service (baomi.core.writes) the event is written once the service's
    transaction has ended — after the rollback the refusal causes — and None is returned.
    """
    if defer_denial({"actor": actor, "action": action, "target": target, "rule": rule,
                     "reason": reason, "detail": detail}):
        return None
    payload = dict(detail or {})
    if reason:
        payload["reason"] = reason
    return audit_append(actor=actor, action=action, target=target, detail=payload,
                        allowed=False, rule=rule)


def event_fields(event: AuditEvent) -> dict[str, Any]:
    """The hashed fields of an event (merkle.FIELDS)."""
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "channel": event.channel,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "allowed": event.allowed,
        "rule": event.rule,
        "detail": event.detail,
    }


def event_as_dict(event: AuditEvent) -> dict[str, Any]:
    return {**event_fields(event), "leaf_hash": event.leaf_hash}
