"""A printable checkpoint for the inspector's file: the signed note, its fields, a QR code.

Chinese text is set in WenQuanYi Micro Hei (Debian `fonts-wqy-microhei`), embedded as a
subset; the note itself in its monospaced face so that it can be typed back in. The QR
code holds the complete signed note.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Rect
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from baomi.core.pdf_fonts import MONO, SANS, cjk_font

if TYPE_CHECKING:
    from baomi.audit.models import AuditCheckpoint

def _wrap(text: str, width: int) -> list[str]:
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = "  " + line[width:]
        out.append(line)
    return out


def _draw_qr(pdf: canvas.Canvas, text: str, x: float, y: float, side: float) -> None:
    """The QR code's modules as filled rectangles (no renderer state, so no extra font)."""
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    scale = side / max(x1 - x0, y1 - y0)
    pdf.setFillColorRGB(0, 0, 0)
    stack = [widget.draw()]
    while stack:
        node = stack.pop()
        if isinstance(node, Rect):
            fill = node.fillColor
            if fill is None or fill.red + fill.green + fill.blue > 1.5:
                continue  # the white quiet zone and background
            pdf.rect(x + (node.x - x0) * scale, y + (node.y - y0) * scale,
                     node.width * scale, node.height * scale, stroke=0, fill=1)
        else:
            stack.extend(getattr(node, "contents", []))


def checkpoint_pdf(cp: AuditCheckpoint, *, organisation: str) -> bytes:
    cjk_font()
    cjk_font(mono=True)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=SANS)
    pdf.setTitle(f"审计日志检查点 {cp.size}")
    pdf.setAuthor(organisation)
    width, height = A4
    x, y = 20 * mm, height - 25 * mm
    pdf.setFont(SANS, 18)
    pdf.drawString(x, y, "审计日志检查点")
    pdf.setFont(SANS, 10)
    pdf.drawString(x, y - 7 * mm, f"{organisation} · 保密管理系统 · Audit log checkpoint")
    y -= 20 * mm
    algorithms = {"sha256": "SHA-256", "sm3": "SM3 (GB/T 32905)",
                  "ed25519": "Ed25519", "sm2": "SM2 (GB/T 32918)"}
    rows = [
        ("日志标识 origin", cp.note.split("\n", 1)[0]),
        ("事件总数 tree size", str(cp.size)),
        ("根哈希 root (hex)", cp.root[:32]),
        ("", cp.root[32:]),
        ("签署时间 signed (UTC)", cp.signed_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("算法 suite", f"{algorithms.get(cp.hash_algorithm, cp.hash_algorithm)} · "
                       f"{algorithms.get(cp.signature_algorithm, cp.signature_algorithm)}"),
    ]
    for label, value in rows:
        pdf.setFont(SANS, 10)
        pdf.drawString(x, y, label)
        pdf.setFont(MONO, 10)
        pdf.drawString(x + 48 * mm, y, value)
        y -= 6.5 * mm
    y -= 4 * mm
    pdf.setFont(SANS, 11)
    pdf.drawString(x, y, "签名检查点全文(C2SP tlog-checkpoint / signed note)")
    y -= 7 * mm
    pdf.setFont(MONO, 8.5)
    for line in _wrap(cp.note.rstrip("\n"), 88):
        pdf.drawString(x, y, line)
        y -= 4.6 * mm
    side = 70 * mm
    y -= side + 6 * mm
    _draw_qr(pdf, cp.note, x, y, side)
    pdf.setFont(SANS, 9)
    notes = [
        "二维码内容即上方签名检查点全文。",
        "核验方法(导出文件、本检查点、公钥文件):",
        "baomi audit_verify --export 导出文件",
        "    --checkpoint 本检查点 --key 公钥文件",
        "或在任一装有 Python 的计算机上运行",
        "python -m baomi.audit.verifier(参数相同)。",
        "持有本页者日后可用一致性证明核实:",
        "此后的日志没有删改、没有重排。",
    ]
    ty = y + side - 4 * mm
    for line in notes:
        pdf.drawString(x + side + 8 * mm, ty, line)
        ty -= 5.5 * mm
    pdf.setFont(SANS, 8)
    pdf.drawString(x, 12 * mm, "签字 / 日期:______________________      "
                               "检查人员:______________________")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
