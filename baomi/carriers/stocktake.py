"""Stock-take (清点) of a department's copies: services and scoped reads (R-DOC-6, R-DOC-11).

The secrecy office or the department's secrecy officer starts a stock-take; every copy held
(HELD) by a custodian in the department is listed as expected and marked found (在位) or
missing (缺失); copies found that were not expected are recorded by carrier number and 份号
(账外). Closing it files the report (page and PDF). A missing copy can then be reported lost
(R-DOC-7) through `baomi.approvals.services.stocktake_loss_report`, which calls
`stocktake_item_reported` here.

The checker sees metadata only — number, level, 份号, custodian — never titles or content
(R-ACC-4): the lists here never join the carrier's title, and a number typed as found
(账外) is looked up only among the carriers the checker sees under the one access rule
(docs/decisions/0006-metadata-visibility.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append
from baomi.carriers.models import CarrierCopy, StockTake, StockTakeItem
from baomi.core.errors import ApplicationError, NotVisible
from baomi.core.writes import durable_service
from baomi.people.selectors import departments, in_secrecy_office_unit
from baomi.policy.access import INACTIVE, seen_q
from baomi.policy.decision import require
from baomi.policy.stocktake import may_read_stocktake, may_stocktake
from baomi.policy.supervision import oversees, supervises

if TYPE_CHECKING:
    from collections.abc import Mapping

    from baomi.people.models import OrgUnit, Person

Result = StockTakeItem.Result


# -- policy --------------------------------------------------------------------------------

def stocktake_check(*, actor: Person, department_id: int, action: str, target: object) -> None:
    """Refuse (audited, then PolicyDenied R-DOC-11) unless `actor` may check the department."""
    decision = may_stocktake(actor, department_id=department_id,
                             in_office=in_secrecy_office_unit(actor))
    require(decision, actor=actor, action=action, target=target)


def _open(stocktake: StockTake) -> StockTake:
    current = StockTake.objects.select_for_update().get(pk=stocktake.pk)
    if current.status != StockTake.Status.OPEN:
        raise ApplicationError(_("清点已完成,不能再修改"), fields={"status": [_("已完成")]})
    return current


# -- services ------------------------------------------------------------------------------

@durable_service
def stocktake_start(*, actor: Person, department: OrgUnit) -> StockTake:
    """List every copy held by a custodian in `department` as expected (应在)."""
    stocktake_check(actor=actor, department_id=department.pk, action="stocktake.start",
                    target=department)
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: one open stock-take per department
            stocktake = StockTake.objects.create(department=department, started_by=actor,
                                                 started_at=now)
            copies = (CarrierCopy.objects
                      .filter(status=CarrierCopy.Status.HELD, custodian__unit_id=department.pk)
                      .values_list("id", "carrier__number", "copy_no", "carrier__level",
                                   "custodian_id"))
            items = [StockTakeItem(stocktake=stocktake, copy_id=pk, carrier_number=number or "",
                                   copy_no=no, level=level, custodian_id=custodian)
                     for pk, number, no, level, custodian in copies]
            StockTakeItem.objects.bulk_create(items, batch_size=500)
            stocktake.expected = len(items)
            stocktake.save(update_fields=["expected"])
            audit_append(actor=actor, action="stocktake.start", target=stocktake,
                         rule="R-DOC-11", detail={"department": department.code,
                                                  "expected": len(items)})
    except IntegrityError as exc:
        raise ApplicationError(_("该部门已有进行中的清点"), fields={
            "department": [_("请先完成进行中的清点")]}) from exc
    return stocktake


@durable_service
def stocktake_mark(*, actor: Person, stocktake: StockTake, results: Mapping[int, str],
                   notes: Mapping[int, str] | None = None) -> int:
    """Mark expected items found (FOUND), missing (MISSING) or back to unchecked (PENDING).

    `results` maps item ids to a result; returns how many items changed.
    """
    stocktake_check(actor=actor, department_id=stocktake.department_id,
                    action="stocktake.mark", target=stocktake)
    notes = notes or {}
    allowed = (Result.FOUND, Result.MISSING, Result.PENDING)
    if any(r not in allowed for r in results.values()):
        raise ApplicationError(_("清点结果不正确"), fields={"result": [_("只能标记为在位、缺失或未清点")]})
    now = timezone.now()
    changed: list[dict[str, object]] = []
    current = _open(stocktake)
    items = {i.pk: i for i in StockTakeItem.objects.select_for_update()
             .filter(stocktake=current, expected=True, pk__in=list(results))}
    if len(items) != len(set(results)):
        raise ApplicationError(_("清点项目不属于本次清点"), fields={"item": [_("请刷新页面后重试")]})
    for pk, result in results.items():
        item = items[pk]
        note = (notes.get(pk) or "").strip()[:500]
        if item.result == result and (not note or note == item.note):
            continue
        item.result = result
        item.note = note or item.note
        item.checked_by, item.checked_at = (None, None) if result == Result.PENDING else (
            actor, now)
        item.save(update_fields=["result", "note", "checked_by", "checked_at"])
        changed.append({"item": pk, "number": item.carrier_number, "copy_no": item.copy_no,
                        "result": result})
    if changed:
        audit_append(actor=actor, action="stocktake.mark", target=current,
                     rule="R-DOC-11", detail={"items": changed})
    return len(changed)


@durable_service
def stocktake_add_unexpected(*, actor: Person, stocktake: StockTake, carrier_number: str,
                             copy_no: int | None, note: str = "") -> StockTakeItem:
    """Record a copy found in the department that was not expected there (账外)."""
    stocktake_check(actor=actor, department_id=stocktake.department_id,
                    action="stocktake.unexpected", target=stocktake)
    number = (carrier_number or "").strip()
    errors: dict[str, list[str]] = {}
    if not number or len(number) > 30:
        errors["carrier_number"] = [_("请填写载体编号(30 字以内)")]
    if copy_no is None or not 0 < copy_no < 1_000_000:
        errors["copy_no"] = [_("请填写份号")]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    assert copy_no is not None  # noqa: S101 - checked above
    # Looked up only among the carriers the checker sees (the one access rule): a number
    # typed in the box tells them nothing about a carrier they may not see.
    copy = (CarrierCopy.objects.filter(carrier__number=number, copy_no=copy_no)
            .filter(seen_q(actor, supervisor=oversees(actor), prefix="carrier__"))
            .select_related("carrier").first())
    current = _open(stocktake)
    known = StockTakeItem.objects.filter(stocktake=current, carrier_number=number,
                                         copy_no=copy_no).first()
    if known is not None:
        raise ApplicationError(_("该份已在清单中"), fields={"carrier_number": [
            _("该份在应在清单中,请标记为在位") if known.expected else _("该份已登记为账外")]})
    text = (note or "").strip()[:500]
    if copy is None:
        text = ("台账中无此份;" + text)[:500]
    item = StockTakeItem.objects.create(
        stocktake=current, copy=copy, carrier_number=number, copy_no=copy_no,
        level=copy.carrier.level if copy else "",
        custodian_id=copy.custodian_id if copy else None, expected=False,
        result=Result.UNEXPECTED, checked_by=actor, checked_at=timezone.now(), note=text)
    audit_append(actor=actor, action="stocktake.unexpected", target=current,
                 rule="R-DOC-11", detail={"item": item.pk, "number": number,
                                          "copy_no": copy_no, "registered": copy is not None,
                                          "status": copy.status if copy else ""})
    return item


@durable_service
def stocktake_close(*, actor: Person, stocktake: StockTake, note: str = "") -> StockTake:
    """File the report: every expected copy must be marked found or missing first."""
    stocktake_check(actor=actor, department_id=stocktake.department_id,
                    action="stocktake.close", target=stocktake)
    current = _open(stocktake)
    counts = {r["result"]: r["n"] for r in StockTakeItem.objects.filter(stocktake=current)
              .values("result").annotate(n=Count("id")).order_by()}
    pending = counts.get(Result.PENDING, 0)
    if pending:
        raise ApplicationError(_("还有未清点的份"), fields={"items": [
            _("还有 %(pending)s 份未标记在位或缺失") % {"pending": pending}]})
    current.found = counts.get(Result.FOUND, 0)
    current.missing = counts.get(Result.MISSING, 0)
    current.unexpected = counts.get(Result.UNEXPECTED, 0)
    current.status = StockTake.Status.CLOSED
    current.closed_by, current.closed_at = actor, timezone.now()
    current.note = (note or "").strip()[:1000]
    current.save(update_fields=["found", "missing", "unexpected", "status", "closed_by",
                                "closed_at", "note"])
    audit_append(actor=actor, action="stocktake.close", target=current, rule="R-DOC-11",
                 detail={"expected": current.expected, "found": current.found,
                         "missing": current.missing, "unexpected": current.unexpected})
    return current


@durable_service
def stocktake_item_reported(*, actor: Person, item: StockTakeItem,
                            incident_ref: str) -> StockTakeItem:
    """Link a missing item to the loss report (R-DOC-7) opened for it by approvals."""
    stocktake_check(actor=actor, department_id=item.stocktake.department_id,
                    action="stocktake.loss", target=item.stocktake)
    current = StockTakeItem.objects.select_for_update().get(pk=item.pk)
    if current.result != Result.MISSING or current.incident_ref:
        raise ApplicationError(_("只有缺失且未报告的份可以报告丢失"),
                               fields={"item": [current.get_result_display()]})
    current.incident_ref = incident_ref[:30]
    current.save(update_fields=["incident_ref"])
    audit_append(actor=actor, action="stocktake.loss", target=current.stocktake,
                 rule="R-DOC-7", detail={"item": current.pk, "incident": incident_ref,
                                         "number": current.carrier_number,
                                         "copy_no": current.copy_no})
    return current


# -- reads ---------------------------------------------------------------------------------

def _office(viewer: Person) -> bool:
    return in_secrecy_office_unit(viewer)


def stocktake_departments(*, viewer: Person | None) -> list[OrgUnit]:
    """Departments this viewer may check."""
    if viewer is None or viewer.status in INACTIVE:
        return []
    office = _office(viewer)
    return [u for u in departments()
            if may_stocktake(viewer, department_id=u.pk, in_office=office).allowed]


def stocktakes_for(*, viewer: Person | None) -> QuerySet[StockTake]:
    """Stock-takes the viewer may read: all for the secrecy office and the top leaders,
    their own department's for a department secrecy officer."""
    qs = StockTake.objects.select_related("department", "started_by", "closed_by")
    if viewer is None or viewer.status in INACTIVE:
        return qs.none()
    if not supervises(viewer, in_office=_office(viewer)):
        if not viewer.is_secrecy_officer:
            return qs.none()
        qs = qs.filter(department_id=viewer.unit_id)
    return qs.order_by("-started_at", "-id")


