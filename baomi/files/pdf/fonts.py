"""The CJK font for marks and watermarks: WenQuanYi Micro Hei, embedded as a subset.

reportlab's built-in STSong-Light is not embedded and shows as missing glyphs where no
Chinese font is installed (ARCHITECTURE.md); a TrueType font is embedded, subset.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from baomi.core.errors import ApplicationError

DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_NAME = "BaomiCJK"


@cache
def _register(path: str) -> str:
    pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    return FONT_NAME


def cjk_font() -> str:
    """The registered font name; a clear error when the Debian font is missing."""
    path = getattr(settings, "BAOMI_CJK_FONT", "") or DEFAULT_FONT
    if not Path(path).exists():
        raise ApplicationError(
            "缺少中文字体,无法加印标识", fields={"font": [
                f"找不到 {path}:请安装 Debian 包 fonts-wqy-microhei(make run 会安装)"]})
    return _register(path)
