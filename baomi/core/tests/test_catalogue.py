"""The English catalogue: every message has a translation, and the compiled .mo is current.

Messages users read go through gettext (rule of the house 8); a msgid that makemessages
added without an English msgstr, or a .po edited without compilemessages, fails here.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings

EN = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of each singular entry of a .po file (header excluded)."""
    out = []
    for block in text.split("\n\n"):
        if "msgid_plural" in block or block.lstrip().startswith("#~"):
            continue
        mid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        mstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not mid or not mstr:
            continue
        join = lambda m: "".join(re.findall(r'"(.*)"', m.group(1)))  # noqa: E731
        ctxt = re.search(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
        key = f"{join(ctxt)}\x04{join(mid)}" if ctxt else join(mid)
        if join(mid):
            out.append((key, join(mstr), "fuzzy" in block.split("msgid")[0]))
    return out


def test_every_english_message_is_translated() -> None:
    entries = _entries((EN / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 1000
    untranslated = [m for m, s, fuzzy in entries if not s or fuzzy]
    assert untranslated == []


def test_compiled_catalogue_is_current() -> None:
    with (EN / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    entries = _entries((EN / "django.po").read_text(encoding="utf-8"))

    def unescape(s: str) -> str:
        return s.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    stale = [m for m, s, _ in entries if compiled.gettext(unescape(m)) != unescape(s)]
    assert stale == []
