"""Reads of the audit log: history, search (auditors only), proofs, self-check."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from baomi.audit.merkle import (
    Hasher,
    ProofError,
    build_levels,
    canonical,
    consistency_ranges,
    inclusion_ranges,
    levels_perfect,
    range_hash,
)
from baomi.audit.models import AuditCheckpoint, AuditEvent, AuditHead
from baomi.audit.services import event_as_dict, event_fields
from baomi.audit.tree import TreeReader
from baomi.core.errors import ApplicationError, NotVisible
from baomi.policy.audit_access import may_audit
from baomi.policy.decision import require

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterator

    from django.db.models import QuerySet

    from baomi.policy.audit_access import Auditor

#: detail keys that are metadata (R-ACC-4); other keys are hidden from auditors
METADATA_KEYS = frozenset({"number", "level", "proposed_level", "kind", "term_years",
                           "scope_rank", "copies", "confirmer", "rule_detail", "reason",
                           "version", "sha256", "source", "staff_no", "rank", "unit"})
HIDDEN = "(内容已隐藏 R-ACC-4)"


def events_for_target(*, target_type: str, target_id: str | int) -> QuerySet[AuditEvent]:
    """History of one object. The caller has already established the viewer may see it."""
    return (AuditEvent.objects.filter(target_type=target_type, target_id=str(target_id))
            .select_related("actor").order_by("-seq"))


def iter_events() -> Iterator[dict[str, Any]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield event_as_dict(event)


def head() -> AuditHead:
    return AuditHead.objects.get_or_create(pk=1)[0]


def log_hasher() -> Hasher:
    return Hasher(head().hash_algorithm or "sha256")


# --- self-check ----------------------------------------------------------------------------

@dataclass
class LogCheck:
    first_bad_seq: int | None
    reason: str = ""


def log_check() -> LogCheck:
    """Re-hash every stored event; compare with stored leaves, the head and the checkpoints."""
    current = head()
    hasher = Hasher(current.hash_algorithm or "sha256")
    leaves: list[bytes] = []
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        expected = len(leaves) + 1
        if event.seq != expected:
            return LogCheck(expected, f"seq {expected} missing or moved (found {event.seq})")
        leaf = hasher.leaf(canonical(event_fields(event)))
        if leaf.hex() != event.leaf_hash:
            return LogCheck(event.seq, "event content does not match its leaf hash")
        leaves.append(leaf)
    if len(leaves) != current.seq:
        return LogCheck(min(len(leaves), current.seq) + 1,
                        f"{len(leaves)} events stored, the tree head says {current.seq}")
    levels = build_levels(hasher, leaves)
    perfect = levels_perfect(levels)
    if len(leaves) and range_hash(hasher, 0, len(leaves), perfect).hex() != current.root:
        return LogCheck(0, "the stored root does not match the events")
    for cp in AuditCheckpoint.objects.filter(size__lte=len(leaves)).order_by("size"):
        if range_hash(hasher, 0, cp.size, perfect).hex() != cp.root:
            return LogCheck(0, f"events before {cp.size} differ from the signed checkpoint")
    return LogCheck(None)


def log_first_broken() -> int | None:
    """Seq of the first stored event that does not verify (0: the head/root), else None."""
    return log_check().first_bad_seq


#: the name the hash-chain era used; kept for callers in other apps
chain_first_broken = log_first_broken


# --- proofs (RFC 9162 §2.1.3, §2.1.4) ---------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _tree_size(size: int | None) -> int:
    current = head().seq
    if size is None:
        return current
    if not 0 <= size <= current:
        raise ApplicationError(_("树大小超出范围"), fields={"size": [f"0 … {current}"]})
    return size


def root_at(size: int) -> bytes:
    hasher = log_hasher()
    reader = TreeReader(hasher)
    reader.prefetch([(0, size)])
    return range_hash(hasher, 0, size, reader.perfect)


def inclusion_proof(*, seq: int, size: int | None = None) -> dict[str, Any]:
    """The inclusion proof of event `seq` in the tree of `size` (default: now)."""
    current = head()
    tree_size = current.seq if size is None else _tree_size(size)
    if not 1 <= seq <= tree_size:
        raise ApplicationError(_("该事件不在此树中"), fields={"seq": [f"1 … {tree_size}"]})
    leaf_hash = AuditEvent.objects.filter(seq=seq).values_list("leaf_hash", flat=True).first()
    if leaf_hash is None:
        raise NotVisible
    hasher = Hasher(current.hash_algorithm or "sha256")
    ranges = inclusion_ranges(seq - 1, tree_size)
    reader = TreeReader(hasher)
    reader.prefetch([*ranges, (0, tree_size)])
    path = [range_hash(hasher, a, b, reader.perfect) for a, b in ranges]
    return {
        "type": "inclusion", "hash": hasher.algorithm, "leaf_index": seq - 1,
        "tree_size": tree_size, "leaf_hash": _b64(bytes.fromhex(leaf_hash)),
        "root": _b64(range_hash(hasher, 0, tree_size, reader.perfect)),
        "proof": [_b64(p) for p in path],
    }


def consistency_proof(*, first: int, second: int | None = None) -> dict[str, Any]:
    second_size = _tree_size(second)
    if not 0 <= first <= second_size:
        raise ApplicationError(_("树大小超出范围"), fields={"first": [f"0 … {second_size}"]})
    hasher = log_hasher()
    try:
        ranges = consistency_ranges(first, second_size)
    except ProofError as exc:
        raise ApplicationError(str(exc), fields={"first": [str(exc)]}) from exc
    reader = TreeReader(hasher)
    reader.prefetch([*ranges, (0, first), (0, second_size)])
    return {
        "type": "consistency", "hash": hasher.algorithm, "first_size": first,
        "second_size": second_size,
        "first_root": _b64(range_hash(hasher, 0, first, reader.perfect)),
        "second_root": _b64(range_hash(hasher, 0, second_size, reader.perfect)),
        "proof": [_b64(range_hash(hasher, a, b, reader.perfect)) for a, b in ranges],
    }


def latest_checkpoint() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-size", "-signed_at").first()


# --- search for auditors (R-ACC-4: metadata only) ----------------------------------------

def metadata(event: AuditEvent) -> dict[str, Any]:
    """An event as an auditor sees it: content-like detail values hidden."""
    detail = {k: (v if k in METADATA_KEYS else HIDDEN) for k, v in event.detail.items()}
    return {
        "seq": event.seq, "at": event.at.isoformat(), "actor_id": event.actor_id,
        "actor_label": event.actor_label, "channel": event.channel, "action": event.action,
        "target_type": event.target_type, "target_id": event.target_id,
        "allowed": event.allowed, "rule": event.rule, "detail": detail,
        "leaf_hash": event.leaf_hash,
    }


def audit_search(
    *, viewer: Auditor | None, person: str = "", carrier: str = "", action: str = "",
    date_from: datetime.date | None = None, date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first; only for auditors (PolicyDenied)."""
    require(may_audit(viewer), actor=viewer, action="audit.view")
    qs = AuditEvent.objects.select_related("actor").order_by("-seq")
    if person:
        qs = qs.filter(Q(actor__staff_no=person) | Q(actor__name__icontains=person)
                       | Q(actor_label__icontains=person) | Q(actor__user__username=person))
    if carrier:
        if carrier.isdigit():
            ids = [carrier]
        else:  # a carrier number: the draft event records which id it was given
            ids = list(AuditEvent.objects.filter(action="carrier.draft", detail__number=carrier)
                       .values_list("target_id", flat=True))
        qs = qs.filter(target_type="carrier", target_id__in=ids)
    if action:
        qs = qs.filter(action__startswith=action)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def audit_actions() -> list[str]:
    return sorted(AuditEvent.objects.values_list("action", flat=True).distinct())
