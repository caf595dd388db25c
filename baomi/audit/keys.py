"""The checkpoint signing keys: created at first use in the data directory, mode 600.

The keys never enter the database, so a database administrator cannot sign a forged
tree head. `BAOMI_AUDIT_KEY_DIR` (default `DATA_DIR/audit`) holds, per algorithm,
`<alg>.key` (Ed25519: PKCS#8 PEM; SM2: the hex scalar) and `<alg>.vkey`, the public
verifier key (`name+keyid+base64`) to hand to inspectors.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from baomi.audit.note import ED25519, Signer, Verifier, new_signer


def key_dir() -> Path:
    configured = getattr(settings, "BAOMI_AUDIT_KEY_DIR", "") or os.environ.get(
        "BAOMI_AUDIT_KEY_DIR", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit"


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _encode(signer: Signer) -> bytes:
    if signer.algorithm == ED25519:
        key = Ed25519PrivateKey.from_private_bytes(signer.private)
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    return signer.private.hex().encode() + b"\n"


def _decode(name: str, algorithm: str, data: bytes) -> Signer:
    if algorithm == ED25519:
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the Ed25519 key file holds another kind of key")
        raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
        return Signer(name, algorithm, raw)
    return Signer(name, algorithm, bytes.fromhex(data.decode().strip()))


def signing_key(*, name: str, algorithm: str) -> Signer:
    """Load the key, creating it (and its .vkey) at first use."""
    folder = key_dir()
    path = folder / f"{algorithm}.key"
    if not path.exists():
        signer = new_signer(name, algorithm)
        try:
            _write_private(path, _encode(signer))
        except FileExistsError:  # another process created it first
            pass
        else:
            (folder / f"{algorithm}.vkey").write_text(signer.verifier.vkey() + "\n")
    signer = _decode(name, algorithm, path.read_bytes())
    vkey = folder / f"{algorithm}.vkey"
    if not vkey.exists() or vkey.read_text().strip() != signer.verifier.vkey():
        vkey.write_text(signer.verifier.vkey() + "\n")  # the name may have changed
    return signer


def verifier_key(*, name: str, algorithm: str) -> Verifier:
    return signing_key(name=name, algorithm=algorithm).verifier
