"""Signing tree heads: `audit_checkpoint_create` (cron-safe, idempotent).

A checkpoint is not itself an audit event — appending one would grow the tree and make
every run produce a new checkpoint. The signed note is its own record: it is kept in
`AuditCheckpoint` and written to `DATA_DIR/audit/checkpoints/`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from baomi.audit.keys import key_dir, signing_key
from baomi.audit.models import AuditCheckpoint
from baomi.audit.note import Checkpoint, sign_note
from baomi.audit.tree import locked_head
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class CheckpointResult:
    checkpoint: AuditCheckpoint
    created: bool
    warning: str = ""


def checkpoint_dir() -> Path:
    return key_dir() / "checkpoints"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def checkpoint_files(cp: AuditCheckpoint) -> tuple[Path, Path]:
    stem = f"checkpoint-{cp.size:09d}-{cp.signature_algorithm}"
    return checkpoint_dir() / f"{stem}.txt", checkpoint_dir() / f"{stem}.pdf"


def audit_checkpoint_create(*, now: dt.datetime | None = None) -> CheckpointResult:
    """Sign the current tree head unless the newest checkpoint already covers it."""
    settings = get_policy().audit
    with transaction.atomic():
        head = locked_head()  # a consistent (size, root) pair
        size, root_hex = head.seq, head.root
        hash_algorithm = head.hash_algorithm or settings.hash_algorithm
    warning = ""
    if hash_algorithm != settings.hash_algorithm:
        warning = (f"策略要求 {settings.hash_algorithm},此日志自第一条事件起使用 "
                   f"{hash_algorithm},哈希算法不随策略改变")
    sig_alg = settings.signature_algorithm
    existing = AuditCheckpoint.objects.filter(size=size, signature_algorithm=sig_alg).first()
    if existing is not None:
        return CheckpointResult(existing, False, warning)
    from baomi.audit.merkle import Hasher

    root = bytes.fromhex(root_hex) if size else Hasher(hash_algorithm).empty_root()
    signed_at = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    body = Checkpoint(settings.origin, size, root, [
        f"time {signed_at.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"suite {hash_algorithm} {sig_alg}",
    ]).body()
    note = sign_note(body, [signing_key(name=settings.origin, algorithm=sig_alg)])
    try:
        with transaction.atomic():
            cp = AuditCheckpoint.objects.create(
                size=size, root=root.hex(), hash_algorithm=hash_algorithm,
                signature_algorithm=sig_alg, signed_at=signed_at, note=note)
    except IntegrityError:  # a concurrent run signed the same size
        return CheckpointResult(
            AuditCheckpoint.objects.get(size=size, signature_algorithm=sig_alg), False, warning)
    text_path, pdf_path = checkpoint_files(cp)
    _write_atomic(text_path, note.encode())
    _write_atomic(checkpoint_dir() / "latest.txt", note.encode())
    from baomi.audit.pdf import checkpoint_pdf

    _write_atomic(pdf_path, checkpoint_pdf(cp, organisation=get_policy().organisation["name"]))
    return CheckpointResult(cp, True, warning)
