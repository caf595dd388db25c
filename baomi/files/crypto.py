"""AES-256-GCM at rest (R-DOC-1): a fresh data key per blob, wrapped by a master key.

Blob format (all integers big-endian)::

    header  = b"BMF1" | chunk_size:u32 | nonce_prefix:8 bytes
    chunk i = AES-GCM(data_key, nonce = nonce_prefix | i:u32,
                      aad = header | blob_id | i:u32 | last:u8)  -> ciphertext | tag

Chunks let large files stream without holding two copies of a gigabyte; the index and the
"last" flag in the associated data make a reordered, dropped or truncated chunk fail the
tag check exactly like an altered byte. The data key is wrapped with AES-GCM under the
master key with the blob id as associated data, so a wrapped key moved to another blob
does not open it. Any failure is `IntegrityError`: the blob is never served.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from baomi.core.errors import ApplicationError

MAGIC = b"BMF1"
HEADER = struct.Struct(">4sI8s")
CHUNK_SIZE = 1 << 20
TAG = 16
NONCE = 12


class IntegrityError(ApplicationError):
    """Ciphertext, tag or wrapped key altered: refuse, never serve.

    `message` is the Chinese source (marked with `gettext_noop`): `record` keeps it for the
    audit event, the message shown is translated into the reader's language."""

    def __init__(self, message: str) -> None:
        self.record = message
        shown = _(message)
        super().__init__(shown, fields={"file": [shown]})


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(master: bytes, data_key: bytes, *, blob_id: str) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(master).encrypt(nonce, data_key, b"baomi-dek|" + blob_id.encode())


def unwrap_key(master: bytes, wrapped: bytes, *, blob_id: str) -> bytes:
    try:
        return AESGCM(master).decrypt(bytes(wrapped[:NONCE]), bytes(wrapped[NONCE:]),
                                      b"baomi-dek|" + blob_id.encode())
    except (InvalidTag, ValueError):
        raise IntegrityError(
            gettext_noop("文件的数据密钥认证失败(密钥记录被改动或主密钥不符),拒绝提供")) from None


def _aad(header: bytes, blob: bytes, index: int, last: bool) -> bytes:
    return header + blob + struct.pack(">IB", index, last)


def encrypt(data_key: bytes, plaintext: bytes | bytearray, *, blob_id: str,
            chunk_size: int = CHUNK_SIZE) -> bytearray:
    header = HEADER.pack(MAGIC, chunk_size, os.urandom(8))
    prefix = header[-8:]
    aead = AESGCM(data_key)
    blob = blob_id.encode()
    view = memoryview(plaintext)
    total = len(view)
    count = max(1, -(-total // chunk_size))
    # one buffer, filled in place: no per-chunk copies (throughput of raw AES-GCM)
    out = bytearray(HEADER.size + total + count * TAG)
    out[:HEADER.size] = header
    target = memoryview(out)
    pos = HEADER.size
    for i in range(count):
        chunk = view[i * chunk_size:(i + 1) * chunk_size]
        end = pos + len(chunk) + TAG
        aead.encrypt_into(prefix + struct.pack(">I", i), chunk,
                          _aad(header, blob, i, i == count - 1), target[pos:end])
        pos = end
    return out  # filled in place, not copied again


def decrypt(data_key: bytes, data: bytes | bytearray, *, blob_id: str) -> bytearray:
    view = memoryview(data)
    if len(view) < HEADER.size + TAG:
        raise IntegrityError(gettext_noop("加密文件不完整(被截断),拒绝提供"))
    header = bytes(view[:HEADER.size])
    magic, chunk_size, prefix = HEADER.unpack(header)
    if magic != MAGIC or not 0 < chunk_size <= 1 << 30:
        raise IntegrityError(gettext_noop("加密文件头无法识别(被改动或不是本系统的文件),拒绝提供"))
    aead = AESGCM(data_key)
    blob = blob_id.encode()
    step = chunk_size + TAG
    body = view[HEADER.size:]
    count = max(1, -(-len(body) // step))
    if len(body) - (count - 1) * step < TAG:
        raise IntegrityError(gettext_noop("加密文件不完整(被截断),拒绝提供"))
    out = bytearray(len(body) - count * TAG)
    target = memoryview(out)
    pos = 0
    try:
        for i in range(count):
            piece = body[i * step:(i + 1) * step]
            end = pos + len(piece) - TAG
            aead.decrypt_into(prefix + struct.pack(">I", i), piece,
                              _aad(header, blob, i, i == count - 1), target[pos:end])
            pos = end
    except InvalidTag:
        raise IntegrityError(
            gettext_noop("文件密文或认证标签被改动(AES-GCM 认证失败),拒绝提供")) from None
    return out
