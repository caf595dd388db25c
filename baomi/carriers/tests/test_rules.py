"""Each rule the foundation enforces, through the services (the one write path)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.carriers.selectors import carrier_count, carrier_get, carrier_list
from baomi.carriers.services import (
    carrier_confirm,
    carrier_draft,
    carrier_resubmit,
    carrier_return,
    carrier_view,
)
from baomi.carriers.tests.factories import carrier_drafted
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.people.selectors import person_for
from baomi.policy.classification import mark_for
from baomi.policy.clauses import CLAUSES


def visible(person, carrier) -> bool:
    try:
        carrier_get(viewer=person, pk=carrier.pk)
    except NotVisible:
        return False
    return True


# --- R-CLS-1 levels ----------------------------------------------------------------------

def test_r_cls_1_drawings_use_their_own_levels(people):
    with pytest.raises(ApplicationError) as err:
        carrier_drafted(people=people, level="SECRET", kind="DRAWING")
    assert err.value.fields["level"][0].startswith("R-CLS-1")
    drawing = carrier_drafted(people=people, level="GENERAL", kind="DRAWING")
    assert drawing.level == "GENERAL"


def test_r_cls_1_unknown_level_refused(people):
    with pytest.raises(ApplicationError) as err:
        carrier_draft(actor=people["staff"], title="x", kind="DOCUMENT", level="ULTRA",
                      confirmer=people["manager"])
    assert "R-CLS-1" in err.value.fields["level"][0]


# --- R-CLS-2 unconfirmed drafts ------------------------------------------------------------

def test_r_cls_2_draft_seen_only_by_drafter_and_confirmer(people):
    draft = carrier_drafted(people=people, level="SECRET")
    assert visible(people["staff"], draft) and visible(people["manager"], draft)
    for key in ("gm", "board", "director", "staff2", "fin_manager"):
        assert not visible(people[key], draft), key
        assert draft not in carrier_list(viewer=people[key])
    carrier_confirm(actor=people["manager"], carrier=draft)
    assert visible(people["gm"], draft) and not visible(people["staff2"], draft)


def test_r_cls_2_only_the_named_confirmer_confirms(people):
    draft = carrier_drafted(people=people, level="SECRET")
    with pytest.raises(PolicyDenied) as err:
        carrier_confirm(actor=people["fin_manager"], carrier=draft)
    assert err.value.rule == "R-CLS-2"


# --- R-CLS-3 who confirms ------------------------------------------------------------------

def test_r_cls_3_department_manager_may_not_confirm_confidential(people):
    draft = carrier_drafted(people=people, level="SECRET")
    with pytest.raises(PolicyDenied) as err:
        carrier_confirm(actor=people["manager"], carrier=draft, level="CONFIDENTIAL")
    assert err.value.rule == "R-CLS-3"
    assert err.value.clause == CLAUSES["R-CLS-3"]
    assert "机密文件由公司高层领导确认" in err.value.clause
    draft.refresh_from_db()
    assert draft.status == "DRAFT"
    event = AuditEvent.objects.filter(action="carrier.confirm").get()
    assert (event.allowed, event.rule, event.actor_id) == (False, "R-CLS-3", people["manager"].id)


def test_r_cls_3_top_leader_confirms_confidential(people):
    draft = carrier_drafted(people=people, level="CONFIDENTIAL")
    assert carrier_confirm(actor=people["gm"], carrier=draft).status == "CONFIRMED"


def test_r_cls_3_wrong_rank_confirmer_refused_at_draft(people):
    with pytest.raises(ApplicationError) as err:
        carrier_drafted(people=people, level="CONFIDENTIAL", confirmer=people["manager"])
    assert err.value.fields["confirmer"][0].startswith("R-CLS-3")


def test_r_cls_3_internal_confirmed_by_issuing_department(people):
    with pytest.raises(ApplicationError) as err:
        carrier_drafted(people=people, level="INTERNAL", confirmer=people["fin_manager"])
    assert "R-CLS-3" in err.value.fields["confirmer"][0]
    assert carrier_drafted(people=people, level="INTERNAL", confirmer=people["manager"])


# --- R-CLS-4 what a carrier records ----------------------------------------------------------

def test_r_cls_4_confirmed_carrier_records_everything(people):
    draft = carrier_drafted(people=people, level="SECRET", reason="含价格信息", copies_planned=2)
    carrier = carrier_confirm(actor=people["manager"], carrier=draft)
    assert carrier.number is not None and carrier.number.startswith("BM-")
    assert carrier.level == "SECRET" and carrier.term_years == 10
    assert carrier.scope_rank == "DEPT_MANAGER"
    assert carrier.category.startswith("2.1")
    assert carrier.reason == "含价格信息"
    assert carrier.drafter == people["staff"] and carrier.confirmer == people["manager"]
    assert carrier.created_at and carrier.confirmed_at


def test_r_cls_4_category_from_the_level_list(people):
    with pytest.raises(ApplicationError) as err:
        carrier_drafted(people=people, level="SECRET", category="1.1 财务分析报告")
    assert "R-CLS-4" in err.value.fields["category"][0]


# --- R-CLS-5 terms ----------------------------------------------------------------------------

@pytest.mark.parametrize(("level", "limit"), [("TOP_SECRET", 30), ("CONFIDENTIAL", 20), ("SECRET", 10)])
def test_r_cls_5_term_within_limit(people, level, limit):
    with pytest.raises(ApplicationError) as err:
        carrier_drafted(people=people, level=level, term_years=limit + 1)
    assert err.value.fields["term_years"][0].startswith("R-CLS-5")
    carrier = carrier_drafted(people=people, level=level, term_years=limit)
    assert carrier.term_years == limit


def test_r_cls_5_term_end_recorded_at_confirmation(people):
    carrier = carrier_confirm(actor=people["manager"],
                              carrier=carrier_drafted(people=people, level="SECRET", term_years=3))
    today = timezone.localdate()
    assert carrier.term_ends == today.replace(year=today.year + 3) or (
        today.month == 2 and today.day == 29 and carrier.term_ends == dt.date(today.year + 3, 2, 28))


# --- R-CLS-7 marks ----------------------------------------------------------------------------

def test_r_cls_7_marks_per_level():
    assert mark_for("SECRET").text == "秘密"
    assert mark_for("SECRET").placement == "top_left_every_page"
    assert mark_for("CONFIDENTIAL").placement == "sealed_envelope"
    assert mark_for("INTERNAL").text == "内部资料"
    assert mark_for("INTERNAL", controlled=True).text == "受控文件"


# --- R-ACC-1 / R-ACC-2 scope --------------------------------------------------------------------

def test_r_acc_2_default_scope_by_rank(make_carrier, people):
    confidential = make_carrier(level="CONFIDENTIAL")
    assert visible(people["director"], confidential)          # 总监 and above
    assert not visible(people["pm"], confidential)            # 项目经理 below 总监
    top = make_carrier(level="TOP_SECRET")
    assert visible(people["gm"], top) and visible(people["board"], top)
    assert not visible(people["deputy"], top)
    secret = make_carrier(level="SECRET")
    assert visible(people["fin_manager"], secret)             # 部门经理 and above
    assert not visible(people["staff2"], secret)


def test_r_acc_1_clearance_and_scope_both_needed(make_carrier, people, make_person):
    weak_director = make_person("DIRECTOR", "GENERAL")
    confidential = make_carrier(level="CONFIDENTIAL")
    assert not visible(weak_director, confidential)           # rank ok, clearance not
    named = make_carrier(level="SECRET", named_people=[people["staff2"]])
    assert visible(people["staff2"], named)                   # named and cleared
    with pytest.raises(ApplicationError) as err:              # named but not cleared
        make_carrier(level="SECRET", named_people=[people["outsider"]])
    assert "R-ACC-1" in err.value.fields["named_people"][0]


def test_r_acc_2_scope_narrowed_never_widened(people):
    with pytest.raises(ApplicationError) as err:
        carrier_drafted(people=people, level="CONFIDENTIAL", scope_rank="STAFF")
    assert err.value.fields["scope_rank"][0].startswith("R-ACC-2")
    narrow = carrier_drafted(people=people, level="SECRET", scope_rank="GM")
    carrier_confirm(actor=people["manager"], carrier=narrow)
    assert not visible(people["fin_manager"], narrow) and visible(people["gm"], narrow)


def test_r_acc_1_staff_asking_for_confidential_gets_not_found_and_audit(make_carrier, people):
    carrier = make_carrier(level="CONFIDENTIAL")
    with pytest.raises(NotVisible):
        carrier_view(viewer=people["staff"], pk=carrier.pk)
    with pytest.raises(NotVisible):
        carrier_view(viewer=people["staff"], pk=carrier.pk + 999)
    denial = AuditEvent.objects.get(action="carrier.view", allowed=False)
    assert (denial.rule, denial.target_id, denial.actor_id) == ("R-ACC-1", str(carrier.pk), people["staff"].id)
    assert carrier not in carrier_list(viewer=people["staff"])


def test_r_acc_6_reads_are_audited(make_carrier, people):
    carrier = make_carrier(level="SECRET")
    carrier_view(viewer=people["manager"], pk=carrier.pk)
    event = AuditEvent.objects.filter(action="carrier.view").get()
    assert event.allowed and event.actor_id == people["manager"].id


# --- R-ACC-3 nothing but rank, clearance and scope ------------------------------------------------

def test_r_acc_3_superuser_without_person_sees_nothing(make_carrier):
    make_carrier(level="INTERNAL")
    admin = get_user_model().objects.create_superuser("root", password="x")
    viewer = person_for(admin)
    assert viewer is None
    assert carrier_list(viewer=viewer).count() == 0 and carrier_count(viewer=viewer) == 0


def test_r_acc_3_secrecy_officer_flag_grants_no_access(make_carrier, make_person):
    officer = make_person("STAFF", "GENERAL", is_secrecy_officer=True)
    secret = make_carrier(level="SECRET")
    assert not visible(officer, secret)


def test_r_acc_3_leavers_see_nothing(make_carrier, people):
    carrier = make_carrier(level="INTERNAL")
    staff = people["staff2"]
    assert visible(staff, carrier)
    staff.status = "LEFT"
    assert not visible(staff, carrier) and carrier_count(viewer=staff) == 0


# --- R-ACC-4 separation of duties ------------------------------------------------------------------

def test_r_acc_4_drafter_never_confirms_own_draft(people):
    with pytest.raises(PolicyDenied) as refused:
        carrier_draft(actor=people["manager"], title="x", kind="DOCUMENT", level="SECRET",
                      confirmer=people["manager"], category=carrier_category("SECRET"))
    assert refused.value.rule == "R-ACC-4"
    assert "自己" in refused.value.reason
    draft = carrier_drafted(people=people, level="SECRET")
    with pytest.raises(PolicyDenied) as denied:
        carrier_confirm(actor=people["staff"], carrier=draft)
    assert denied.value.rule == "R-ACC-4"


def carrier_category(level: str) -> str:
    from baomi.policy.runtime import get_policy

    return get_policy().categories[level][0]


# --- lifecycle, copies, counts -----------------------------------------------------------------------

def test_return_and_resubmit(people):
    draft = carrier_drafted(people=people, level="SECRET")
    with pytest.raises(ApplicationError):
        carrier_return(actor=people["manager"], carrier=draft, note="  ")
    returned = carrier_return(actor=people["manager"], carrier=draft, note="请补充定密理由")
    assert returned.status == "RETURNED"
    again = carrier_resubmit(actor=people["staff"], carrier=returned, reason="含BOM价格")
    assert again.status == "DRAFT" and again.return_note == ""


def test_double_confirm_gives_one_decision(people):
    draft = carrier_drafted(people=people, level="SECRET", copies_planned=2)
    carrier_confirm(actor=people["manager"], carrier=draft)
    with pytest.raises(ApplicationError):
        carrier_confirm(actor=people["manager"], carrier=draft)
    assert draft.copies.count() == 2
    assert AuditEvent.objects.filter(action="carrier.confirm", allowed=True).count() == 1


def test_confirmation_issues_numbered_copies_to_one_custodian(people):
    carrier = carrier_confirm(actor=people["manager"],
                              carrier=carrier_drafted(people=people, level="SECRET", copies_planned=4))
    copies = list(carrier.copies.order_by("copy_no"))
    assert [c.copy_no for c in copies] == [1, 2, 3, 4]
    assert {c.custodian_id for c in copies} == {people["staff"].id}


def test_tally_count_equals_real_count(make_carrier, people):
    for level in ("TOP_SECRET", "CONFIDENTIAL", "SECRET", "INTERNAL", "PUBLIC"):
        make_carrier(level=level)
        make_carrier(level=level, confirm=False)
    make_carrier(level="SECRET", named_people=[people["staff2"]], scope_rank="GM")
    returned = make_carrier(level="SECRET", confirm=False)
    carrier_return(actor=people["manager"], carrier=returned, note="改")
    for person in people.values():
        assert carrier_count(viewer=person) == carrier_list(viewer=person).count(), person
    from baomi.carriers.selectors import CarrierFilters

    for filters in (CarrierFilters(level="SECRET"), CarrierFilters(status="DRAFT"),
                    CarrierFilters(kind="DOCUMENT", department=people["staff"].unit_id),
                    CarrierFilters(text="测试")):
        for person in people.values():
            assert (carrier_count(viewer=person, filters=filters)
                    == carrier_list(viewer=person, filters=filters).count())
