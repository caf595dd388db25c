"""`baomi policy_show` and `baomi policy_check FILE` (issue 2, item 2)."""

from __future__ import annotations

import json
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from baomi.policy.document import DEFAULT_FILE
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from pathlib import Path

DEFAULT = DEFAULT_FILE.read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a command run as from the command line."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


# --- policy_show ------------------------------------------------------------------------------

def test_policy_show_prints_the_policy_in_force(db):
    code, out, _ = run("policy_show")
    policy = get_policy()
    assert code == 0
    assert policy.sha256 in out and policy.source in out
    for text in ("绝密", "机密", "秘密", "不超过 30 年", "不超过 20 年", "总监(助理)及以上",
                 "董事/监事、总经理", "禁止", "每一页左上角",
                 "内部资料", "核心", "非涉密", "1.1 财务分析报告", "尚未记录"):
        assert text in out, text


def test_policy_show_json(db):
    code, out, _ = run("policy_show", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["sha256"] == get_policy().sha256
    assert [lv["code"] for lv in data["levels"]][:3] == ["TOP_SECRET", "CONFIDENTIAL", "SECRET"]
    confidential = data["levels"][1]
    assert confidential["confirm_ranks"] == ["BOARD", "GM"]
    assert confidential["view_approver_ranks"] == ["GM"]
    assert confidential["copy_allowed"] is False
    assert confidential["max_term_years"] == 20 and confidential["mark"] == "机密"
    assert [r["code"] for r in data["ranks"]][0] == "BOARD"
    assert {c["code"] for c in data["clearances"]} == {"CORE", "IMPORTANT", "GENERAL", "NONE"}
    assert data["categories"]["CONFIDENTIAL"][0].startswith("1.1")
    assert data["source"] == get_policy().source


def test_policy_show_names_the_recorded_version(db):
    run("policy_sync")
    _, out, _ = run("policy_show")
    assert "起施行" in out and "尚未记录" not in out


# --- policy_check -----------------------------------------------------------------------------

def test_policy_check_accepts_the_default_file(db):
    code, out, err = run("policy_check", str(DEFAULT_FILE))
    assert code == 0 and err == ""
    assert out.startswith("OK ") and get_policy().sha256 in out


def _broken(tmp_path: Path, text: str) -> tuple[int, str, str, str]:
    path = tmp_path / "org-policy.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("policy_check", str(path))
    return code, out, err, str(path)


@pytest.mark.parametrize(("old", "new", "needle", "occurrence", "reason"), [
    # bad TOML syntax
    ("weight = 3", "weight = = 3", "weight = = 3", 1, "not valid TOML"),
    ('label = "秘密"\nweight = 2', 'label = "秘密\nweight = 2', 'label = "秘密', 1,
     "not valid TOML"),
    # an unknown rank among those who confirm
    ('confirm_ranks = ["BOARD", "GM"]\n', 'confirm_ranks = ["BOARD", "VP"]\n', '"VP"', 1,
     "unknown rank 'VP'"),
    # a negative term
    ("max_term_years = 10", "max_term_years = -3", "max_term_years = -3", 1,
     "between 0 and 100"),
    # a term that is not a number
    ("max_term_years = 20", 'max_term_years = "20"', 'max_term_years = "20"', 1,
     "expected int"),
])
def test_policy_check_names_file_line_and_reason(db, tmp_path, old, new, needle, occurrence,
                                                 reason):
    assert old in DEFAULT
    text = DEFAULT.replace(old, new, 1)
    code, out, err, path = _broken(tmp_path, text)
    line = line_of(text, needle, occurrence)
    assert code == 2 and "OK" not in out
    assert err.startswith(f"{path}:{line}: "), (err, line)
    assert reason in err


def test_policy_check_levels_not_highest_first(db, tmp_path):
    """SECRET (weight 2) moved above CONFIDENTIAL (weight 3): the line is CONFIDENTIAL's
    weight, the first that breaks the order."""
    start = DEFAULT.index("[[levels]]\ncode = \"CONFIDENTIAL\"")
    middle = DEFAULT.index("[[levels]]\ncode = \"SECRET\"")
    end = DEFAULT.index("[[levels]]\ncode = \"GENERAL\"")
    text = DEFAULT[:start] + DEFAULT[middle:end] + DEFAULT[start:middle] + DEFAULT[end:]
    code, _, err, path = _broken(tmp_path, text)
    assert code == 2
    assert err.startswith(f"{path}:{line_of(text, 'weight = 3')}: "), err
    assert "highest first" in err and "CONFIDENTIAL" in err


def test_policy_check_missing_file(db, tmp_path):
    code, _, err = run("policy_check", str(tmp_path / "nope.toml"))
    assert code == 2 and "cannot read" in err


def test_policy_check_does_not_change_the_policy_in_force(db, tmp_path):
    before = get_policy()
    _broken(tmp_path, DEFAULT.replace("max_term_years = 10", "max_term_years = 11", 1))
    assert get_policy() is before
