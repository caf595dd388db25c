"""Sample files for the tests, made on the fly (nothing binary in the repository)."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess  # noqa: S404
import zipfile
import zlib
from typing import TYPE_CHECKING

import pikepdf
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from pathlib import Path


def text_pdf(pages: int = 3, *, size: tuple[float, float] = A4, rotate: int = 0) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size)
    for n in range(pages):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(72, size[1] / 2, f"Body text of page {n + 1}")
        canvas.showPage()
    canvas.save()
    if not rotate:
        return out.getvalue()
    pdf = pikepdf.open(io.BytesIO(out.getvalue()))
    for page in pdf.pages:
        page.obj.Rotate = rotate
    result = io.BytesIO()
    pdf.save(result)
    return result.getvalue()


def image(kind: str = "PNG", size: tuple[int, int] = (400, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format=kind)
    return out.getvalue()


def encrypted_pdf(*, user: str = "secret", owner: str = "owner") -> bytes:
    pdf = pikepdf.open(io.BytesIO(text_pdf(1)))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user=user, owner=owner))
    return out.getvalue()


def bomb_pdf(expanded: int) -> bytes:
    """A one-page PDF with a Flate stream of `expanded` zero bytes (a few KB on disk)."""
    pdf = pikepdf.open(io.BytesIO(text_pdf(1)))
    inflater = zlib.compressobj(9)
    raw = b"".join(inflater.compress(b"\0" * (1 << 20)) for _ in range(expanded >> 20))
    raw += inflater.flush()
    stream = pikepdf.Stream(pdf, raw)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].obj.Resources.Bomb = stream
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` pixels, with a tiny body."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b""))


def zip_bomb_docx(expanded: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * expanded)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "天枢预算"
    sheet["B1"] = 42
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>天枢项目接口协议 Interface protocol</text:p></office:text></office:body></office:document>
"""
FODP = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:body><office:presentation><draw:page draw:name="p1"><draw:frame svg:x="2cm"
 svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>天枢 slide</text:p>
</draw:text-box></draw:frame></draw:page></office:presentation></office:body></office:document>
"""


def office_samples(workdir: Path) -> dict[str, bytes]:
    """.docx, .doc and .pptx made by LibreOffice from flat ODF; .xlsx by openpyxl."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    (workdir / "s.fodt").write_text(FODT, encoding="utf-8")
    (workdir / "s.fodp").write_text(FODP, encoding="utf-8")
    samples = {"xlsx": xlsx()}
    for source, target in (("s.fodt", "docx"), ("s.fodt", "doc"), ("s.fodp", "pptx")):
        subprocess.run([soffice, "--headless", "--norestore",  # noqa: S603
                        f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
                        "--convert-to", target, "--outdir", str(workdir), str(workdir / source)],
                       check=True, capture_output=True, timeout=120)
        samples[target] = (workdir / f"s.{target}").read_bytes()
    return samples
