"""One of each (issue 11): the repeated helpers stay gone from the tree.

Each pattern below had several copies; the one left is named. A new copy fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import baomi

ROOT = Path(baomi.__file__).parent

#: pattern → the one module allowed to hold it (relative to baomi/), or None for nowhere
ONE_PLACE = {
    r"^def _me\(": None,                                  # people.web.person_page
    r"person_for\(request\.user\)": {"people/web.py", "core/api.py",
                                     "people/context_processors.py", "home/views.py",
                                     "audit/views.py"},
    r"^def _int\(": None,                                 # core.params
    r"registerFont\(": {"core/pdf_fonts.py"},
    r"^def no_person\(": {"people/web.py"},
}


def _sources() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]


@pytest.mark.parametrize("pattern", list(ONE_PLACE))
def test_repeated_piece_lives_in_one_place(pattern: str) -> None:
    allowed = ONE_PLACE[pattern] or set()
    found = {str(p.relative_to(ROOT)) for p in _sources()
             if re.search(pattern, p.read_text(encoding="utf-8"), re.M)}
    assert found <= allowed, sorted(found - allowed)


def test_every_app_lays_out_views_and_api_the_same_way() -> None:
    """A views or API module with siblings is a package (views/, api/), never views_x.py."""
    stray = sorted(
        str(p.relative_to(ROOT)) for p in ROOT.glob("*/*.py")
        if re.fullmatch(r"(views_\w+|\w+_views|api_(?!urls)\w+|\w+_api)\.py", p.name))
    assert stray == []
    for app in (p.parent for p in ROOT.glob("*/apps.py")):
        for kind in ("views", "api"):
            assert not ((app / f"{kind}.py").exists() and (app / kind).is_dir()), app
