"""The import's raw-SQL store path (services/bulk.py) matches the models and stores exactly
what the ORM would: same columns, decryptable ciphertext, the same blind indexes and masks,
policies linked to the right people."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.customers import crypto
from baomi.customers.models import Customer, InsurancePolicy
from baomi.customers.services import bulk
from baomi.customers.services.registry import policies_import

from .conftest import make_id, row


def _columns(model: type) -> set[str]:
    return {f.column for f in model._meta.concrete_fields}   # type: ignore[attr-defined]


def test_sql_names_the_models_tables_and_columns() -> None:
    through = InsurancePolicy.beneficiaries.through
    assert (Customer._meta.db_table, InsurancePolicy._meta.db_table, through._meta.db_table) == (
        bulk.CUSTOMER_TABLE, bulk.POLICY_TABLE, bulk.BENEFICIARY_TABLE)
    assert set(bulk.CUSTOMER_COLUMNS) == _columns(Customer)
    assert set(bulk.POLICY_COLUMNS) == _columns(InsurancePolicy)
    assert set(bulk.BENEFICIARY_COLUMNS) == _columns(through) - {"id"}
    for sql, table, columns in (
            (bulk.INSERT_CUSTOMER, bulk.CUSTOMER_TABLE, bulk.CUSTOMER_COLUMNS),
            (bulk.INSERT_POLICY, bulk.POLICY_TABLE, bulk.POLICY_COLUMNS),
            (bulk.INSERT_BENEFICIARY, bulk.BENEFICIARY_TABLE, bulk.BENEFICIARY_COLUMNS)):
        assert sql.startswith(f"INSERT INTO {table} ({', '.join(columns)}) VALUES")
        assert sql.count("%s") == len(columns)


def test_bulk_crypto_helpers_equal_the_single_value_ones() -> None:
    for field, value in (("id", "11010519800101001X"), ("phone", "+8613912345678"),
                         ("account", "6222021234567890123")):
        assert crypto.indexer(field)(value) == crypto.blind_index(field, value)
        blob = crypto.encrypter(field)(value)
        assert crypto.decrypt(field, blob) == value
        assert blob != crypto.encrypter(field)(value)   # a fresh nonce per value


def test_stored_rows_are_what_the_records_say(service, agent) -> None:
    # a first import stores a customer that the second one finds by blind index
    first = policies_import(actor=service["clerk"], rows=[(2, row(1))])
    assert first.stored == 1
    kid = datetime.date(2020, 5, 1)
    rows = [
        (2, row(2, beneficiary_name="受益人甲", beneficiary_id_number=make_id(
            datetime.date(1990, 2, 3), serial=7), beneficiary_phone="13611112222")),
        # the policyholder of policy 1 again (same ID number) and a minor without ID
        (3, row(3, holder_name=row(1)["holder_name"], holder_id_number=row(1)["holder_id_number"],
                holder_birth_date=row(1)["holder_birth_date"], insured_id_number="",
                insured_birth_date=kid.isoformat(), insured_name="小明")),
        (4, row(4, holder_name="冒名者", holder_id_number=row(1)["holder_id_number"],
                holder_birth_date=row(1)["holder_birth_date"])),       # refused: other name
        # the beneficiary of line 2 is the insured of line 5 (same batch, new customer)
        (5, row(5, insured_name="受益人甲", insured_gender="男", insured_birth_date="1990-02-03",
                insured_id_number=make_id(datetime.date(1990, 2, 3), serial=7))),
    ]
    result = policies_import(actor=service["clerk"], rows=rows)
    assert result.stored == 3 and [b.line for b in result.bad] == [4]
    p1 = InsurancePolicy.objects.get(number=row(1)["policy_number"])
    p2 = InsurancePolicy.objects.get(number=row(2)["policy_number"])
    p3 = InsurancePolicy.objects.get(number=row(3)["policy_number"])
    p5 = InsurancePolicy.objects.get(number=row(5)["policy_number"])
    assert p3.policyholder_id == p1.policyholder_id
    assert p3.insured.name == "小明" and p3.insured.id_bi is None and p3.insured.id_enc is None
    assert [c.name for c in p2.beneficiaries.all()] == ["受益人甲"]
    assert p5.insured_id == p2.beneficiaries.get().pk
    assert not InsurancePolicy.objects.filter(number=row(4)["policy_number"]).exists()
    assert Customer.objects.filter(name="冒名者").count() == 0
    assert p2.agent == agent and p2.created_by == service["clerk"]
    assert p2.signed_on == datetime.date(2026, 1, 15) and p2.product == row(2)["product"]
    holder = p2.policyholder
    data = row(2)
    assert (holder.name, holder.gender, holder.address) == (
        data["holder_name"], "M", data["holder_address"])
    assert holder.birth_date == datetime.date.fromisoformat(data["holder_birth_date"])
    assert crypto.decrypt("id", holder.id_enc) == data["holder_id_number"]
    assert holder.id_bi == crypto.blind_index("id", data["holder_id_number"])
    assert holder.id_masked == crypto.mask_id(data["holder_id_number"])
    phone = "+86" + data["holder_phone"]
    assert crypto.decrypt("phone", holder.phone_enc) == phone
    assert holder.phone_bi == crypto.blind_index("phone", phone)
    assert holder.phone_masked == crypto.mask_phone(phone)
    assert crypto.decrypt("account", holder.account_enc) == data["holder_account"]
    assert holder.account_bi == crypto.blind_index("account", data["holder_account"])
    assert holder.created_by == service["clerk"]
    assert abs((holder.created_at - p2.created_at).total_seconds()) < 1
    event = AuditEvent.objects.filter(action="customers.import").latest("seq")
    assert event.detail["policies"] == 3 and event.detail["refused"] == 1
    assert event.detail["customers"] == 5   # 2 + 1 (beneficiary) + 1 (minor) + 1 (holder 5)


def test_ids_follow_rows_stored_through_the_orm(service, agent) -> None:
    """Ids allocated by the raw path never collide with rows the ORM stores before or after,
    nor reuse the id of a deleted row."""
    before = Customer.objects.create(name="甲", created_at=timezone.now())
    gone = Customer.objects.create(name="乙", created_at=timezone.now())
    gone_pk = gone.pk
    gone.delete()
    result = policies_import(actor=service["clerk"], rows=[(n, row(n)) for n in range(41, 45)])
    assert result.stored == 4
    stored = list(Customer.objects.exclude(pk=before.pk).values_list("pk", flat=True))
    assert len(stored) == 8 and min(stored) > gone_pk
    after = Customer.objects.create(name="丙", created_at=timezone.now())
    assert after.pk > max(stored)
    assert InsurancePolicy.objects.count() == 4
