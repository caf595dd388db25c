"""Pages of the secrecy office: commitment templates (R-PPL-1), IP/NDA agreements (R-PPL-5),
trust ratings, periodic reviews, rewards/penalties and the allowance report (R-PPL-6)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from baomi.audit.models import AuditEvent
from baomi.personnel.models import (
    EIGHT_CLAUSES,
    Agreement,
    Commitment,
    CommitmentTemplate,
    Sanction,
    TrustReview,
)
from baomi.personnel.services.commitments import post_assign

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_pages_are_the_secrecy_office_s(client, people):
    """Colleagues, leaders and the person get 404 (R-ACC-4)."""
    urls = [reverse("personnel:templates"), reverse("personnel:reviews"),
            reverse("personnel:allowance"), reverse("personnel:allowance") + "?format=xlsx"]
    for who in ("staff", "director"):
        client.force_login(people[who].user)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
    client.force_login(people["deputy"].user)
    for url in urls:
        assert client.get(url).status_code == 200, url
    index = client.get(reverse("personnel:index")).content.decode()
    for link in ("link-templates", "link-reviews", "link-allowance"):
        assert link in index


def test_new_template_version_asks_signers_to_renew(client, people, hire, enrol, sign):
    """R-PPL-1: the office publishes a new version; whoever signed the old one renews."""
    post = post_assign(actor=people["deputy"], person=hire, post="岗位", clearance="GENERAL")
    enrol(hire)
    sign(hire, post.commitment)
    client.force_login(people["deputy"].user)
    page = client.get(reverse("personnel:templates")).content.decode()
    assert EIGHT_CLAUSES[6] in page and 'data-testid="template-versions"' in page
    clauses = "\n".join([*EIGHT_CLAUSES, "不在社交媒体谈论工作"])
    response = client.post(reverse("personnel:templates"), {
        "clauses": clauses, "extra_CORE": "核心条款一\n\n核心条款二"})
    assert response.status_code == 302
    assert "1 人须续签" in _messages(response)
    current = CommitmentTemplate.objects.get(is_current=True)
    assert current.extra_clauses == {"CORE": ["核心条款一", "核心条款二"]}
    renewal = Commitment.objects.get(person=hire, reason=Commitment.Reason.RENEWAL)
    assert renewal.template == current and "不在社交媒体谈论工作" in renewal.clauses
    # the form opens with the current text: publishing it unchanged is refused
    response = client.post(reverse("personnel:templates"), {
        "clauses": clauses, "extra_CORE": "核心条款一\n核心条款二"})
    assert "与现行版本相同" in _messages(response)
    assert CommitmentTemplate.objects.count() == 2


def test_template_missing_a_base_clause_is_refused_and_audited(client, people):
    client.force_login(people["deputy"].user)
    response = client.post(reverse("personnel:templates"),
                           {"clauses": "\n".join(EIGHT_CLAUSES[:7])})
    assert "R-PPL-1" in _messages(response)
    assert CommitmentTemplate.objects.count() == 1
    assert AuditEvent.objects.filter(action="commitment.template", allowed=False).exists()
    # a colleague cannot publish either (refused, audited)
    client.force_login(people["staff"].user)
    client.post(reverse("personnel:templates"), {"clauses": "\n".join(EIGHT_CLAUSES)})
    assert CommitmentTemplate.objects.count() == 1
    # an empty form is a message, not a 500
    client.force_login(people["deputy"].user)
    assert client.post(reverse("personnel:templates"), {}).status_code == 302


def test_refused_agreement_on_the_page_blocks_a_technical_post(client, people, hire):
    """R-PPL-5 through the pages: the refusal recorded on the file, then the post refused."""
    client.force_login(people["deputy"].user)
    url = reverse("personnel:record", args=[hire.pk, "agreement"])
    assert "agreement-submit" in client.get(reverse("personnel:file", args=[hire.pk])
                                            ).content.decode()
    response = client.post(url, {"agreement-status": "SIGNED", "agreement-number": ""})  # a number is required
    assert "协议编号" in _messages(response) and not Agreement.objects.exists()
    client.post(url, {"agreement-status": "REFUSED"})
    assert Agreement.objects.get(person=hire).status == Agreement.Status.REFUSED
    response = client.post(reverse("personnel:post_new", args=[hire.pk]), {
        "post": "研发工程师", "clearance": "GENERAL", "technical": "on"})
    assert "R-PPL-5" in _messages(response)
    page = client.get(reverse("personnel:file", args=[hire.pk])).content.decode()
    assert 'data-testid="agreement-row"' in page and "拒签" in page


def test_only_the_office_records_and_never_for_oneself(client, people):
    staff, deputy = people["staff"], people["deputy"]
    client.force_login(staff.user)  # their own file: visible, but not theirs to write
    response = client.post(reverse("personnel:record", args=[staff.pk, "review"]),
                           {"review-rating": "A"})
    assert "R-PPL-1" in _messages(response) and not TrustReview.objects.exists()
    page = client.get(reverse("personnel:file", args=[staff.pk])).content.decode()
    assert "review-submit" not in page
    assert client.post(reverse("personnel:record", args=[people["staff2"].pk, "review"]),
                       {"review-rating": "A"}).status_code == 404  # a colleague's file
    client.force_login(deputy.user)
    response = client.post(reverse("personnel:record", args=[deputy.pk, "review"]),
                           {"review-rating": "A"})
    assert "R-PPL-6" in _messages(response) and not TrustReview.objects.exists()
    assert client.post(reverse("personnel:record", args=[staff.pk, "nope"])).status_code == 404


def test_review_and_sanction_from_the_file(client, people):
    director = people["director"]
    client.force_login(people["deputy"].user)
    url = reverse("personnel:record", args=[director.pk, "review"])
    response = client.post(url, {"review-rating": "B", "review-politics": "合格", "review-relations": "无境外关系",
                                 "review-note": "继续关注", "review-reviewed_on": "2999-01-01"})
    assert "评审日期" in _messages(response) and not TrustReview.objects.exists()
    client.post(url, {"review-rating": "B", "review-politics": "合格", "review-relations": "无境外关系",
                      "review-note": "继续关注"})
    review = TrustReview.objects.get(person=director)
    assert review.inputs == {"政治表现": "合格", "社会关系与境外联系": "无境外关系"}
    assert review.reviewer == people["deputy"]
    url = reverse("personnel:record", args=[director.pk, "sanction"])
    response = client.post(url, {"sanction-kind": "PENALTY", "sanction-reason": "违规带出", "sanction-amount": "-5"})
    assert response.status_code == 302 and not Sanction.objects.exists()
    client.post(url, {"sanction-kind": "REWARD", "sanction-reason": "发现并报告泄密隐患", "sanction-amount": "500"})
    assert Sanction.objects.get(person=director).amount == 500
    page = client.get(reverse("personnel:file", args=[director.pk])).content.decode()
    assert "发现并报告泄密隐患" in page and "无境外关系" in page
    # the periodic review register: the director is reviewed, the PM (重要) is overdue
    rows = client.get(reverse("personnel:reviews")).context["rows"]
    by_person = {r["person"].pk: r for r in rows}
    assert not by_person[director.pk]["overdue"] and by_person[people["pm"].pk]["overdue"]
    assert people["staff"].pk not in by_person  # 一般: not a key post
    assert rows[0]["overdue"]  # overdue first


def test_allowance_report_page_and_xlsx(client, people):
    from openpyxl import load_workbook

    client.force_login(people["deputy"].user)
    response = client.get(reverse("personnel:allowance"))
    summary = {r["clearance"]: r for r in response.context["summary"]}
    assert summary["CORE"]["people"] == 2 and summary["CORE"]["percent"] == 15
    assert all(r["person"].clearance != "NONE" for r in response.context["people"])
    response = client.get(reverse("personnel:allowance") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert ("工号", "姓名", "部门", "涉密等级", "津贴比例") in values
    assert any(row[0] == people["gm"].staff_no and row[4] == "15%" for row in values)
