"""Checkpoints: C2SP tlog-checkpoint bodies in C2SP signed-note envelopes. No Django.

    baomi.local/BM/audit                     origin
    1234                                     tree size
    3q2+7w==…                                base64 root hash
    time 2026-11-27T01:49:00Z                extension: when it was signed
    suite sha256 ed25519                     extension: hash and signature algorithms

    — baomi.local/BM/audit AbCd…             key name, base64(key ID ‖ signature)

Ed25519 is signature type 0x01 of the signed-note spec. SM2 (GB/T 32918, with SM3 and
the default user ID) has no assigned byte: it uses 0xff followed by the identifier
`SM2_ID`, as the spec recommends. The key ID is SHA-256(name ‖ 0x0A ‖ type ‖ public key)
[:4] for both. Verifier keys are written `name+hex(key ID)+base64(type ‖ public key)`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ED25519 = "ed25519"
SM2 = "sm2"
SIGNATURE_ALGORITHMS = (ED25519, SM2)
TYPE_ED25519 = b"\x01"
SM2_ID = b"\xffbaomi/sm2-sm3"
EM_DASH = "\u2014"


class NoteError(ValueError):
    """A note or checkpoint that is malformed or not signed by the expected key."""


def key_id(name: str, type_and_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + type_and_key).digest()[:4]


def _check_name(name: str) -> str:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"key name {name!r} must be non-empty without spaces or '+'")
    return name


# --- keys ----------------------------------------------------------------------------------

def _sm2(private_hex: str | None = None, public_hex: str | None = None) -> Any:
    from gmssl import sm2

    return sm2.CryptSM2(private_key=private_hex, public_key=public_hex)


def sm2_public_from_private(private_hex: str) -> str:
    from gmssl import sm2

    return str(_sm2(private_hex, "")._kg(int(private_hex, 16), sm2.default_ecc_table["g"]))


def sm2_new_private() -> str:
    from gmssl import sm2

    n = int(sm2.default_ecc_table["n"], 16)
    return f"{secrets.randbelow(n - 2) + 1:064x}"


@dataclass
class Verifier:
    name: str
    algorithm: str
    public: bytes  # Ed25519: 32 bytes; SM2: 64 bytes x ‖ y

    @property
    def type_and_key(self) -> bytes:
        prefix = TYPE_ED25519 if self.algorithm == ED25519 else SM2_ID
        return prefix + self.public

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.type_and_key)

    def vkey(self) -> str:
        return (f"{self.name}+{self.key_id.hex()}+"
                f"{base64.b64encode(self.type_and_key).decode()}")

    def verify(self, message: bytes, signature: bytes) -> bool:
        if self.algorithm == ED25519:
            try:
                Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
            except (InvalidSignature, ValueError):
                return False
            return True
        if len(signature) != 64:
            return False
        return bool(_sm2(None, self.public.hex()).verify_with_sm3(signature.hex(), message))


@dataclass
class Signer:
    name: str
    algorithm: str
    private: bytes = field(repr=False)  # Ed25519: 32-byte seed; SM2: 32-byte scalar

    @property
    def verifier(self) -> Verifier:
        if self.algorithm == ED25519:
            key = Ed25519PrivateKey.from_private_bytes(self.private)
            from cryptography.hazmat.primitives import serialization

            raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
            return Verifier(self.name, ED25519, raw)
        return Verifier(self.name, SM2, bytes.fromhex(sm2_public_from_private(self.private.hex())))

    def sign(self, message: bytes) -> bytes:
        if self.algorithm == ED25519:
            return Ed25519PrivateKey.from_private_bytes(self.private).sign(message)
        signer = _sm2(self.private.hex(), sm2_public_from_private(self.private.hex()))
        return bytes.fromhex(signer.sign_with_sm3(message))


def new_signer(name: str, algorithm: str) -> Signer:
    _check_name(name)
    if algorithm == ED25519:
        return Signer(name, ED25519, secrets.token_bytes(32))
    if algorithm == SM2:
        return Signer(name, SM2, bytes.fromhex(sm2_new_private()))
    raise NoteError(f"unknown signature algorithm {algorithm!r}")


def parse_vkey(text: str) -> Verifier:
    """Read `name+hex key ID+base64(type ‖ key)`; the key ID must match."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("verifier key must be name+keyid+key")
    name, hex_id, b64 = parts
    _check_name(name)
    try:
        blob = base64.b64decode(b64, validate=True)
        wanted = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"verifier key is not valid: {exc}") from exc
    if blob[:1] == TYPE_ED25519 and len(blob) == 33:
        verifier = Verifier(name, ED25519, blob[1:])
    elif blob.startswith(SM2_ID) and len(blob) == len(SM2_ID) + 64:
        verifier = Verifier(name, SM2, blob[len(SM2_ID):])
    else:
        raise NoteError("verifier key has an unknown signature type or length")
    if verifier.key_id != wanted:
        raise NoteError("verifier key ID does not match its key")
    return verifier


