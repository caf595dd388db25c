"""The one CJK font registration for every PDF: WenQuanYi Micro Hei, embedded as a subset.

reportlab's built-in STSong-Light is not embedded and shows as missing glyphs where no
Chinese font is installed (ARCHITECTURE.md); a TrueType font is embedded, subset
(`TTFont(..., subfontIndex=0)`). The collection's second face (index 1) is the monospaced
one, for text that must be typed back in (the audit checkpoint's signed note).
Marks (files), registers and forms (approvals, personnel, stock-takes) and checkpoints
(audit) all call `cjk_font`; the path can be set with `BAOMI_CJK_FONT`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from baomi.core.errors import ApplicationError

DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#: the names the faces are registered under in reportlab
SANS, MONO = "BaomiCJK", "BaomiCJKMono"


@cache
def _register(path: str, name: str, index: int) -> str:
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    return name


def font_path() -> str:
    return getattr(settings, "BAOMI_CJK_FONT", "") or DEFAULT_FONT


def cjk_font(*, mono: bool = False) -> str:
    """The registered font name; a clear error when the Debian font is missing."""
    path = font_path()
    if not Path(path).exists():
        raise ApplicationError(
            _("缺少中文字体,无法生成 PDF"), fields={"font": [
                _("找不到 %(path)s:请安装 Debian 包 fonts-wqy-microhei(make run 会安装)")
                % {"path": path}]})
    return _register(path, MONO, 1) if mono else _register(path, SANS, 0)


__all__ = ["DEFAULT_FONT", "MONO", "SANS", "cjk_font", "font_path"]
