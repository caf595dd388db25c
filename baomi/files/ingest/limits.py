"""Limits for uploaded files, from settings (defaults in config/settings/base.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError


class BadFile(ApplicationError):
    """An upload refused with a message that names the problem (never a 500)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, fields={"file": [message]})


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pages: int
    max_image_pixels: int
    max_expanded_bytes: int
    max_page_points: float
    convert_timeout: int

    @classmethod
    def current(cls) -> Limits:
        return cls(
            max_bytes=int(getattr(settings, "BAOMI_FILES_MAX_BYTES", 50 * 1024 * 1024)),
            max_pages=int(getattr(settings, "BAOMI_FILES_MAX_PAGES", 2000)),
            max_image_pixels=int(getattr(settings, "BAOMI_FILES_MAX_IMAGE_PIXELS", 60_000_000)),
            max_expanded_bytes=int(getattr(settings, "BAOMI_FILES_MAX_EXPANDED_BYTES",
                                           512 * 1024 * 1024)),
            # ISO 32000: a page is at most 14,400 units (200 inches) on a side
            max_page_points=float(getattr(settings, "BAOMI_FILES_MAX_PAGE_POINTS", 14400)),
            convert_timeout=int(getattr(settings, "BAOMI_FILES_CONVERT_TIMEOUT", 180)),
        )


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return _("%(n)s 字节") % {"n": n}
