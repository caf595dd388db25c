"""The JSON-lines export read by the offline verifier (format in verifier.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from baomi.audit.merkle import canonical
from baomi.audit.models import AuditEvent
from baomi.audit.verifier import event_line, header_line
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Iterator

FIELDS = ("seq", "at", "actor_id", "actor_label", "channel", "action", "target_type",
          "target_id", "allowed", "rule", "detail", "leaf_hash")


def export_lines(*, size: int | None = None) -> Iterator[bytes]:
    from baomi.audit.selectors import head

    current = head()
    total = current.seq if size is None else max(0, min(size, current.seq))
    yield header_line(hash_algorithm=current.hash_algorithm or "sha256",
                      origin=get_policy().audit.origin, size=total)
    rows = (AuditEvent.objects.filter(seq__lte=total).order_by("seq")
            .values_list(*FIELDS).iterator(chunk_size=5000))
    for row in rows:
        event = dict(zip(FIELDS, row, strict=True))
        event["at"] = event["at"].isoformat()
        yield event_line(canonical(event), bytes.fromhex(event["leaf_hash"]))
