"""Trace codes: which copy a leaked PDF (or one page of it) came from.

A code is ``BMT1-`` + base32(copy id: 8 bytes | HMAC-SHA256 tag: 10 bytes). The tag is
computed with the trace key (kept with the master keys, not in the database) over the
copy id, the file, the recipient's staff number and the issue time, so a code cannot be
made up, moved to another copy or altered without the check failing. Every copy carries
its code as invisible text on every page and in the document information.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import re
import struct
from typing import TYPE_CHECKING

import pikepdf
import pypdfium2

from baomi.files.keys import load_keyring

if TYPE_CHECKING:
    from baomi.files.models import FileCopy

PREFIX = "BMT1-"
CODE_RE = re.compile(rb"BMT1-[A-Z2-7]{29}")
TAG_BYTES = 10


def _message(copy: FileCopy) -> bytes:
    return "|".join((
        "baomi-trace-v1", str(copy.pk), str(copy.file_id), copy.recipient.staff_no,
        copy.issued_at.isoformat(timespec="microseconds"),
    )).encode()


def _tag(key: bytes, copy: FileCopy) -> bytes:
    return hmac.new(key, _message(copy), hashlib.sha256).digest()[:TAG_BYTES]


def make_code(copy: FileCopy, *, key: bytes | None = None) -> str:
    key = key or load_keyring().trace_key
    raw = struct.pack(">Q", copy.pk) + _tag(key, copy)
    return PREFIX + base64.b32encode(raw).decode().rstrip("=")


def parse_code(code: str) -> tuple[int, bytes] | None:
    """(copy id, tag) of a well-formed code, None otherwise."""
    if not code.startswith(PREFIX) or len(code) != len(PREFIX) + 29:
        return None
    try:
        raw = base64.b32decode(code[len(PREFIX):] + "===")
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 8 + TAG_BYTES:
        return None
    return struct.unpack(">Q", raw[:8])[0], raw[8:]


def code_is_authentic(code: str, copy: FileCopy, *, key: bytes | None = None) -> bool:
    parsed = parse_code(code)
    if parsed is None or parsed[0] != copy.pk:
        return False
    key = key or load_keyring().trace_key
    return hmac.compare_digest(parsed[1], _tag(key, copy))


def codes_in_pdf(data: bytes) -> list[str]:
    """Every trace code in a PDF: document information, content streams, any object;
    then the text layer as pdfium reads it (for files re-written by other software)."""
    found: dict[str, None] = {}
    for match in CODE_RE.findall(data):
        found[match.decode()] = None
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = pdf.docinfo.get("/BaomiTrace")
            if info is not None:
                for match in CODE_RE.findall(str(info).encode()):
                    found[match.decode()] = None
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    try:
                        payload = obj.read_bytes()
                    except pikepdf.PdfError:
                        continue
                    for match in CODE_RE.findall(payload):
                        found[match.decode()] = None
    except pikepdf.PdfError:
        pass
    if not found:
        found.update(dict.fromkeys(_codes_in_text(data)))
    return list(found)


def _codes_in_text(data: bytes) -> list[str]:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return []
    codes: list[str] = []
    try:
        for page in document:
            text = page.get_textpage().get_text_range()
            codes.extend(m.decode() for m in CODE_RE.findall(text.encode()))
    finally:
        document.close()
    return codes
