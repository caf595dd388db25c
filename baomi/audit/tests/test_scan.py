"""The verifier's streaming fast path (scan.py) agrees with the line-by-line slow path.

`verify_files` trusts the fast path only to say "all good"; every edit below must make it
hand over to `verify_export_lines`, so the report (and the index it names) is the same as
the slow path's — with one process and with the export split between two.
"""

from __future__ import annotations

import pytest

from baomi.audit import scan, verifier
from baomi.audit.merkle import Hasher, root_of
from baomi.audit.note import Checkpoint, parse_checkpoint, sign_note
from baomi.audit.tests.logbuilder import build, relabel

N = 10_000  # two groups of 4,096 leaves and a remainder
H = Hasher("sha256")


@pytest.fixture(scope="module")
def log():
    return build(N)


@pytest.fixture(params=["one process", "two processes"])
def parallel(request, monkeypatch):
    monkeypatch.setattr(scan, "PARALLEL_BYTES", 0 if request.param == "two processes" else 1 << 40)
    return request.param


def _files(tmp_path, log, lines, sizes=(N,)):
    (tmp_path / "key.vkey").write_text(log.vkey)
    (tmp_path / "export.jsonl").write_bytes(log.export(lines))
    leaves = H.leaves(line[9:-75] for line in log.lines)
    paths = []
    for size in sizes:
        body = Checkpoint("baomi.test/audit", size, root_of(H, leaves[:size]),
                          ["time 2026-01-01T00:00:00Z", "suite sha256 ed25519"]).body()
        path = tmp_path / f"cp-{size}.txt"
        path.write_text(sign_note(body, [log.signer]))
        paths.append(path)
    return tmp_path / "export.jsonl", paths, tmp_path / "key.vkey"


def _slow(log, lines, paths):
    return [verifier.verify_export_lines(
        H, lines, parse_checkpoint(p.read_text()[:p.read_text().index("\n\n") + 1]))
        for p in paths]


SIZES = (0, 1, 4_095, 4_096, 5_000, 8_192, 9_999, N)


def test_untouched_log_at_many_sizes(log, tmp_path, parallel):
    export, paths, key = _files(tmp_path, log, log.lines, SIZES)
    reports = verifier.verify_files(export, paths, key)
    assert all(r.ok and not r.notes for r in reports)
    assert [r.checkpoint_size for r in reports] == list(SIZES)


def _edits(log):
    lines = log.lines
    yield "byte", [*lines[:4_500], lines[4_500].replace(b'"web"', b'"wab"'), *lines[4_501:]]
    yield "leaf", [*lines[:10], lines[10][:-3] + b'0"}', *lines[11:]]
    yield "head", [*lines[:7_000], b"{'event':" + lines[7_000][9:], *lines[7_001:]]
    yield "tail", [*lines[:3], lines[3][:-75] + b',"leaf";"' + lines[3][-66:], *lines[4:]]
    yield "delete", [*lines[:4_096], *lines[4_097:]]
    yield "insert", [*lines[:6_000], lines[5_999], *lines[6_000:]]
    yield "swap", [*lines[:8_191], lines[8_192], lines[8_191], *lines[8_193:]]
    yield "truncate", lines[:9_000]
    yield "extra", [*lines, relabel(log, H, N, actor_label="x")]
    yield "rehash", [*lines[:777], relabel(log, H, 777, actor_label="伪造"), *lines[778:]]
    yield "blank", [*lines[:5], b"", *lines[5:]]


EDITS = ("byte", "leaf", "head", "tail", "delete", "insert", "swap", "truncate", "extra",
         "rehash", "blank")


@pytest.mark.parametrize("name", EDITS)
def test_edits_get_the_slow_paths_report(log, tmp_path, parallel, name):
    lines = dict(_edits(log))[name]
    export, paths, key = _files(tmp_path, log, lines, (4_096, N))
    reports = verifier.verify_files(export, paths, key)
    expected = _slow(log, lines, paths)
    assert [r.describe() for r in reports] == [r.describe() for r in expected]
    assert [r.notes for r in reports] == [r.notes for r in expected]
    if name not in ("extra", "rehash"):
        assert not reports[-1].ok


def test_compose_refuses_a_wrong_split(log):
    hasher = Hasher("sha256")
    first = scan.Part(start=0, count=4_000, pending=[b"x" * 32] * 4_000)
    second = scan.Part(start=4_096, count=10)
    assert scan.compose(hasher, [first, second])[0] is False
