"""Appending audit events: the only writer of the log (R-ACC-6).

Each event becomes a leaf of the RFC 6962 Merkle tree in the same transaction as the
change it records; `audit_checkpoint_create` signs the tree head (see checkpoints.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from baomi.audit.merkle import Hasher, canonical, frontier_push
from baomi.audit.models import AuditEvent, AuditNode
from baomi.audit.tree import head_frontier, locked_head, set_frontier, stored_nodes
from baomi.core.context import current_channel

if TYPE_CHECKING:
    from baomi.people.models import Person


def _target(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    return target._meta.model_name, str(target.pk)


def _log_hasher(head: Any) -> Hasher:
    """The log's hash algorithm: fixed when the first event is written (policy [audit])."""
    if not head.hash_algorithm:
        from baomi.policy.runtime import get_policy

        head.hash_algorithm = get_policy().audit.hash_algorithm if head.seq == 0 else "sha256"
    return Hasher(head.hash_algorithm)


def audit_append(
    *,
    actor: Person | None,
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
    """Append several events under one lock (same keyword names as `audit_append`)."""
    channel = current_channel()
    # no savepoint: inside a caller's transaction the event shares its fate (R-ACC-6)
    with transaction.atomic(savepoint=False):
        head = locked_head()
        hasher = _log_hasher(head)
        frontier = head_frontier(head)
        size = head.seq
        rows, nodes = [], []
        now = timezone.now()
        for spec in events:
            actor = spec.get("actor")
            target_type, target_id = _target(spec.get("target"))
            event = AuditEvent(
                seq=size + 1,
                at=now,
                actor=actor,
                actor_label=spec.get("actor_label") or (str(actor) if actor else "system"),
                channel=channel,
                action=spec["action"],
                target_type=target_type,
                target_id=target_id,
                allowed=spec.get("allowed", True),
                rule=spec.get("rule", ""),
                detail=spec.get("detail") or {},
            )
            leaf = hasher.leaf(canonical(event_fields(event)))
            event.leaf_hash = leaf.hex()
            nodes.extend(stored_nodes(frontier_push(hasher, frontier, size, leaf)))
            rows.append(event)
            size += 1
        if len(rows) == 1:
            rows[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(rows, batch_size=500)
        if nodes:
            AuditNode.objects.bulk_create(nodes)
        head.seq = size
        set_frontier(head, frontier, hasher)
        head.save(update_fields=["seq", "root", "frontier", "hash_algorithm"])
    return rows


def audit_denial(
    *, actor: Person | None, action: str, target: Any = None, rule: str, reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a refusal (R-ACC-6). Runs in its own transaction so the refusal survives."""
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
