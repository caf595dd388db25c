"""R-ACC-4 (监管分离) on one carrier: a supervisor not in scope reads its metadata — page,
API and CLI alike — and its title only up to their clearance; someone who may see nothing
gets "not found"; metadata never lets anyone act on the carrier (decision 0006)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from baomi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TITLE = "绝密型号定型参数"
REASON = "涉及型号定型的核心参数"


@pytest.fixture
def office(make_person):
    """A member of the secrecy office (保密办) with 一般 clearance."""
    return make_person("STAFF", "GENERAL", "office", username="clerk")


@pytest.fixture
def top(make_carrier):
    return make_carrier(level="TOP_SECRET", title=TITLE, reason=REASON)


def test_r_acc_4_detail_page_is_the_metadata_view(client, office, top):
    client.force_login(office.user)
    response = client.get(reverse("carriers:detail", args=[top.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="metadata-only"' in html
    assert top.number in html and "(标题不可见)" in html
    assert TITLE not in html and REASON not in html
    assert 'data-testid="files"' not in html and "审计记录" not in html
    event = AuditEvent.objects.filter(action="carrier.view", target_id=str(top.pk)).last()
    assert event is not None and event.allowed and event.rule == "R-ACC-4"
    assert event.detail == {"sight": "metadata"}


def test_r_acc_4_api_detail_and_copies_are_metadata(client, office, top):
    client.force_login(office.user)
    body = client.get(reverse("api-carrier-detail", args=[top.pk])).json()
    assert body["sight"] == "metadata" and body["title"] == "(标题不可见)"
    assert {"reason", "category", "scope", "return_note"}.isdisjoint(body)
    copies = client.get(reverse("api-carrier-copies", args=[top.pk]))
    assert copies.status_code == 200 and copies.json()[0]["copy_no"] == 1


def test_r_acc_4_cli_show_is_metadata(office, top):
    out = StringIO()
    call_command("carriers_show", "--as", "clerk", top.number, stdout=out)
    text = out.getvalue()
    assert "(标题不可见)" in text and "仅元数据" in text
    assert TITLE not in text and REASON not in text


def test_r_acc_1_someone_who_sees_nothing_gets_not_found(client, people, top):
    client.force_login(people["staff"].user)
    assert client.get(reverse("carriers:detail", args=[top.pk])).status_code == 404
    assert client.get(reverse("api-carrier-detail", args=[top.pk])).status_code == 404


def test_r_acc_4_metadata_does_not_let_a_supervisor_act(client, office, top):
    """Asking to borrow or copy needs the carrier in full: the request page is not found."""
    client.force_login(office.user)
    assert client.get(reverse("approvals:new") + f"?carrier={top.pk}").status_code == 404


def test_r_acc_4_title_within_clearance_is_register_metadata(client, office, make_carrier):
    secret = make_carrier(level="SECRET", title="秘密会议纪要", scope_rank="GM")
    client.force_login(office.user)
    html = client.get(reverse("carriers:detail", args=[secret.pk])).content.decode()
    assert 'data-testid="metadata-only"' in html and "秘密会议纪要" in html
    listed = client.get(reverse("api-carriers")).json()["results"]
    assert {r["id"]: r["sight"] for r in listed}[secret.pk] == "metadata"


def test_full_detail_page_has_the_files_and_history(client, people, top):
    """The counterpart of the metadata view: someone in scope gets content and history."""
    client.force_login(people["gm"].user)
    html = client.get(reverse("carriers:detail", args=[top.pk])).content.decode()
    assert TITLE in html and 'data-testid="files"' in html and "审计记录" in html


def test_r_acc_4_request_page_and_form_hide_the_title_from_the_office(client, people, office,
                                                                      top):
    """The secrecy office reads every approval request; for a carrier above its clearance it
    reads the number and level, not the title (page and printed form alike)."""
    import io

    import pdfplumber

    from baomi.approvals.tests.requests_made import borrow

    request = borrow(people["board"], top)
    client.force_login(office.user)
    page = client.get(reverse("approvals:detail", args=[request.pk]))
    assert page.status_code == 200
    assert top.number in page.content.decode() and TITLE not in page.content.decode()
    pdf = client.get(reverse("approvals:pdf", args=[request.pk])).content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages)
    assert top.number in text and "(标题不可见)" in text and TITLE not in text
    client.force_login(people["board"].user)  # the requester, in scope, reads it in full
    assert TITLE in client.get(reverse("approvals:detail", args=[request.pk])).content.decode()


def test_r_acc_4_a_metadata_read_shows_in_words_in_the_history(client, people, office, top):
    client.force_login(office.user)
    client.get(reverse("carriers:detail", args=[top.pk]))
    client.force_login(people["gm"].user)
    html = client.get(reverse("carriers:detail", args=[top.pk])).content.decode()
    assert "可见范围:仅元数据(R-ACC-4)" in html
