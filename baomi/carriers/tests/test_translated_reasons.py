"""Denial reasons and bad-input messages in the reader's language (docs/decisions/0008).

The reason of a refusal is recorded in the audit log in Chinese whatever the language of
the person refused (events are hashed into the Merkle log and must stay stable); the page,
the API and the CLI show it translated.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from baomi.audit.models import AuditEvent
from baomi.carriers.services import carrier_return
from baomi.carriers.tests.test_api import client_for, detail
from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.policy.approval_actions import may_delegate
from baomi.policy.classification import may_confirm_level
from baomi.policy.decision import require
from baomi.policy.exits import no_copies_held

pytestmark = pytest.mark.django_db

ZH = "只有拟制人可以作废自己的草稿"
EN = "Only the drafter may withdraw their own draft"


@pytest.fixture
def draft(make_carrier):
    return make_carrier(confirm=False, level="SECRET", title="英文界面的草稿")


def _denial_reason(action: str) -> str:
    event = AuditEvent.objects.get(action=action, allowed=False, rule="R-CLS-2")
    return event.detail["reason"]


def test_r_cls_2_english_page_shows_the_reason_in_english_and_the_audit_keeps_chinese(
        client, people, draft):
    client.force_login(people["manager"].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("carriers:withdraw", args=[draft.pk]), {"reason": "x"})
    page = response.content.decode()
    assert response.status_code == 403 and "R-CLS-2" in page
    assert EN in page and ZH not in page
    assert _denial_reason("carrier.withdraw") == ZH


def test_r_cls_2_chinese_page_shows_the_chinese_reason(client, people, draft):
    client.force_login(people["manager"].user)
    response = client.post(reverse("carriers:withdraw", args=[draft.pk]), {"reason": "x"})
    assert response.status_code == 403 and ZH in response.content.decode()


def test_r_cls_2_english_api_detail_is_english_and_the_audit_keeps_chinese(people, draft):
    api = client_for(people["manager"])
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = api.post(detail(draft, "withdraw"), {"reason": "x"}, format="json")
    assert refused.status_code == 403
    body = refused.json()
    assert body["rule"] == "R-CLS-2" and body["detail"] == EN
    assert _denial_reason("carrier.withdraw") == ZH


def test_english_api_bad_input_is_english(people, make_carrier):
    confirmed = make_carrier(level="SECRET")
    api = client_for(people["staff"])
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    bad = api.post(detail(confirmed, "withdraw"), {"reason": "重复"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["detail"] == (
        "Only a draft awaiting confirmation or returned for revision can be withdrawn")


def test_service_bad_input_follows_the_active_language(people, draft):
    with translation.override("en"), pytest.raises(ApplicationError) as bad:
        carrier_return(actor=people["manager"], carrier=draft, note=" ")
    assert bad.value.message == "Enter a note for the drafter"
    assert bad.value.fields == {"note": ["Enter a note for the drafter"]}
    with pytest.raises(ApplicationError) as again:
        carrier_return(actor=people["manager"], carrier=draft, note=" ")
    assert again.value.message == "请填写退回意见"


def test_english_cli_bad_input(people, draft, monkeypatch):
    monkeypatch.setenv("BAOMI_LANGUAGE", "en")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("carriers_withdraw", "--as", "nobody-here", draft.number, "--reason", "x",
                     stderr=err)
    assert exit_.value.code == 2
    assert "Invalid input: " in err.getvalue() and "没有" not in err.getvalue()


def test_r_cls_2_cli_in_english_with_baomi_language(people, draft, monkeypatch):
    monkeypatch.setenv("BAOMI_LANGUAGE", "en")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("carriers_withdraw", "--as", "manager", draft.number, "--reason", "x",
                     stderr=err)
    assert exit_.value.code == 3
    assert f"Refused R-CLS-2: {EN}" in err.getvalue()
    assert _denial_reason("carrier.withdraw") == ZH


def test_r_cls_2_cli_is_chinese_by_default(people, draft):
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("carriers_withdraw", "--as", "manager", draft.number, "--reason", "x",
                     stderr=err)
    assert f"拒绝 R-CLS-2: {ZH}" in err.getvalue()


def test_r_doc_8_a_reason_with_a_parameter_is_recorded_in_chinese_and_shown_in_english(people):
    with translation.override("en"), pytest.raises(PolicyDenied) as refused:
        require(no_copies_held(2), actor=people["gm"], action="exit.complete",
                target=people["staff"])
    with translation.override("en"):
        assert refused.value.reason_shown == (
            "Still holds 2 copies; all must be handed back before leaving")
        assert refused.value.as_dict()["detail"] == refused.value.reason_shown
    assert refused.value.reason == "仍保管 2 份载体,须全部交回后方可离岗"
    assert refused.value.as_dict()["detail"] == refused.value.reason  # zh-hans again
    event = AuditEvent.objects.get(action="exit.complete", allowed=False, rule="R-DOC-8")
    assert event.detail["reason"] == "仍保管 2 份载体,须全部交回后方可离岗"


def test_r_cls_3_labels_in_a_reason_are_translated_when_shown(people):
    decision = may_confirm_level(people["staff"], level="CONFIDENTIAL",
                                 department_id=people["staff"].unit_id)
    assert decision.reason == "机密级须由董事/监事、总经理确认"
    with translation.override("en"):
        assert decision.reason_shown == (
            "Confidential must be confirmed by: Board / supervisor, General manager")
    assert decision.reason_shown == decision.reason


def test_r_acc_4_a_list_parameter_is_joined_in_the_reader_s_language():
    decision = may_delegate(["复制", "销毁"])
    assert decision.reason == "此类审批不得授权他人:复制、销毁"
    with translation.override("en"):
        assert decision.reason_shown == "These approvals cannot be delegated: Copy, Destroy"
