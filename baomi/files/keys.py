"""Master keys (key-encryption keys) that wrap every file's data key (R-DOC-1).

They live outside the database, in one of two places:

* the key file ``settings.DATA_DIR / "master_keys.json"``, created with mode 600 the first
  time a file is stored (a file with wider permissions is refused), holding the current
  key, a pending key while ``keys_rotate`` runs, and the trace-code key;
* the environment: ``BAOMI_MASTER_KEY`` (base64 of 32 bytes) wraps, the comma-separated
  ``BAOMI_MASTER_KEY_OLD`` keys only unwrap (set them while ``keys_rotate`` rewraps), and
  ``BAOMI_TRACE_KEY`` (base64, ≥ 32 bytes) authenticates trace codes.

A key is named by its id, the first 16 hex digits of SHA-256 over a label and the key;
each stored blob records the id of the key that wraps its data key.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError

KEY_FILE_NAME = "master_keys.json"
KEY_BYTES = 32
ENV_MASTER = "BAOMI_MASTER_KEY"
ENV_OLD = "BAOMI_MASTER_KEY_OLD"
ENV_TRACE = "BAOMI_TRACE_KEY"


class KeyringError(ApplicationError):
    """The master keys cannot be loaded or do not open a stored blob."""

    def __init__(self, message: str) -> None:
        super().__init__(message, fields={"key": [message]})


def kid_for(key: bytes) -> str:
    return hashlib.sha256(b"baomi-master-key|" + key).hexdigest()[:16]


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    current: str
    trace_key: bytes
    source: str  # "file" or "env"
    pending: str | None = None
    path: Path | None = field(default=None, compare=False)

    @property
    def wrapping_kid(self) -> str:
        """New data keys are wrapped under the pending key while a rotation runs."""
        return self.pending or self.current

    def key(self, kid: str) -> bytes:
        try:
            return self.keys[kid]
        except KeyError:
            raise KeyringError(
                _("主密钥 %(kid)s 不在密钥环中,无法解开此文件的数据密钥"
                "(请检查 %(KEY_FILE_NAME)s 或 %(ENV_OLD)s)") % {"kid": kid, "KEY_FILE_NAME": KEY_FILE_NAME, "ENV_OLD": ENV_OLD}) from None


def key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE_NAME


def _b64key(text: str, name: str, *, minimum: int = KEY_BYTES, exact: bool = True) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyringError(_("%(name)s 不是有效的 base64") % {"name": name}) from None
    if (exact and len(raw) != minimum) or len(raw) < minimum:
        raise KeyringError(_("%(name)s 应为 %(minimum)s 字节的密钥(base64),实为 %(n)s 字节") % {"name": name, "minimum": minimum, "n": len(raw)})
    return raw


def _from_env(master: str) -> Keyring:
    key = _b64key(master, ENV_MASTER)
    keys = {kid_for(key): key}
    for i, part in enumerate(p for p in os.environ.get(ENV_OLD, "").split(",") if p.strip()):
        old = _b64key(part, f"{ENV_OLD}[{i}]")
        keys[kid_for(old)] = old
    trace = os.environ.get(ENV_TRACE, "")
    if not trace:
        raise KeyringError(_("设置了 %(ENV_MASTER)s 时也须设置 %(ENV_TRACE)s(追踪码密钥)") % {"ENV_MASTER": ENV_MASTER, "ENV_TRACE": ENV_TRACE})
    return Keyring(keys=keys, current=kid_for(key), source="env",
                   trace_key=_b64key(trace, ENV_TRACE, exact=False))


def _encode(ring: Keyring) -> bytes:
    data = {
        "version": 1,
        "current": ring.current,
        "pending": ring.pending,
        "keys": {kid: base64.b64encode(k).decode() for kid, k in ring.keys.items()},
        "trace": base64.b64encode(ring.trace_key).decode(),
    }
    return json.dumps(data, indent=1).encode()


def _decode(raw: bytes, path: Path) -> Keyring:
    try:
        data = json.loads(raw)
        keys = {kid: _b64key(k, f"{path.name}:{kid}") for kid, k in data["keys"].items()}
        ring = Keyring(keys=keys, current=data["current"], pending=data.get("pending"),
                       trace_key=_b64key(data["trace"], f"{path.name}:trace", exact=False),
                       source="file", path=path)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyringError(_("密钥文件 %(path)s 格式错误") % {"path": path}) from None
    for kid in (ring.current, ring.pending):
        if kid is not None and (kid not in keys or kid_for(keys[kid]) != kid):
            raise KeyringError(_("密钥文件 %(path)s 不一致:缺少或错配密钥 %(kid)s") % {"path": path, "kid": kid})
    return ring


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_tmp(path: Path, data: bytes) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


def write_keyring(ring: Keyring) -> None:
    """Replace the key file atomically (write, fsync, rename): never half a key file."""
    path = ring.path or key_path()
    tmp = _write_tmp(path, _encode(ring))
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _create(path: Path) -> None:
    """First start: a fresh master key and trace key, mode 600; a concurrent creator wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    ring = Keyring(keys={kid_for(key): key}, current=kid_for(key), source="file",
                   trace_key=secrets.token_bytes(KEY_BYTES), path=path)
    tmp = _write_tmp(path, _encode(ring))
    try:
        os.link(tmp, path)  # fails if another process created it first
        _fsync_dir(path.parent)
    except FileExistsError:
        pass
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def load_keyring(*, create: bool = True) -> Keyring:
    master = os.environ.get(ENV_MASTER, "")
    if master:
        return _from_env(master)
    path = key_path()
    if not path.exists():
        if not create:
            raise KeyringError(_("没有密钥文件 %(path)s") % {"path": path})
        _create(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyringError(_("密钥文件 %(path)s 的权限为 %(mode)s,应为 600(chmod 600 %(path)s)")
                          % {"path": path, "mode": f"{mode:o}"})
    return _decode(path.read_bytes(), path)


def keyring_begin_rotation(ring: Keyring) -> Keyring:
    """Add a pending key (or keep the one an interrupted rotation left) and persist it."""
    if ring.source == "env" or ring.pending:
        return ring
    key = secrets.token_bytes(KEY_BYTES)
    kid = kid_for(key)
    pending = Keyring(keys={**ring.keys, kid: key}, current=ring.current, pending=kid,
                      trace_key=ring.trace_key, source="file", path=ring.path)
    write_keyring(pending)
    return pending


def keyring_finish_rotation(ring: Keyring) -> Keyring:
    """Make the pending key current and drop the retired keys (after every blob moved)."""
    if ring.source == "env" or not ring.pending:
        return ring
    done = Keyring(keys={ring.pending: ring.keys[ring.pending]}, current=ring.pending,
                   trace_key=ring.trace_key, source="file", path=ring.path)
    write_keyring(done)
    return done
