"""Appending audit events. The only writer of AuditEvent (R-ACC-6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from baomi.audit.chain import event_hash
from baomi.audit.models import AuditEvent, AuditHead
from baomi.core.context import current_channel

if TYPE_CHECKING:
    from baomi.people.models import Person


def _target(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    return target._meta.model_name, str(target.pk)


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
    """Append one event, chained to the previous one. Call inside the change's transaction."""
    target_type, target_id = _target(target)
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:  # created by migration 0002; only a flushed database lacks it
            AuditHead.objects.get_or_create(pk=1)
            head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label or (str(actor) if actor else "system"),
            channel=current_channel(),
            action=action,
            target_type=target_type,
            target_id=target_id,
            allowed=allowed,
            rule=rule,
            detail=detail or {},
            prev_hash=head.hash,
        )
        event.hash = event_hash(head.hash, event_as_dict(event))
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


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


def event_as_dict(event: AuditEvent) -> dict[str, Any]:
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
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }
