"""Encrypted blobs in the Django storage: write, read (authenticated), delete, rewrap.

The storage holds only ciphertext under random names (no title, no file name); the
wrapped data key and the id of the master key that wraps it are on `EncryptedBlob`.
`settings.BAOMI_FILES_STORAGE` names the backend (default: FileSystemStorage in
``DATA_DIR/files``; any Django storage, e.g. S3 through django-storages, works).
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext_noop

from baomi.files import crypto
from baomi.files.keys import Keyring, load_keyring
from baomi.files.models import EncryptedBlob

if TYPE_CHECKING:
    from django.core.files.storage import Storage


def file_storage() -> Storage:
    spec: dict[str, Any] = dict(getattr(settings, "BAOMI_FILES_STORAGE", {}) or {})
    spec.setdefault("BACKEND", "django.core.files.storage.FileSystemStorage")
    options = dict(spec.get("OPTIONS") or {})
    if spec["BACKEND"].endswith("FileSystemStorage"):
        options.setdefault("location", str(Path(settings.DATA_DIR) / "files"))
        options.setdefault("file_permissions_mode", 0o600)
        options.setdefault("directory_permissions_mode", 0o700)
    spec["OPTIONS"] = options
    return storages.create_storage(spec)


def blob_prepare(plaintext: bytes, *,
                 ring: Keyring | None = None) -> tuple[EncryptedBlob, bytearray]:
    """An unsaved blob row and its ciphertext: encrypt before anything is written."""
    ring = ring or load_keyring()
    blob_id = uuid.uuid4()
    data_key = crypto.new_data_key()
    kid = ring.wrapping_kid
    ciphertext = crypto.encrypt(data_key, plaintext, blob_id=str(blob_id))
    hexid = blob_id.hex
    blob = EncryptedBlob(
        id=blob_id, name=f"{hexid[:2]}/{hexid[2:4]}/{hexid}.bmf",
        wrapped_key=crypto.wrap_key(ring.key(kid), data_key, blob_id=str(blob_id)),
        kid=kid, plain_size=len(plaintext), sha256=hashlib.sha256(plaintext).hexdigest(),
        created_at=timezone.now(),
    )
    return blob, ciphertext


def blob_write(blob: EncryptedBlob, ciphertext: bytes | bytearray, *,
               storage: Storage | None = None) -> None:
    storage = storage or file_storage()
    saved = storage.save(blob.name, ContentFile(ciphertext))
    if saved != blob.name:  # the storage renamed it: never expected with random names
        storage.delete(saved)
        raise OSError(f"storage refused the name {blob.name}")


def blob_discard(names: list[str], *, storage: Storage | None = None) -> None:
    """Remove ciphertext written for an ingest that did not complete (nothing half-written)."""
    storage = storage or file_storage()
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)


def blob_data_key(blob: EncryptedBlob, *, ring: Keyring | None = None) -> bytes:
    ring = ring or load_keyring()
    return crypto.unwrap_key(ring.key(blob.kid), bytes(blob.wrapped_key), blob_id=str(blob.id))


def blob_read(blob: EncryptedBlob, *, ring: Keyring | None = None,
              storage: Storage | None = None) -> bytes:
    """The plaintext, or IntegrityError when a byte of ciphertext, tag or key was changed."""
    storage = storage or file_storage()
    data_key = blob_data_key(blob, ring=ring)
    try:
        with storage.open(blob.name, "rb") as fh:
            ciphertext = fh.read()
    except FileNotFoundError:
        raise crypto.IntegrityError(gettext_noop("加密文件在存储中缺失,无法提供")) from None
    plaintext = crypto.decrypt(data_key, ciphertext, blob_id=str(blob.id))
    if len(plaintext) != blob.plain_size:
        raise crypto.IntegrityError(gettext_noop("解密后的大小与记录不符,拒绝提供"))
    return bytes(plaintext)


def blob_rewrap(blob: EncryptedBlob, *, ring: Keyring, to_kid: str) -> bytes:
    """The blob's data key wrapped under `to_kid` (content is not re-encrypted)."""
    data_key = blob_data_key(blob, ring=ring)
    return crypto.wrap_key(ring.key(to_kid), data_key, blob_id=str(blob.id))
