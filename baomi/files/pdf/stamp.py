"""Stamp an overlay onto every page as page content, at qpdf speed (R-CLS-6).

The overlay (drawn by reportlab for the page's displayed size) becomes one Form XObject
per distinct page geometry. Each page gets the XObject in its resources and its contents
become ``[q, …original…, Q q <matrix> cm /Name Do Q]`` where the first and last streams
are shared by every page of that geometry: a 1,000-page file costs a few dictionary
writes per page instead of a content stream per page (pikepdf's `Page.add_overlay` with
the same form: 1.3× slower on 1,000 pages, docs/performance.md).

The matrix maps the overlay's "displayed" coordinates onto the page, so a mark drawn at
the top left is at the top left as the page is shown, whatever its /Rotate and crop box.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Array, Name

if TYPE_CHECKING:
    from collections.abc import Callable

@dataclass(frozen=True)
class Geometry:
    x0: float
    y0: float
    width: float
    height: float
    rotate: int

    @property
    def displayed(self) -> tuple[float, float]:
        if self.rotate in (90, 270):
            return self.height, self.width
        return self.width, self.height

    @property
    def matrix(self) -> str:
        """Displayed (u, v) → page (x, y) for a page shown rotated clockwise by /Rotate."""
        w, h, x0, y0 = self.width, self.height, self.x0, self.y0
        a, b, c, d, e, f = {
            0: (1, 0, 0, 1, x0, y0),
            90: (0, 1, -1, 0, x0 + w, y0),
            180: (-1, 0, 0, -1, x0 + w, y0 + h),
            270: (0, -1, 1, 0, x0, y0 + h),
        }[self.rotate]
        return " ".join(_num(v) for v in (a, b, c, d, e, f))


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def page_geometry(page: pikepdf.Page) -> Geometry:
    box = [float(v) for v in page.cropbox]
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    try:
        rotate = int(page.rotation) % 360
    except (TypeError, ValueError):
        rotate = 0
    if rotate not in (0, 90, 180, 270):
        rotate = 0
    return Geometry(x0=x0, y0=y0, width=x1 - x0, height=y1 - y0, rotate=rotate)


@dataclass
class _Form:
    name: Name
    form: pikepdf.Object
    tail: pikepdf.Object


def stamp(pdf: pikepdf.Pdf, draw: Callable[[float, float], bytes], *, tag: str,
          keep: list[pikepdf.Pdf]) -> int:
    """Put `draw`'s overlay on every page of `pdf`; returns the number of pages stamped.

    The overlay documents are appended to `keep`: their streams are read when `pdf` is
    saved, so the caller closes them only after saving.
    """
    forms: dict[Geometry, _Form] = {}
    head = pdf.make_stream(b"q\n")
    count = 0
    for page in pdf.pages:
        geo = page_geometry(page)
        entry = forms.get(geo)
        if entry is None:
            overlay = pikepdf.open(io.BytesIO(draw(*geo.displayed)))
            keep.append(overlay)
            form = pdf.copy_foreign(overlay.pages[0].as_form_xobject())
            name = Name(f"/{tag}{len(forms)}")
            shared = pdf.make_stream(f"Q q {geo.matrix} cm {name} Do Q\n".encode())
            entry = forms[geo] = _Form(name=name, form=form, tail=shared)
        page_obj = page.obj
        resources = page_obj.get("/Resources")
        if resources is None:
            resources = page.resources
        xobjects = resources.get("/XObject")
        if xobjects is None:
            resources.XObject = pikepdf.Dictionary()
            xobjects = resources.XObject
        tail: pikepdf.Object = entry.tail
        present = xobjects.get(entry.name)
        if present is None:
            xobjects[entry.name] = entry.form
        elif present.objgen != entry.form.objgen:
            # the name is taken by something else (e.g. a re-uploaded copy): a fresh name
            name = page.add_resource(entry.form, Name.XObject, prefix=tag)
            tail = pdf.make_stream(f"Q q {geo.matrix} cm {name} Do Q\n".encode())
        contents = page_obj.get("/Contents")
        if contents is None:
            parts: list[pikepdf.Object] = []
        elif isinstance(contents, Array):
            parts = list(contents)
        else:
            parts = [contents]
        page_obj.Contents = Array([head, *parts, tail])
        count += 1
    return count
