"""R-CLS-6/7: the stored PDF carries the level mark, number and term on every page, at the
top left as the page is shown, in an embedded subset of the CJK font."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pdfplumber
import pikepdf
import pypdfium2
import pytest

from baomi.files.services import file_upload
from baomi.files.store import blob_read
from baomi.files.tests import samples

if TYPE_CHECKING:
    from collections.abc import Callable

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db

LEVELS = [("TOP_SECRET", False, "绝密"), ("CONFIDENTIAL", False, "机密"),
          ("SECRET", False, "秘密"), ("GENERAL", False, "一般"),
          ("INTERNAL", False, "内部资料"), ("INTERNAL", True, "受控文件"), ("PUBLIC", False, "")]


def _marked(make_carrier: Callable[..., Any], level: str, controlled: bool,
            data: bytes) -> tuple[Any, bytes]:
    carrier = make_carrier(level=level, controlled=controlled)
    file = file_upload(actor=carrier.drafter, carrier=carrier, name="f.pdf", data=data)
    return carrier, blob_read(file.marked_pdf)


def _line_at_top_left(page: Any, text: str) -> dict[str, Any]:
    words = page.extract_words(keep_blank_chars=True)
    hits = [w for w in words if text in w["text"]]
    assert hits, f"{text!r} not on page {page.page_number}: {[w['text'] for w in words]}"
    return min(hits, key=lambda w: w["top"])


@pytest.mark.parametrize("level,controlled,mark", LEVELS)
def test_mark_number_and_term_at_top_left_of_every_page(
        make_carrier: Callable[..., Any], level: str, controlled: bool, mark: str) -> None:
    carrier, marked = _marked(make_carrier, level, controlled, samples.text_pdf(3))
    with pdfplumber.open(io.BytesIO(marked)) as pdf:
        assert len(pdf.pages) == 3
        for page in pdf.pages:
            number = _line_at_top_left(page, carrier.number)
            assert number["x0"] < 40 and number["top"] < 60
            if mark:
                word = _line_at_top_left(page, mark)
                assert word["x0"] < 40 and word["top"] < 40, word
                assert word["top"] < number["top"]
                if carrier.term_years:
                    assert f"{mark}★{carrier.term_years}年" in word["text"]
            body = _line_at_top_left(page, "Body text")
            assert body["top"] > 300  # the original content is still there


def test_public_level_has_no_level_mark(make_carrier: Callable[..., Any]) -> None:
    _, marked = _marked(make_carrier, "PUBLIC", False, samples.text_pdf(1))
    with pdfplumber.open(io.BytesIO(marked)) as pdf:
        text = pdf.pages[0].extract_text()
    assert not any(m in text for m in ("秘密", "机密", "绝密", "内部资料"))


def test_cjk_font_is_embedded_as_subset(make_carrier: Callable[..., Any]) -> None:
    _, marked = _marked(make_carrier, "SECRET", False, samples.text_pdf(1))
    with pikepdf.open(io.BytesIO(marked)) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/Type") == pikepdf.Name.FontDescriptor]
        cjk = [f for f in fonts if "WenQuanYi" in str(f.FontName)]
        assert cjk and all("/FontFile2" in f for f in cjk)
        assert all(str(f.FontName)[7] == "+" for f in cjk)  # ABCDEF+ subset tag


def _red_quadrants(png_page: Any) -> set[str]:
    image = png_page.render(scale=0.5).to_pil().convert("RGB")
    width, height = image.size
    found = set()
    for x in range(0, width, 2):
        for y in range(0, height, 2):
            r, g, b = image.getpixel((x, y))  # type: ignore[misc]
            if r > 150 and g < 80 and b < 80:
                found.add(("top" if y < height / 2 else "bottom")
                          + ("-left" if x < width / 2 else "-right"))
    return found


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_mark_is_top_left_as_shown_whatever_the_rotation(
        make_carrier: Callable[..., Any], rotate: int) -> None:
    _, marked = _marked(make_carrier, "SECRET", False, samples.text_pdf(1, rotate=rotate))
    document = pypdfium2.PdfDocument(marked)
    try:
        assert _red_quadrants(document[0]) == {"top-left"}
    finally:
        document.close()


def test_remarked_when_the_level_changes(make_carrier: Callable[..., Any],
                                         people: dict[str, Person]) -> None:
    """R-CLS-6: the mark follows the carrier; the next output is re-marked first."""
    from baomi.files.selectors import file_get
    from baomi.files.services import file_issue

    carrier = make_carrier(level="SECRET")
    file = file_upload(actor=carrier.drafter, carrier=carrier, name="f.pdf",
                       data=samples.text_pdf(1))
    type(carrier).objects.filter(pk=carrier.pk).update(level="CONFIDENTIAL")
    viewer = people["director"]
    issued = file_issue(actor=viewer, file=file_get(viewer=viewer, pk=file.pk), purpose="VIEW")
    file.refresh_from_db()
    assert file.marked_level == "CONFIDENTIAL" and file.marked_text.startswith("机密")
    with pdfplumber.open(io.BytesIO(blob_read(file.marked_pdf))) as pdf:
        text = pdf.pages[0].extract_text()
    assert "机密" in text and "秘密" not in text
    assert issued.copy.purpose == "VIEW"
