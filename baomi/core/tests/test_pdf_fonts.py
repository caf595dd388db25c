"""The one CJK font registration: every PDF embeds WenQuanYi Micro Hei through core."""

from __future__ import annotations

import pytest
from django.test import override_settings
from reportlab.pdfbase import pdfmetrics

from baomi.core.errors import ApplicationError
from baomi.core.pdf_fonts import MONO, SANS, cjk_font


def test_sans_and_mono_faces_are_registered_once() -> None:
    assert cjk_font() == SANS and cjk_font() == SANS
    assert cjk_font(mono=True) == MONO
    names = pdfmetrics.getRegisteredFontNames()
    assert SANS in names and MONO in names
    assert pdfmetrics.getFont(SANS).face.name != pdfmetrics.getFont(MONO).face.name


@override_settings(BAOMI_CJK_FONT="/nonexistent/font.ttc")
def test_missing_font_is_a_clear_error_not_a_500() -> None:
    with pytest.raises(ApplicationError) as exc:
        cjk_font()
    assert "缺少中文字体" in exc.value.message
    assert "fonts-wqy-microhei" in exc.value.fields["font"][0]
