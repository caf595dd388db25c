"""Policy changes are versioned and audited (issue 2, item 2; R-ACC-6)."""

from __future__ import annotations

import json
from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from baomi.audit.models import AuditEvent
from baomi.audit.selectors import chain_first_broken
from baomi.core.context import channel
from baomi.policy.document import DEFAULT_FILE, parse_policy
from baomi.policy.models import PolicyVersion
from baomi.policy.runtime import get_policy, policy_override
from baomi.policy.services import policy_record

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DEFAULT = DEFAULT_FILE.read_text(encoding="utf-8")


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def policy_file(tmp_path: Path, settings) -> Iterator[Path]:
    """A policy file of the organisation's own, put in force for the test only."""
    path = tmp_path / "policy.toml"
    path.write_text(DEFAULT, encoding="utf-8")
    settings.BAOMI_POLICY_FILE = str(path)
    with policy_override(get_policy()):  # restores the policy in force afterwards
        yield path


def test_record_stores_a_version_once(db):
    policy = get_policy()
    first, created = policy_record(actor_label="tester", policy=policy)
    again, created_again = policy_record(actor_label="tester", policy=policy)
    assert created and not created_again
    assert first.pk == again.pk and PolicyVersion.objects.count() == 1
    assert first.sha256 == policy.sha256 and first.text == policy.text
    assert first.source == policy.source and first.activated_by == "tester"
    assert AuditEvent.objects.filter(action="policy.activate").count() == 1


def test_a_changed_policy_is_a_new_version_with_an_audit_event(db):
    old = get_policy()
    new = parse_policy(DEFAULT.replace("max_term_years = 10", "max_term_years = 8", 1),
                       source="org.toml")
    policy_record(actor_label="tester", policy=old)
    with channel("cli"):
        version, created = policy_record(actor_label="保密办 张三", policy=new)
    assert created and PolicyVersion.objects.count() == 2
    event = AuditEvent.objects.filter(action="policy.activate").last()
    assert event is not None
    assert event.target_type == "policyversion" and event.target_id == str(version.pk)
    assert event.actor_label == "保密办 张三" and event.channel == "cli" and event.allowed
    assert event.detail["sha256"] == new.sha256
    assert event.detail["previous_sha256"] == old.sha256
    assert chain_first_broken() is None


def test_going_back_to_an_earlier_policy_is_recorded_again(db):
    old = get_policy()
    new = parse_policy(DEFAULT.replace("remind_days_before_end = 90",
                                       "remind_days_before_end = 60", 1))
    for policy in (old, new, old):
        policy_record(actor_label="tester", policy=policy)
    assert [v.sha256 for v in PolicyVersion.objects.order_by("id")] == [
        old.sha256, new.sha256, old.sha256]


def test_policy_sync_is_idempotent(db, policy_file):
    first = run("policy_sync")
    second = run("policy_sync")
    assert "已记录新的策略版本" in first and "策略未变化" in second
    assert PolicyVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="policy.activate").count() == 1


def test_policy_sync_records_a_changed_file(db, policy_file):
    run("policy_sync")
    policy_file.write_text(DEFAULT.replace("max_term_years = 20", "max_term_years = 15", 1),
                           encoding="utf-8")
    out = run("policy_sync", "--by", "保密办")
    assert "已记录新的策略版本" in out
    assert PolicyVersion.objects.count() == 2
    latest = PolicyVersion.objects.order_by("-id").first()
    assert latest is not None and "max_term_years = 15" in latest.text
    assert latest.activated_by == "保密办"
    assert get_policy().level("CONFIDENTIAL").max_term_years == 15  # the file in force
    events = AuditEvent.objects.filter(action="policy.activate").order_by("seq")
    assert events.count() == 2 and events.last().channel == "cli"  # type: ignore[union-attr]
    assert run("policy_sync").startswith("策略未变化")


def test_policy_versions_lists_newest_first(db, policy_file):
    assert "尚未记录" in run("policy_versions")
    run("policy_sync")
    policy_file.write_text(DEFAULT.replace("max_term_years = 20", "max_term_years = 12", 1),
                           encoding="utf-8")
    run("policy_sync")
    out = run("policy_versions")
    lines = [line for line in out.splitlines() if line.startswith("#")]
    newest, oldest = PolicyVersion.objects.order_by("-id")[:2]
    assert lines[0].startswith(f"#{newest.pk}") and "在用" in lines[0]
    assert lines[1].startswith(f"#{oldest.pk}") and "在用" not in lines[1]
    data = json.loads(run("policy_versions", "--json"))
    assert [v["id"] for v in data] == [newest.pk, oldest.pk]
    assert data[0]["in_force"] and not data[1]["in_force"]
