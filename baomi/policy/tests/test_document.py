"""The policy file: seed defaults load; a broken file names its line and reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from baomi.policy.document import (
    DEFAULT_FILE,
    PolicyError,
    load_policy_file,
    parse_policy,
)

DEFAULT = DEFAULT_FILE.read_text(encoding="utf-8")


def test_default_policy_holds_the_seed_numbers():
    policy = parse_policy(DEFAULT)
    # R-CLS-1: levels in order; drawings use 绝密, 机密, 一般
    assert [lv.label for lv in policy.levels][:3] == ["绝密", "机密", "秘密"]
    assert [lv.label for lv in policy.levels_for_kind("DRAWING")] == ["绝密", "机密", "一般"]
    # R-CLS-5 default terms
    assert {lv.code: lv.max_term_years for lv in policy.levels}["TOP_SECRET"] == 30
    assert policy.level("CONFIDENTIAL").max_term_years == 20
    assert policy.level("SECRET").max_term_years == 10
    # R-ACC-2 default scopes
    assert policy.level("TOP_SECRET").scope_rank == "GM"
    assert policy.level("CONFIDENTIAL").scope_rank == "DIRECTOR"
    assert policy.level("SECRET").scope_rank == "DEPT_MANAGER"
    # R-CLS-3 confirmers
    assert set(policy.level("CONFIDENTIAL").confirm_ranks) == {"GM", "BOARD"}
    assert "DEPT_MANAGER" in policy.level("SECRET").confirm_ranks
    # R-DOC-4/5 approvers
    assert policy.level("CONFIDENTIAL").view_approver_ranks == ("GM",)
    assert "DEPUTY_GM" in policy.level("SECRET").view_approver_ranks
    assert policy.level("CONFIDENTIAL").copy_allowed is False
    # R-CLS-7 marks
    assert policy.level("SECRET").mark_placement == "top_left_every_page"
    assert policy.level("INTERNAL").mark == "内部资料"
    assert policy.level("INTERNAL").controlled_mark == "受控文件"
    # seed categories, e.g. 机密 1.1 财务分析报告
    assert policy.categories["CONFIDENTIAL"][0].startswith("1.1 财务分析报告")


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "reason"),
    [
        ('confirm_ranks = ["BOARD", "GM"]          # R-CLS-3',
         'confirm_ranks = ["BOARD", "CEO"]', '"CEO"', "unknown rank 'CEO'"),
        ("max_term_years = 20", "max_term_years = -5", "max_term_years = -5", "between 0 and 100"),
        ('mark_placement = "top_left_every_page"', 'mark_placement = "bottom"', '"bottom"',
         "unknown placement"),
        ('number_prefix = "BM"', 'number_prefix = "bm-x"', "number_prefix", "number_prefix"),
    ],
)
def test_broken_file_names_line_and_reason(old, new, needle, reason):
    assert old in DEFAULT
    text = DEFAULT.replace(old, new, 1)
    with pytest.raises(PolicyError) as err:
        parse_policy(text, source="org.toml")
    assert reason in err.value.reason
    assert err.value.line == _line(text, needle)
    assert str(err.value).startswith(f"org.toml:{err.value.line}: ")


def test_toml_syntax_error_names_line():
    text = DEFAULT.replace("weight = 3", "weight = = 3", 1)
    with pytest.raises(PolicyError) as err:
        parse_policy(text)
    assert err.value.line == _line(text, "weight = = 3")


def test_levels_must_be_highest_first():
    text = DEFAULT.replace("weight = 4", "weight = 1", 1)
    with pytest.raises(PolicyError, match="highest first"):
        parse_policy(text)


def test_unreadable_file(tmp_path):
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy_file(tmp_path / "missing.toml")


def test_broken_file_stops_start_up(tmp_path, settings):
    from django.apps import apps

    from baomi.policy.runtime import load_active

    bad = tmp_path / "policy.toml"
    bad.write_text(DEFAULT.replace("weight = 3", "weight = 'x'", 1), encoding="utf-8")
    settings.BAOMI_POLICY_FILE = str(bad)
    try:
        with pytest.raises(ImproperlyConfigured, match=r"policy\.toml:\d+: "):
            apps.get_app_config("policy").ready()
    finally:
        settings.BAOMI_POLICY_FILE = ""
        load_active()