# --- notes ------------------------------------------------------------------------------

def sign_note(text: str, signers: list[Signer]) -> str:
    if not text.endswith("\n"):
        raise NoteError("note text must end in a newline")
    lines = []
    for signer in signers:
        verifier = signer.verifier
        sig = base64.b64encode(verifier.key_id + signer.sign(text.encode())).decode()
        lines.append(f"{EM_DASH} {_check_name(signer.name)} {sig}\n")
    return text + "\n" + "".join(lines)


def open_note(note: str, verifier: Verifier) -> str:
    """The note text when `verifier` signed it; NoteError otherwise (C2SP signed-note)."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise NoteError("note contains control characters")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise NoteError("note has no signature block")
    text, block = note[:split + 1], note[split + 2:]
    verified = False
    for line in block.splitlines():
        prefix = f"{EM_DASH} "
        if not line.startswith(prefix):
            raise NoteError(f"malformed signature line: {line[:40]!r}")
        try:
            name, b64 = line[len(prefix):].split(" ")
            blob = base64.b64decode(b64, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise NoteError(f"malformed signature line: {line[:40]!r}") from exc
        if name != verifier.name or blob[:4] != verifier.key_id:
            continue  # an unknown key: ignored (signed-note)
        if not verifier.verify(text.encode(), blob[4:]):
            raise NoteError(f"signature by {name} does not verify")
        verified = True
    if not verified:
        raise NoteError(f"no signature by {verifier.name} ({verifier.key_id.hex()})")
    return text


# --- checkpoints ------------------------------------------------------------------------

@dataclass
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: list[str] = field(default_factory=list)

    def body(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode(),
                 *self.extensions]
        return "\n".join(lines) + "\n"

    def extension(self, key: str) -> str:
        for line in self.extensions:
            if line.startswith(key + " "):
                return line[len(key) + 1:]
        return ""

    @property
    def time(self) -> str:
        return self.extension("time")

    @property
    def suite(self) -> tuple[str, str]:
        """(hash algorithm, signature algorithm); SHA-256/Ed25519 when not recorded."""
        parts = self.extension("suite").split()
        return (parts[0], parts[1]) if len(parts) == 2 else ("sha256", ED25519)


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint body (the note text, already verified)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("checkpoint must have origin, size and root lines")
    origin, size_text, root_text, *extensions = lines[:-1]
    if not origin:
        raise NoteError("checkpoint origin is empty")
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError(f"checkpoint size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise NoteError("checkpoint root is not base64") from exc
    if len(root) != 32:
        raise NoteError("checkpoint root is not 32 bytes")
    if any(not line for line in extensions):
        raise NoteError("checkpoint extension lines must not be empty")
    return Checkpoint(origin, int(size_text), root, list(extensions))


def open_checkpoint(note: str, verifier: Verifier) -> Checkpoint:
    checkpoint = parse_checkpoint(open_note(note, verifier))
    if checkpoint.origin != verifier.name:
        raise NoteError(f"checkpoint origin {checkpoint.origin!r} is not the key's "
                        f"name {verifier.name!r}")
    if checkpoint.suite[1] != verifier.algorithm:
        raise NoteError("checkpoint names a signature algorithm other than the key's")
    return checkpoint
