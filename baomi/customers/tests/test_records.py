"""R-CUS-1: a record missing a key field is refused, naming each field in Chinese;
minors may lack an ID number as insured persons. R-CUS-2 through the form/API service."""

from __future__ import annotations

import datetime

import pytest

from baomi.core.errors import ApplicationError
from baomi.customers.models import Customer, InsurancePolicy
from baomi.customers.records import check_record

from .conftest import make_id, row

TODAY = datetime.date(2026, 3, 1)


def test_complete_row_passes() -> None:
    record = check_record(row(1), today=TODAY)
    assert not isinstance(record, list)
    assert record.holder.phone.startswith("+86")


def test_every_missing_key_field_is_named_in_chinese() -> None:
    data = row(1, holder_id_number="", holder_address="", holder_phone="",
               insured_gender="", insured_id_number="")
    problems = check_record(data, today=TODAY)
    assert isinstance(problems, list)
    missing = problems[0]
    assert missing.check == "completeness"
    for label in ("投保人证件号码", "投保人联系地址", "投保人电话", "被保险人性别",
                  "被保险人证件号码"):
        assert label in missing.message


@pytest.mark.parametrize("field", ["holder_name", "holder_gender", "holder_birth_date",
                                   "holder_id_number", "holder_address", "holder_phone",
                                   "insured_name", "insured_gender", "insured_birth_date",
                                   "insured_id_number"])
def test_each_key_field_is_required(field: str) -> None:
    problems = check_record(row(1, **{field: ""}), today=TODAY)
    assert isinstance(problems, list) and problems[0].check == "completeness"


def test_a_minor_insured_may_lack_an_id_number_but_an_adult_may_not() -> None:
    child = datetime.date(2015, 4, 1)
    minor = check_record(row(1, insured_birth_date=child.isoformat(), insured_id_number=""),
                         today=TODAY)
    assert not isinstance(minor, list) and minor.insured.id_number is None
    adult = check_record(row(1, insured_birth_date="1990-01-01", insured_id_number=""),
                         today=TODAY)
    assert isinstance(adult, list) and "被保险人证件号码" in adult[0].message
    # the policyholder needs an ID whatever the age
    young_holder = check_record(row(1, holder_id_number=""), today=TODAY)
    assert isinstance(young_holder, list) and "投保人证件号码" in young_holder[0].message


def test_insured_may_be_the_policyholder() -> None:
    data = row(1, insured_relation="本人", insured_name="", insured_gender="",
               insured_birth_date="", insured_id_number="")
    record = check_record(data, today=TODAY)
    assert not isinstance(record, list) and record.insured is record.holder


def test_register_refuses_identity_mismatch_with_field_messages(register) -> None:
    holder_id = make_id(datetime.date(1980, 1, 1), male=True)
    with pytest.raises(ApplicationError) as exc:
        register(1, holder_id_number=holder_id, holder_gender="女")
    assert "性别与证件号码不符" in " ".join(exc.value.fields["holder_id_number"])
    assert not InsurancePolicy.objects.exists() and not Customer.objects.exists()


def test_register_stores_one_policy_with_three_roles(register) -> None:
    policy = register(1, beneficiary_name="受益人甲",
                      beneficiary_id_number=make_id(datetime.date(2000, 2, 2), serial=7))
    assert policy.policyholder.name == "投保人1" and policy.insured.name == "被保险人1"
    assert [c.name for c in policy.beneficiaries.all()] == ["受益人甲"]
    assert Customer.objects.count() == 3


def test_same_id_number_is_the_same_customer_and_must_agree(register) -> None:
    first = register(1)
    second = register(2, holder_name="投保人1", holder_id_number=row(1)["holder_id_number"],
                      holder_birth_date=row(1)["holder_birth_date"])
    assert second.policyholder_id == first.policyholder_id
    with pytest.raises(ApplicationError) as exc:
        register(3, holder_name="别人", holder_id_number=row(1)["holder_id_number"],
                 holder_birth_date=row(1)["holder_birth_date"])
    assert "另一姓名" in str(exc.value.fields)


def test_a_field_the_role_does_not_have_is_ignored_not_a_crash() -> None:
    """A beneficiary has no gender column: a value sent for it (API, a stray import
    column) is ignored rather than raising KeyError (a 500)."""
    data = row(5, beneficiary_name="受益人甲", beneficiary_gender="不详",
               beneficiary_id_number=make_id(datetime.date(2001, 2, 3), male=False))
    checked = check_record(data, today=datetime.date(2026, 11, 27))
    assert not isinstance(checked, list), checked
    assert checked.beneficiaries[0].name == "受益人甲"


@pytest.mark.parametrize("value", ["1999-02-30", "1999/13/01"])
def test_an_unreadable_date_is_reported_once_and_not_as_missing(value: str) -> None:
    problems = check_record(row(6, insured_birth_date=value), today=datetime.date(2026, 11, 27))
    assert isinstance(problems, list)
    messages = [p.message for p in problems]
    assert [m for m in messages if m.startswith("被保险人出生日期")] == [
        f"被保险人出生日期:{value.replace('/', '-')} 不是有效的日期"]
    assert not any("缺少关键信息" in m for m in messages), messages


def test_a_future_birth_date_is_reported_once() -> None:
    problems = check_record(row(6, insured_birth_date="2030-01-01"),
                            today=datetime.date(2026, 11, 27))
    assert isinstance(problems, list)
    assert [p.message for p in problems].count("被保险人出生日期晚于今天") == 1
