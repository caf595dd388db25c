"""Encryption at rest (R-DOC-1): AES-256-GCM per blob, wrapped data keys, tamper refusal."""

from __future__ import annotations

import base64
import json
import os
import stat
from typing import TYPE_CHECKING

import pytest

from baomi.files import crypto
from baomi.files.crypto import IntegrityError
from baomi.files.keys import KeyringError, key_path, kid_for, load_keyring

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("size", [0, 1, 1000, crypto.CHUNK_SIZE, 3 * crypto.CHUNK_SIZE + 7])
def test_round_trip_over_chunk_boundaries(size: int) -> None:
    key = crypto.new_data_key()
    plain = os.urandom(size)
    sealed = crypto.encrypt(key, plain, blob_id="b1")
    assert crypto.decrypt(key, sealed, blob_id="b1") == plain
    assert len(plain) < 16 or plain[:64] not in sealed  # short strings may recur by chance


def _sealed(size: int = 3 * crypto.CHUNK_SIZE // 2) -> tuple[bytes, bytearray]:
    key = crypto.new_data_key()
    return key, crypto.encrypt(key, os.urandom(size), blob_id="b1")


@pytest.mark.parametrize("where", ["header", "body", "tag", "last_byte"])
def test_altered_byte_is_refused(where: str) -> None:
    key, sealed = _sealed()
    index = {"header": 5, "body": 100, "tag": crypto.HEADER.size + crypto.CHUNK_SIZE + 3,
             "last_byte": len(sealed) - 1}[where]
    tampered = bytearray(sealed)
    tampered[index] ^= 0x01
    with pytest.raises(IntegrityError, match="拒绝提供"):
        crypto.decrypt(key, bytes(tampered), blob_id="b1")


def test_truncated_reordered_or_moved_blob_is_refused() -> None:
    key, sealed = _sealed()
    step = crypto.CHUNK_SIZE + crypto.TAG
    head = crypto.HEADER.size
    with pytest.raises(IntegrityError):  # dropped last chunk, cut exactly at a boundary
        crypto.decrypt(key, sealed[:head + step], blob_id="b1")
    swapped = sealed[:head] + sealed[head + step:] + sealed[head:head + step]
    with pytest.raises(IntegrityError):
        crypto.decrypt(key, swapped, blob_id="b1")
    with pytest.raises(IntegrityError):  # same bytes presented as another blob
        crypto.decrypt(key, sealed, blob_id="b2")
    with pytest.raises(IntegrityError):
        crypto.decrypt(key, sealed[:10], blob_id="b1")


def test_wrapped_key_is_bound_to_its_blob() -> None:
    master, data_key = crypto.new_data_key(), crypto.new_data_key()
    wrapped = crypto.wrap_key(master, data_key, blob_id="b1")
    assert crypto.unwrap_key(master, wrapped, blob_id="b1") == data_key
    with pytest.raises(IntegrityError, match="数据密钥认证失败"):
        crypto.unwrap_key(master, wrapped, blob_id="b2")
    with pytest.raises(IntegrityError):
        crypto.unwrap_key(crypto.new_data_key(), wrapped, blob_id="b1")


def test_key_file_created_mode_600_at_first_use(files_data_dir: Path) -> None:
    assert not key_path().exists()
    ring = load_keyring()
    assert stat.S_IMODE(key_path().stat().st_mode) == 0o600
    assert ring.source == "file" and ring.current in ring.keys and len(ring.trace_key) == 32
    assert load_keyring() == ring  # stable: created once
    data = json.loads(key_path().read_text())
    assert data["current"] == ring.current and data["pending"] is None


def test_key_file_with_open_permissions_is_refused(files_data_dir: Path) -> None:
    load_keyring()
    key_path().chmod(0o644)
    with pytest.raises(KeyringError, match="应为 600"):
        load_keyring()


def test_keys_from_environment(monkeypatch: pytest.MonkeyPatch, files_data_dir: Path) -> None:
    key = os.urandom(32)
    monkeypatch.setenv("BAOMI_MASTER_KEY", base64.b64encode(key).decode())
    with pytest.raises(KeyringError, match="BAOMI_TRACE_KEY"):
        load_keyring()
    monkeypatch.setenv("BAOMI_TRACE_KEY", base64.b64encode(os.urandom(32)).decode())
    ring = load_keyring()
    assert ring.source == "env" and ring.current == kid_for(key)
    assert not key_path().exists()  # nothing written when the environment holds the keys
    monkeypatch.setenv("BAOMI_MASTER_KEY", "not base64!")
    with pytest.raises(KeyringError, match="base64"):
        load_keyring()
