"""PNG and JPEG → a one-page PDF (A4, orientation of the image), via reportlab.

Dimensions are read from the header before any pixel is decoded, so an image of absurd
dimensions (a decompression bomb) is refused without inflating it.
"""

from __future__ import annotations

import io
import warnings

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from baomi.files.ingest.limits import BadFile, Limits

#: room above the image for the level mark (R-CLS-7), and around it
TOP_MARGIN = 60.0
MARGIN = 30.0
MAX_SIDE = 65_000


def image_to_pdf(data: bytes, kind: str, limits: Limits) -> bytes:
    label = "PNG" if kind == "PNG" else "JPEG"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise BadFile(_("%(label)s 图像尺寸过大(疑似解压炸弹)") % {"label": label}) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise BadFile(_("%(label)s 图像已损坏,无法读取") % {"label": label}) from None
    if width <= 0 or height <= 0 or width > MAX_SIDE or height > MAX_SIDE \
            or width * height > limits.max_image_pixels:
        raise BadFile(_("%(label)s 图像尺寸过大:%(width)s×%(height)s 像素,上限 %(limit)s 像素")
                      % {"label": label, "width": width, "height": height,
                         "limit": f"{limits.max_image_pixels:,}"})
    try:
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGBA").convert("RGB") if "A" in upright.mode \
                or upright.mode == "P" else upright.convert("RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise BadFile(_("%(label)s 图像数据已损坏或不完整") % {"label": label}) from None
    return _page(upright)


def _page(image: Image.Image) -> bytes:
    width, height = image.size
    pagesize = landscape(A4) if width > height else A4
    page_w, page_h = pagesize
    box_w, box_h = page_w - 2 * MARGIN, page_h - TOP_MARGIN - MARGIN
    scale = min(box_w / width, box_h / height)
    draw_w, draw_h = width * scale, height * scale
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=pagesize, pageCompression=1, invariant=1)
    x = (page_w - draw_w) / 2
    y = MARGIN + (box_h - draw_h) / 2
    canvas.drawImage(ImageReader(image), x, y, width=draw_w, height=draw_h)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