def stocktake_get(*, viewer: Person | None, pk: int) -> StockTake:
    """One stock-take the viewer may read; NotVisible (404) otherwise."""
    stocktake = (StockTake.objects.filter(pk=pk)
                 .select_related("department", "started_by", "closed_by").first())
    if stocktake is None or viewer is None:
        raise NotVisible
    decision = may_read_stocktake(viewer, department_id=stocktake.department_id,
                                  in_office=_office(viewer))
    if not decision.allowed:
        raise NotVisible(decision)
    return stocktake


def stocktake_may_check(*, viewer: Person | None, stocktake: StockTake) -> bool:
    if viewer is None:
        return False
    return may_stocktake(viewer, department_id=stocktake.department_id,
                         in_office=_office(viewer)).allowed


def stocktake_items(*, stocktake: StockTake, result: str = "") -> QuerySet[StockTakeItem]:
    """The lines of a stock-take in one query: expected first, then unexpected."""
    qs = StockTakeItem.objects.filter(stocktake=stocktake)
    if result in Result.values:
        qs = qs.filter(result=result)
    return (qs.select_related("custodian", "custodian__unit", "checked_by")
            .order_by("-expected", "carrier_number", "copy_no", "id"))


def stocktake_item_get(*, viewer: Person | None, pk: int) -> StockTakeItem:
    item = StockTakeItem.objects.filter(pk=pk).select_related("stocktake", "copy",
                                                              "copy__carrier").first()
    if item is None:
        raise NotVisible
    stocktake_get(viewer=viewer, pk=item.stocktake_id)
    return item


def stocktake_counts(*, stocktake: StockTake) -> dict[str, int]:
    """Live counts per result (an open stock-take's progress)."""
    counts = {r: 0 for r in Result.values}
    for row in (StockTakeItem.objects.filter(stocktake=stocktake).values("result")
                .annotate(n=Count("id")).order_by()):
        counts[row["result"]] = row["n"]
    return counts

