"""Tamper tests on a 100,000-event log: the offline verifier names the first bad index.

The log is built in memory with the verifier's own modules (logbuilder.py); the checks
go through `verify_export_lines`, the core of `baomi audit_verify`, and one of each kind
through the command line itself.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from baomi.audit import verifier
from baomi.audit.merkle import Hasher
from baomi.audit.note import parse_checkpoint
from baomi.audit.tests.logbuilder import build, relabel

N = 100_000
POSITIONS = (0, 1, 4_095, 54_321, N - 2, N - 1)
H = Hasher("sha256")


@pytest.fixture(scope="module")
def log():
    return build(N)


def check(log, lines):
    body = log.checkpoint[:log.checkpoint.index("\n\n") + 1]
    return verifier.verify_export_lines(H, lines, parse_checkpoint(body))


def test_untouched_log_verifies(log):
    report = check(log, log.lines)
    assert report.ok and report.index is None and report.checkpoint_size == N


@pytest.mark.parametrize("i", POSITIONS)
def test_altered_event(log, i):
    lines = list(log.lines)
    lines[i] = lines[i].replace(b'"level":"SECRET"', b'"level":"SECRER"')  # one byte
    report = check(log, lines)
    assert not report.ok and report.index == i
    assert "改动" in report.reason


@pytest.mark.parametrize("i", POSITIONS)
def test_deleted_event(log, i):
    lines = log.lines[:i] + log.lines[i + 1:]
    report = check(log, lines)
    assert not report.ok and report.index == i


@pytest.mark.parametrize("i", POSITIONS)
def test_inserted_event(log, i):
    forged = relabel(log, H, i, actor_label="伪造", detail={})  # seq i+1, a valid leaf hash
    lines = [*log.lines[:i], forged, *log.lines[i:]]
    report = check(log, lines)
    assert not report.ok and report.index == i
    assert "插入" in report.reason


@pytest.mark.parametrize("i", [0, 4_095, 54_321, N - 2])
def test_reordered_event(log, i):
    j = min(i + 7, N - 1)
    lines = list(log.lines)
    lines[i], lines[j] = lines[j], lines[i]
    report = check(log, lines)
    assert not report.ok and report.index == i


@pytest.mark.parametrize("keep", [0, 1, 65_536, N - 1])
def test_truncated_log(log, keep):
    report = check(log, log.lines[:keep])
    assert not report.ok and report.index == keep
    assert "截断" in report.reason


def test_rewritten_with_hashes_is_caught_without_an_index(log):
    """A forger who also rewrites the leaf hash: only the signed root can tell."""
    lines = list(log.lines)
    lines[777] = relabel(log, H, 777, actor_label="伪造")
    report = check(log, lines)
    assert not report.ok and report.index is None


def test_audit_verify_command_names_the_index(log, tmp_path, capsys):
    (tmp_path / "cp.txt").write_text(log.checkpoint)
    (tmp_path / "key.vkey").write_text(log.vkey)
    lines = list(log.lines)
    lines[31_337] = lines[31_337].replace(b'"channel":"web"', b'"channel":"wab"')
    (tmp_path / "bad.jsonl").write_bytes(log.export(lines))
    (tmp_path / "good.jsonl").write_bytes(log.export())
    args = ["--checkpoint", str(tmp_path / "cp.txt"), "--key", str(tmp_path / "key.vkey")]
    call_command("audit_verify", "--export", str(tmp_path / "good.jsonl"), *args)
    assert "通过 OK" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_verify", "--export", str(tmp_path / "bad.jsonl"), *args)
    assert exit_.value.code == 1
    assert "index 31337" in capsys.readouterr().out
    # the verifier module alone, as an inspector runs it
    code = verifier.main(["--export", str(tmp_path / "bad.jsonl"), *args])
    assert code == 1 and "事件 #31338" in capsys.readouterr().out
