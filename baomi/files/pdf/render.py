"""Server-side page images (pypdfium2) for people who may view but not download."""

from __future__ import annotations

import io

import pypdfium2

#: width of a rendered page in pixels at most, and the largest zoom
MAX_WIDTH = 1400
MAX_SCALE = 2.0


def render_png(pdf: bytes, *, index: int = 0, max_width: int = MAX_WIDTH) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[index]
        width = page.get_width() or 1
        scale = max(0.1, min(MAX_SCALE, max_width / width))
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        page.close()
        return out.getvalue()
    finally:
        document.close()
