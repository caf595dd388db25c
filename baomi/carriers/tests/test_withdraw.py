"""Withdrawing a draft (作废): R-CLS-2 — a draft is its drafter's until it is confirmed,
so only the drafter withdraws it; audited; it leaves the confirmer's list, stays visible
to the drafter as 已作废 and can never be confirmed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from baomi.audit.models import AuditEvent
from baomi.carriers.models import Carrier, CarrierTally
from baomi.carriers.selectors import carrier_get, my_drafts, pending_confirmations
from baomi.carriers.services import carrier_confirm, carrier_return, carrier_withdraw
from baomi.carriers.tests.test_api import client_for, detail
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.policy.classification import may_withdraw_draft
from baomi.policy.files import may_upload_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(make_carrier):
    return make_carrier(confirm=False, level="SECRET", title="待作废的草稿")


def _tally(status: str) -> int:
    return sum(CarrierTally.objects.filter(status=status).values_list("n", flat=True))


def test_r_cls_2_policy_lets_only_the_drafter_withdraw(people, draft):
    assert may_withdraw_draft(people["staff"], drafter_id=draft.drafter_id).allowed
    refused = may_withdraw_draft(people["manager"], drafter_id=draft.drafter_id)
    assert not refused.allowed and refused.rule == "R-CLS-2"


def test_r_cls_2_drafter_withdraws_a_draft_audited(people, draft):
    staff, manager = people["staff"], people["manager"]
    assert draft in pending_confirmations(viewer=manager)
    drafts_before, withdrawn_before = _tally("DRAFT"), _tally("WITHDRAWN")

    done = carrier_withdraw(actor=staff, carrier=draft, reason="内容已并入另一份文件")

    assert done.status == Carrier.Status.WITHDRAWN
    assert draft not in pending_confirmations(viewer=manager)
    assert [c.pk for c in my_drafts(viewer=staff)] == [draft.pk]
    assert carrier_get(viewer=staff, pk=draft.pk).get_status_display() == "已作废"
    event = AuditEvent.objects.get(action="carrier.withdraw", allowed=True)
    assert event.rule == "R-CLS-2" and event.target_id == str(draft.pk)
    assert event.detail["reason"] == "内容已并入另一份文件" and event.detail["was"] == "DRAFT"
    # the tally follows the status (CarrierTally counts by status)
    assert (_tally("DRAFT"), _tally("WITHDRAWN")) == (drafts_before - 1, withdrawn_before + 1)
    with pytest.raises(NotVisible):  # still unconfirmed: nobody else sees it (R-CLS-2)
        carrier_get(viewer=people["gm"], pk=draft.pk)


def test_r_cls_2_the_confirmer_may_not_withdraw_and_the_refusal_is_audited(people, draft):
    with pytest.raises(PolicyDenied) as refused:
        carrier_withdraw(actor=people["manager"], carrier=draft, reason="不需要了")
    assert refused.value.rule == "R-CLS-2"
    draft.refresh_from_db()
    assert draft.status == Carrier.Status.DRAFT
    assert AuditEvent.objects.filter(action="carrier.withdraw", allowed=False,
                                     rule="R-CLS-2").count() == 1


def test_a_returned_draft_can_be_withdrawn_and_a_withdrawn_one_never_confirmed(people, draft):
    carrier_return(actor=people["manager"], carrier=draft, note="请补充定密依据")
    carrier_withdraw(actor=people["staff"], carrier=draft, reason="不再需要")
    with pytest.raises(ApplicationError):
        carrier_confirm(actor=people["manager"], carrier=draft)
    with pytest.raises(ApplicationError) as again:
        carrier_withdraw(actor=people["staff"], carrier=draft, reason="再次作废")
    assert "status" in again.value.fields


def test_r_cls_7_no_file_is_uploaded_to_a_withdrawn_draft(people, draft):
    carrier_withdraw(actor=people["staff"], carrier=draft, reason="不再需要")
    draft.refresh_from_db()
    refused = may_upload_file(people["staff"], draft, custodian=False)
    assert not refused.allowed and refused.rule == "R-CLS-7"


def test_a_confirmed_carrier_cannot_be_withdrawn(people, make_carrier):
    carrier = make_carrier(level="SECRET")
    with pytest.raises(ApplicationError):
        carrier_withdraw(actor=people["staff"], carrier=carrier, reason="误操作")
    carrier.refresh_from_db()
    assert carrier.status == Carrier.Status.CONFIRMED


def test_withdraw_needs_a_reason(people, draft):
    with pytest.raises(ApplicationError) as bad:
        carrier_withdraw(actor=people["staff"], carrier=draft, reason="  ")
    assert "reason" in bad.value.fields


def test_page_button_and_post(client, people, draft):
    client.force_login(people["staff"].user)
    page = client.get(reverse("carriers:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="withdraw-open"' in page and "确认作废" in page
    response = client.post(reverse("carriers:withdraw", args=[draft.pk]),
                           {"reason": "重复拟制"}, follow=True)
    page = response.content.decode()
    assert "已作废" in page and 'data-testid="withdrawn-note"' in page
    assert 'data-testid="withdraw-open"' not in page
    client.force_login(people["manager"].user)  # the confirmer: no button, and 403
    page = client.get(reverse("carriers:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="withdraw-open"' not in page


def test_page_refuses_the_confirmer_with_403(client, people, draft):
    client.force_login(people["manager"].user)
    response = client.post(reverse("carriers:withdraw", args=[draft.pk]), {"reason": "x"})
    assert response.status_code == 403 and "R-CLS-2" in response.content.decode()


def test_api_withdraw(people, draft):
    refused = client_for(people["manager"]).post(detail(draft, "withdraw"), {"reason": "x"},
                                                 format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-CLS-2"
    done = client_for(people["staff"]).post(detail(draft, "withdraw"), {"reason": "重复"},
                                            format="json")
    assert done.status_code == 200 and done.json()["status"] == "WITHDRAWN"


def test_cli_withdraw(people, draft):
    out = StringIO()
    call_command("carriers_withdraw", "--as", "staff", draft.number, "--reason", "重复",
                 stdout=out)
    assert "已作废" in out.getvalue()
    draft.refresh_from_db()
    assert draft.status == Carrier.Status.WITHDRAWN
