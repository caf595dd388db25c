"""Reads of the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baomi.audit.chain import first_broken
from baomi.audit.models import AuditEvent
from baomi.audit.services import event_as_dict

if TYPE_CHECKING:
    from collections.abc import Iterator

    from django.db.models import QuerySet


def events_for_target(*, target_type: str, target_id: str | int) -> QuerySet[AuditEvent]:
    """History of one object. The caller has already established the viewer may see it."""
    return (AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id))
            .select_related("actor").order_by("-seq"))


def iter_events() -> Iterator[dict[str, Any]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield event_as_dict(event)


def chain_first_broken() -> int | None:
    """None when every stored event links to its predecessor and hashes correctly."""
    return first_broken(iter_events())
