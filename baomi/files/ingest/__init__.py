"""Turn an upload into a PDF we can keep: checked, converted, nothing written yet.

`prepare` either returns everything the service will store or raises `BadFile` with a
message naming the problem; it never touches the storage or the database, so a refused
upload leaves nothing behind (rule of the house 4).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from baomi.files.ingest.detect import check_kind
from baomi.files.ingest.images import image_to_pdf
from baomi.files.ingest.limits import BadFile, Limits, human_size
from baomi.files.ingest.office import office_to_pdf
from baomi.files.ingest.pdfcheck import check_pdf

__all__ = ["BadFile", "Limits", "Prepared", "clean_name", "prepare"]


@dataclass(frozen=True)
class Prepared:
    name: str
    kind: str
    original: bytes
    pdf: bytes  # the unmarked PDF (for a PDF upload: the original itself)
    pages: int


def clean_name(name: str) -> str:
    """The file's base name without path or control characters, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 199 - len(ext)] + dot + ext) if dot and len(ext) < 10 else base[:200]
    return base


def prepare(*, name: str, data: bytes, limits: Limits | None = None) -> Prepared:
    limits = limits or Limits.current()
    name = clean_name(name)
    if not name:
        raise BadFile(_("缺少文件名"))
    if len(data) == 0:
        raise BadFile(_("文件为空(0 字节):%(name)s") % {"name": name})
    if len(data) > limits.max_bytes:
        raise BadFile(_("文件过大:%(data)s,上限 %(max_bytes)s") % {"data": human_size(len(data)), "max_bytes": human_size(limits.max_bytes)})
    kind = check_kind(name, data, limits)
    if kind == "PDF":
        pdf = data
    elif kind in ("PNG", "JPEG"):
        pdf = image_to_pdf(data, kind, limits)
    else:
        pdf = office_to_pdf(data, kind, limits)
    pages = check_pdf(pdf, limits)
    return Prepared(name=name, kind=kind, original=data, pdf=pdf, pages=pages)
