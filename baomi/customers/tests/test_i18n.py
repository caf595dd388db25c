"""The Chinese source text reaches the pages through gettext, while what is stored and
audited (decision reasons, roles in the query log, the scan's warning) stays Chinese."""

from __future__ import annotations

from django.utils import translation

from baomi.customers.services.calendar import missing_year_warning
from baomi.customers.templatetags.customers_ui import customer_role, record_sections
from baomi.policy.customers import may_answer_query, may_work_with_customers


def test_missing_year_warning_lists_every_year() -> None:
    assert missing_year_warning([]) == ""
    with translation.override("zh-hans"):
        one = missing_year_warning([2027, 2027])
        two = missing_year_warning([2028, 2027])
    assert one.startswith("工作日历缺少 2027 年的节假日安排,期限暂按周末计算")
    assert "缺少 2027、2028 年" in two


def test_decision_reasons_stay_chinese_in_any_language() -> None:
    """They go to the audit log and the query log as they are; pages translate them."""
    with translation.override("en"):
        assert may_work_with_customers(None).reason == "人员不在岗"
        refused = may_answer_query(asker_is_party=False, name_matches=False)
        assert refused.reason.startswith("查询人")  # views.query_page relies on this


def test_roles_are_translated_part_by_part() -> None:
    assert customer_role("") == ""
    with translation.override("zh-hans"):
        assert customer_role("投保人、被保险人") == "投保人、被保险人"
    with translation.override("en"):
        shown = customer_role("投保人、被保险人")
    assert "Policyholder" in shown and "Insured" in shown and "投保人" not in shown


def test_record_form_sections_keep_every_field() -> None:
    from baomi.customers.forms import RegisterForm

    form = RegisterForm()
    sections = record_sections(form)
    assert [key for key, _title, _fields in sections] == [
        "policy", "holder", "insured", "beneficiary"]
    names = [f.name for _key, _title, fields in sections for f in fields]
    assert sorted(names) == sorted(form.fields)
    assert all(f.name.startswith("holder_") for f in sections[1][2])


def test_pages_render_in_english(client, service, register) -> None:
    """Every page of the module in English: roles translated, nothing breaks."""
    from django.conf import settings
    from django.utils import timezone

    from baomi.customers.models import SuspiciousItem
    from baomi.customers.services.scan import suspicious_scan

    from .conftest import row

    first = register(1)
    register(2, holder_phone=row(1)["holder_phone"])
    suspicious_scan(scan_date=timezone.localdate())
    item = SuspiciousItem.objects.get()
    client.force_login(service["clerk"].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # the middleware activates English in this thread; put the default back afterwards so
    # that the tests after this one (commands, services) run in zh-hans
    with translation.override(settings.LANGUAGE_CODE):
        detail = client.get(f"/customers/{first.policyholder_id}/").content.decode()
        assert '<html lang="en">' in detail and "Policyholder" in detail
        for url in ("/customers/", "/customers/register/", "/customers/import/",
                    "/customers/suspicious/", f"/customers/suspicious/{item.pk}/",
                    "/customers/calendar/?year=2099", "/customers/query/",
                    "/customers/complaints/", "/customers/rechecks/"):
            assert client.get(url).status_code == 200, url
    assert translation.get_language() == settings.LANGUAGE_CODE
