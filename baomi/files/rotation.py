"""`keys_rotate`: rewrap every data key under a new master key, then prove every file opens.

Content is never re-encrypted: only the 60-byte wrapped key of each blob changes. Safe to
interrupt at any point and resumable:

1. a new key is added to the key file as *pending* (written atomically: temporary file,
   fsync, rename) — from now on new uploads are wrapped under it;
2. blobs still under another key are rewrapped in small batches, each batch one
   transaction (a blob is always under exactly one key that the key file holds);
3. every blob is opened with the pending key and its content authenticated (AES-GCM);
4. only then the pending key becomes current and the retired keys are dropped.

Run again after an interruption and it continues with the same pending key. With keys
from the environment, the new key is `BAOMI_MASTER_KEY` and the old ones stay readable
through `BAOMI_MASTER_KEY_OLD` until the rotation is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.files.crypto import IntegrityError
from baomi.files.keys import (
    KeyringError,
    keyring_begin_rotation,
    keyring_finish_rotation,
    load_keyring,
)
from baomi.files.models import EncryptedBlob
from baomi.files.store import blob_read, blob_rewrap, file_storage

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID


@dataclass
class RotationReport:
    from_kids: list[str]
    to_kid: str
    rewrapped: int = 0
    verified: int = 0
    failed: list[str] = field(default_factory=list)
    finished: bool = False


def _rewrap_batch(ids: list[UUID], *, to_kid: str) -> int:
    ring = load_keyring()
    done = 0
    with transaction.atomic():
        for blob in EncryptedBlob.objects.select_for_update().filter(pk__in=ids):
            if blob.kid == to_kid:
                continue
            blob.wrapped_key = blob_rewrap(blob, ring=ring, to_kid=to_kid)
            blob.kid = to_kid
            blob.save(update_fields=["wrapped_key", "kid"])
            done += 1
    return done


def keys_rotate(*, batch: int = 200, verify: bool = True,
                progress: Callable[[str, int, int], None] | None = None) -> RotationReport:
    ring = keyring_begin_rotation(load_keyring())
    target = ring.wrapping_kid
    others = sorted(set(EncryptedBlob.objects.exclude(kid=target)
                        .values_list("kid", flat=True).distinct()))
    missing = [kid for kid in others if kid not in ring.keys]
    if missing:
        raise KeyringError(_("以下主密钥不在密钥环中,相应文件无法重新包装:%(missing)s") % {"missing": ', '.join(missing)})
    report = RotationReport(from_kids=others, to_kid=target)
    total = EncryptedBlob.objects.exclude(kid=target).count()
    while True:
        ids = list(EncryptedBlob.objects.exclude(kid=target).order_by("pk")
                   .values_list("pk", flat=True)[:batch])
        if not ids:
            break
        report.rewrapped += _rewrap_batch(ids, to_kid=target)
        if progress:
            progress("rewrap", report.rewrapped, total)
    if verify:
        storage = file_storage()
        ring = load_keyring()
        count = EncryptedBlob.objects.count()
        for blob in EncryptedBlob.objects.order_by("pk").iterator(chunk_size=500):
            try:
                blob_read(blob, ring=ring, storage=storage)
            except (IntegrityError, KeyringError) as exc:
                report.failed.append(f"{blob.pk}: {exc.message}")
                continue
            report.verified += 1
            if progress:
                progress("verify", report.verified, count)
    if report.failed:
        return report  # the old keys stay: nothing is dropped while a file does not open
    keyring_finish_rotation(load_keyring())
    report.finished = True
    with transaction.atomic():
        audit_append(actor=None, action="files.keys_rotate", actor_label="keys_rotate",
                     rule="R-DOC-1", detail={"from": others, "to": target,
                                             "rewrapped": report.rewrapped,
                                             "verified": report.verified})
    return report
