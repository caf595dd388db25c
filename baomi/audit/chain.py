"""Hash chain of audit events: canonical JSON, SHA-256 over the previous hash and the event.

No Django import: the verifier can run on an export alone.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

GENESIS = "0" * 64
FIELDS = ("seq", "at", "actor_id", "actor_label", "channel", "action", "target_type",
          "target_id", "allowed", "rule", "detail")


def canonical(event: Mapping[str, Any]) -> bytes:
    body = {name: event[name] for name in FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(event)).hexdigest()


def first_broken(events: Iterable[Mapping[str, Any]]) -> int | None:
    """Sequence number of the first event whose link or hash does not verify, else None."""
    prev = GENESIS
    expected_seq = 1
    for event in events:
        if event["seq"] != expected_seq or event["prev_hash"] != prev:
            return expected_seq
        if event_hash(prev, event) != event["hash"]:
            return int(event["seq"])
        prev = event["hash"]
        expected_seq += 1
    return None
