"""Whole-document operations: mark the stored PDF, issue a watermarked copy.

`mark_pdf` runs once at ingest (and again if the carrier's level or term changes,
R-CLS-6); `copy_pdf` runs for every view, download and print. Both put their overlay on
every page as page content with `stamp`, so no viewer can hide it.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Name

from baomi.files.pdf.overlays import MarkSpec, WatermarkSpec, draw_mark, draw_watermark
from baomi.files.pdf.stamp import stamp

if TYPE_CHECKING:
    from collections.abc import Sequence

TRACE_KEY = Name("/BaomiTrace")
MARK_KEY = Name("/BaomiMark")


def _sanitize(pdf: pikepdf.Pdf) -> None:
    """No scripts, automatic actions or attachments: the marked PDF is all there is."""
    root = pdf.Root
    for key in ("/OpenAction", "/AA"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]


def _save(pdf: pikepdf.Pdf, keep: list[pikepdf.Pdf]) -> bytes:
    out = io.BytesIO()
    try:
        pdf.save(out)
    finally:
        for other in keep:
            other.close()
        pdf.close()
    return out.getvalue()


def mark_pdf(base: bytes, spec: MarkSpec) -> bytes:
    pdf = pikepdf.open(io.BytesIO(base))
    _sanitize(pdf)
    keep: list[pikepdf.Pdf] = []
    stamp(pdf, lambda w, h: draw_mark(spec, w, h), tag="BmMk", keep=keep)
    pdf.docinfo[MARK_KEY] = spec.summary
    return _save(pdf, keep)


def copy_pdf(marked: bytes, spec: WatermarkSpec, *, pages: Sequence[int] | None = None) -> bytes:
    """The copy handed out: visible watermark and trace code on every page (or on the
    `pages` kept, 0-based), the code also in the document information."""
    pdf = pikepdf.open(io.BytesIO(marked))
    keep: list[pikepdf.Pdf] = []
    if pages is not None:
        source, pdf = pdf, pikepdf.new()
        keep.append(source)
        for index in pages:
            pdf.pages.append(source.pages[index])
    stamp(pdf, lambda w, h: draw_watermark(spec, w, h), tag="BmWm", keep=keep)
    pdf.docinfo[TRACE_KEY] = spec.code
    return _save(pdf, keep)
