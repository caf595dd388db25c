"""Is this a PDF we can keep, mark and render? Refuse with the problem named otherwise.

Refused: damaged files (qpdf had to repair them, or pdfium cannot load them), files with
an open password or an owner password (encrypted), no pages or too many, pages of absurd
size, images of absurd dimensions, and decompression bombs (Flate streams that expand
beyond the limit — checked incrementally, so the bomb is never fully inflated).
"""

from __future__ import annotations

import io
import zlib

import pikepdf
import pypdfium2
from django.utils.translation import gettext as _
from pikepdf import Name

from baomi.files.ingest.limits import BadFile, Limits, human_size

IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"}
_STEP = 1 << 20


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(v) for v in value]
    return [str(value)]


def _inflated_size(raw: bytes, cap: int) -> int:
    """Bytes a Flate stream expands to, stopping as soon as `cap` is passed."""
    inflater = zlib.decompressobj()
    total = 0
    data = raw
    try:
        while data and total <= cap:
            total += len(inflater.decompress(data, _STEP))
            data = inflater.unconsumed_tail
        if total <= cap:
            total += len(inflater.flush())
    except zlib.error:
        return total  # a broken stream: pdfium/qpdf report it; size so far counts
    return total


def _check_streams(pdf: pikepdf.Pdf, limits: Limits) -> None:
    budget = limits.max_expanded_bytes
    total = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == Name.Image:
            width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
            if width * height > limits.max_image_pixels or width < 0 or height < 0:
                raise BadFile(_("PDF 中的图像尺寸过大:%(width)s×%(height)s 像素,上限 %(limit)s 像素")
                              % {"width": width, "height": height,
                                 "limit": f"{limits.max_image_pixels:,}"})
        filters = _filters(obj)
        try:
            raw = obj.read_raw_bytes()
        except pikepdf.PdfError:
            raise BadFile(_("PDF 已损坏:有数据流无法读取")) from None
        if not filters or set(filters) <= IMAGE_FILTERS:
            total += len(raw)
        elif filters[0] == "/FlateDecode":
            total += _inflated_size(raw, budget - total)
        else:  # rare chains (LZW, ASCII85 …): qpdf decodes them, bounded by the budget
            if len(raw) * 100 > budget:
                raise BadFile(_("PDF 数据流过大,无法安全解压"))
            try:
                total += len(obj.read_bytes())
            except pikepdf.PdfError:
                total += len(raw)
        if total > budget:
            raise BadFile(_("疑似解压炸弹:PDF 数据流解压后超过 %(budget)s") % {"budget": human_size(budget)})


def check_pdf(data: bytes, limits: Limits) -> int:
    """The page count of an acceptable PDF, or BadFile."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise BadFile(_("PDF 设有打开密码,无法读取;请上传未加密的文件")) from None
    except pikepdf.PdfError as exc:
        raise BadFile(_("PDF 已损坏,无法读取(%(splitlines)s)") % {"splitlines": str(exc).splitlines()[0][:120]}) from None
    with pdf:
        if pdf.is_encrypted:
            raise BadFile(_("PDF 已加密(设有权限密码);请上传未加密的文件"))
        try:
            count = len(pdf.pages)
            boxes = [page.mediabox for page in pdf.pages]
        except pikepdf.PdfError:
            raise BadFile(_("PDF 已损坏:页面结构无法读取")) from None
        warnings = pdf.get_warnings()
        if warnings:
            raise BadFile(_("PDF 已损坏(需要修复才能读取):%(warnings)s") % {"warnings": str(warnings[0])[:160]})
        if count == 0:
            raise BadFile(_("PDF 没有页面"))
        if count > limits.max_pages:
            raise BadFile(_("PDF 页数过多:%(count)s 页,上限 %(max_pages)s 页") % {"count": count, "max_pages": limits.max_pages})
        for number, box in enumerate(boxes, start=1):
            try:
                width = abs(float(box[2]) - float(box[0]))
                height = abs(float(box[3]) - float(box[1]))
            except (TypeError, ValueError, IndexError):
                raise BadFile(_("PDF 第 %(number)s 页的页面尺寸无法读取") % {"number": number}) from None
            if not (1 <= width <= limits.max_page_points and 1 <= height <= limits.max_page_points):
                raise BadFile(_("PDF 第 %(number)s 页尺寸异常:%(width).0f×%(height).0f 点")
                              % {"number": number, "width": width, "height": height})
        _check_streams(pdf, limits)
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise BadFile(_("PDF 已损坏,无法渲染(%(exc)s)") % {"exc": exc}) from None
    try:
        if len(document) != count:
            raise BadFile(_("PDF 已损坏:两种解析器读出的页数不一致"))
    finally:
        document.close()
    return count
