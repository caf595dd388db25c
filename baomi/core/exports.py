"""Exports of registers and forms: xlsx (openpyxl) and PDF (reportlab).

PDF text is set in WenQuanYi Micro Hei, embedded as a subset (TTFont with subfontIndex=0),
so Chinese renders on a machine without Chinese fonts; reportlab's STSong-Light would not be
embedded. Every output carries the highest level mark of what it lists (R-CLS-6).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from baomi.core.pdf_fonts import cjk_font

if TYPE_CHECKING:
    from collections.abc import Sequence

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1),
        "mark": ParagraphStyle("mark", fontName=font, fontSize=12, leading=16,
                               textColor=colors.HexColor("#b02a37")),
        "meta": ParagraphStyle("meta", fontName=font, fontSize=8, leading=11,
                               textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10),
        "field": ParagraphStyle("field", fontName=font, fontSize=10, leading=14),
    }


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
               mark: str = "") -> bytes:
    """One sheet: a mark line, a title line, the headings, then the rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook has one sheet
    ws.title = title[:31]
    ws.append([mark or ""])
    ws.append([title, f"导出时间 {timezone.localtime():%Y-%m-%d %H:%M}"])
    ws.append(list(headers))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    for index, _header in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(row=3, column=index).column_letter].width = 16
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def register_pdf(*, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
                 mark: str = "", subtitle: str = "") -> bytes:
    """A printable register: landscape A4, headings repeated on every page."""
    st = pdf_styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm,
                            rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                            title=title)
    data = [[Paragraph(str(h), st["cell"]) for h in headers]]
    data += [[Paragraph("" if v is None else str(v), st["cell"]) for v in row] for row in rows]
    if len(data) == 1:
        data.append([Paragraph("(无记录)", st["cell"])] + [""] * (len(headers) - 1))
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st["cell"].fontName),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story = [Paragraph(mark or "&nbsp;", st["mark"]), Paragraph(title, st["title"]),
             Paragraph(subtitle or f"导出时间 {timezone.localtime():%Y-%m-%d %H:%M}",
                       st["meta"]), Spacer(1, 4 * mm), table]
    doc.build(story)
    return out.getvalue()


def form_pdf(*, title: str, mark: str, fields: Sequence[tuple[str, str]],
             steps: Sequence[Sequence[str]], footer: str = "") -> bytes:
    """A printed approval form (e.g. 档案借阅审批单): fields, then the signed chain."""
    st = pdf_styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=title)
    grid = [[Paragraph(k, st["field"]), Paragraph(v or "—", st["field"])] for k, v in fields]
    table = Table(grid, colWidths=[40 * mm, 134 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1f3f5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    chain_head = ["步骤", "审批人", "意见", "理由", "签字时间"]
    chain = [[Paragraph(h, st["cell"]) for h in chain_head]]
    chain += [[Paragraph(str(v), st["cell"]) for v in row] for row in steps]
    chain_table = Table(chain, colWidths=[22 * mm, 40 * mm, 20 * mm, 56 * mm, 36 * mm],
                        repeatRows=1)
    chain_table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
    ]))
    story = [Paragraph(mark or "&nbsp;", st["mark"]), Paragraph(title, st["title"]),
             Spacer(1, 6 * mm), table, Spacer(1, 6 * mm),
             Paragraph("审批意见", st["field"]), Spacer(1, 2 * mm), chain_table,
             Spacer(1, 6 * mm), Paragraph(footer, st["meta"])]
    doc.build(story)
    return out.getvalue()
