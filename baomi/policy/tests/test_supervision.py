"""R-DOC-11: the top leaders and the secrecy office supervise every department's records."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from baomi.policy.supervision import supervises


@pytest.mark.parametrize(("rank", "status", "in_office", "expected"), [
    ("GM", "ACTIVE", False, True),
    ("BOARD", "ACTIVE", False, True),
    ("DEPUTY_GM", "ACTIVE", False, False),
    ("STAFF", "ACTIVE", True, True),
    ("GM", "LEFT", True, False),
])
def test_supervisors(rank, status, in_office, expected):
    person = SimpleNamespace(rank=rank, status=status)
    assert supervises(person, in_office=in_office) is expected


def test_nobody_supervises_without_a_person():
    assert supervises(None, in_office=True) is False
