"""R-PPL-4 from the leader's side: a leader outside the secrecy office reaches the early-exit
approval from their own page, and sees that exit only — not the person's file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.approvals.models import Notification
from baomi.personnel.models import Commitment
from baomi.personnel.services.commitments import post_assign
from baomi.personnel.services.leaving import exit_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(make_person):
    """A deputy GM in R&D: a listed approver rank, not in the secrecy office."""
    return make_person("DEPUTY_GM", "IMPORTANT", "rd", username="rd_deputy")


@pytest.fixture
def early_exit(people, leader, django_capture_on_commit_callbacks):
    staff = people["staff"]
    post_assign(actor=people["deputy"], person=staff, post="课题组成员", clearance="GENERAL",
                project="重大项目甲", project_ends=timezone.localdate() + timedelta(days=200))
    # the approvers are asked once the procedure is committed (on_commit)
    with django_capture_on_commit_callbacks(execute=True):
        return exit_start(actor=people["deputy"], person=staff, reason="辞职")


def test_leader_reaches_the_approval_from_their_page(client, people, leader, early_exit):
    exit_url = reverse("personnel:exit", args=[early_exit.pk])
    # an in-app notice names the staff number and links to the exit, never the project
    notice = Notification.objects.get(recipient=leader, kind="personnel.project_leave")
    assert notice.link == exit_url and "重大项目甲" not in notice.text
    assert not Notification.objects.filter(recipient=people["staff"],
                                           kind="personnel.project_leave").exists()
    client.force_login(leader.user)
    page = client.get(reverse("personnel:index"), follow=True).content.decode()
    assert 'data-testid="exit-approvals"' in page and exit_url in page
    page = client.get(exit_url).content.decode()
    assert 'data-testid="exit-approve"' in page
    assert 'data-testid="exit-finish"' not in page  # the office's buttons stay the office's
    assert reverse("personnel:file", args=[people["staff"].pk]) not in page
    # the leader still may not open the person's file (R-ACC-4)
    assert client.get(reverse("personnel:file", args=[people["staff"].pk])).status_code == 404
    client.post(reverse("personnel:exit_action", args=[early_exit.pk, "approve"]))
    early_exit.refresh_from_db()
    assert early_exit.project_approved_by == leader
    assert early_exit.resign_commitment.reason == Commitment.Reason.LEAVING
    page = client.get(exit_url)  # the leader can still see what they approved
    assert page.status_code == 200 and 'data-testid="exit-approve"' not in page.content.decode()
    assert 'data-testid="exit-approvals"' not in client.get(
        reverse("personnel:file", args=[leader.pk])).content.decode()
    # the leader's other actions on the exit are refused by the services
    client.post(reverse("personnel:exit_action", args=[early_exit.pk, "finish"]))
    early_exit.refresh_from_db()
    assert early_exit.status == "OPEN"


def test_others_cannot_reach_the_early_exit(client, people, early_exit):
    exit_url = reverse("personnel:exit", args=[early_exit.pk])
    for who in ("manager", "staff2", "director"):  # not a listed rank
        client.force_login(people[who].user)
        assert client.get(exit_url).status_code == 404, who
        assert client.post(reverse("personnel:exit_action",
                                   args=[early_exit.pk, "approve"])).status_code == 404
    client.force_login(people["staff"].user)  # the person sees it, but cannot approve
    page = client.get(exit_url).content.decode()
    assert 'data-testid="exit-approve"' not in page
    assert 'data-testid="exit-approval-waiting"' in page
    client.post(reverse("personnel:exit_action", args=[early_exit.pk, "approve"]))
    early_exit.refresh_from_db()
    assert early_exit.project_approved_at is None
