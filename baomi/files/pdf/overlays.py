"""What is stamped: the level mark (R-CLS-7) and a copy's watermark with its trace code.

Each function draws a one-page PDF (reportlab) of the displayed page size; `stamp` puts it
on every page. Chinese text uses the embedded subset of WenQuanYi Micro Hei.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from baomi.core.pdf_fonts import cjk_font

MARK_RED = Color(0.80, 0.05, 0.05)
#: distance of the mark from the top and left edges of the displayed page (points)
MARGIN = 18.0


@dataclass(frozen=True)
class MarkSpec:
    """R-CLS-7: `text` is the level mark ("" for 非密), `placement` from the policy."""

    text: str
    placement: str
    number: str
    term: str  # e.g. "10年" or ""
    term_ends: str  # e.g. "2036-05-01" or ""

    @property
    def summary(self) -> str:
        head = self.text + (f"★{self.term}" if self.text and self.term else "")
        tail = f"至{self.term_ends}" if self.term_ends else ""
        return " ".join(p for p in (head, self.number, tail) if p)


@dataclass(frozen=True)
class WatermarkSpec:
    name: str
    staff_no: str
    copy_label: str
    issued: str  # local time, e.g. "2026-05-01 14:03"
    purpose: str
    code: str

    @property
    def line(self) -> str:
        return f"{self.name} {self.staff_no} 份号{self.copy_label} {self.issued}"


def _canvas(width: float, height: float) -> tuple[Canvas, io.BytesIO]:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1, invariant=1)
    return canvas, out


def draw_mark(spec: MarkSpec, width: float, height: float) -> bytes:
    """The level mark at the top left of the page, with number and term beneath it."""
    font = cjk_font()
    canvas, out = _canvas(width, height)
    top = height - MARGIN
    x = MARGIN
    if spec.text:
        size = 16.0
        label = spec.text + (f"★{spec.term}" if spec.term else "")
        canvas.setFillColor(MARK_RED)
        canvas.setStrokeColor(MARK_RED)
        canvas.setFont(font, size)
        canvas.drawString(x, top - size, label)
        if spec.placement == "stamp":  # 内部资料 / 受控文件: a stamp's frame
            text_width = canvas.stringWidth(label, font, size)
            canvas.setLineWidth(1.2)
            canvas.roundRect(x - 4, top - size - 5, text_width + 8, size + 8, 3)
        top -= size + 8
    canvas.setFillColor(MARK_RED if spec.text else Color(0.3, 0.3, 0.3))
    canvas.setFont(font, 7.5)
    detail = spec.number
    if spec.term_ends:
        detail += f" 保密期限至{spec.term_ends}"
    canvas.drawString(x, top - 7.5, detail)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def draw_watermark(spec: WatermarkSpec, width: float, height: float) -> bytes:
    """Recipient, staff number, 份号 and time tiled diagonally and in the footer; the
    trace code as invisible text (render mode 3) so it survives page extraction."""
    font = cjk_font()
    canvas, out = _canvas(width, height)
    canvas.saveState()
    canvas.setFillColor(Color(0.45, 0.45, 0.45), alpha=0.16)
    canvas.setFont(font, 13)
    step_x, step_y = 260.0, 170.0
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    span = max(width, height)
    y = -span
    row = 0
    while y <= span:
        x = -span + (row % 2) * step_x / 2
        while x <= span:
            canvas.drawCentredString(x, y, spec.line)
            x += step_x
        y += step_y
        row += 1
    canvas.restoreState()
    canvas.setFillColor(Color(0.35, 0.35, 0.35), alpha=0.7)
    canvas.setFont(font, 7)
    canvas.drawString(MARGIN, 8, f"{spec.purpose} · 发给 {spec.name}({spec.staff_no})"
                                 f" · 份号 {spec.copy_label} · {spec.issued} · 仅限本人使用,不得扩散")
    text = canvas.beginText(MARGIN, 2)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 4)
    text.textOut(spec.code)
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
