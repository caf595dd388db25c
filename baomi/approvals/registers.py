"""The registers (台账) an inspector reads: columns per register, rows from the carriers'
ledger selectors (scoped to the viewer by the one access rule; the 名称 column is the title
as the viewer may read it, docs/decisions/0006-metadata-visibility.md). Rows are never edited; corrections are new rows
that name the row they correct (column 关联记录).

Titles and column headings are the Chinese of the registers of record: the exported xlsx
and PDF keep them as they are; they are marked with `gettext_noop` so that the pages show
them translated (`{% translate h %}`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from baomi.carriers.ledger import RegisterFilters, copy_ledger, register_entries
from baomi.carriers.models import CustodyEntry
from baomi.policy.labels import level_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from baomi.carriers.models import CarrierCopy
    from baomi.people.models import Person


def _who(person: Person | None) -> str:
    return f"{person.name}({person.staff_no})" if person else ""


def _at(entry: CustodyEntry) -> str:
    return f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}"


def _level(code: str) -> str:
    return level_label(code)


def _ref(entry: CustodyEntry) -> str:
    return f"#{entry.refers_to_id}" if entry.refers_to_id else ""


Column = tuple[str, "Callable[[Any], object]"]

COMMON_HEAD: list[Column] = [
    (gettext_noop("序号"), lambda e: e.pk),
    ("时间", _at),
    (gettext_noop("事项"), lambda e: e.get_event_display()),
    (gettext_noop("编号"), lambda e: e.carrier.number),
    (gettext_noop("名称"), lambda e: e.shown_title),  # hidden above the viewer's clearance (decision 0006)
    (gettext_noop("密级"), lambda e: _level(e.level)),
    (gettext_noop("份号"), lambda e: e.copy_nos),
]
COMMON_TAIL: list[Column] = [
    (gettext_noop("审批单号"), lambda e: e.approval_ref),
    (gettext_noop("备注"), lambda e: e.note),
    ("关联记录", _ref),
]


@dataclass(frozen=True)
class RegisterSpec:
    slug: str
    title: str
    register: str
    columns: list[Column]


REGISTERS: dict[str, RegisterSpec] = {
    spec.slug: spec for spec in [
        RegisterSpec("borrow", gettext_noop("借阅登记簿"), CustodyEntry.Register.BORROW, [
            *COMMON_HEAD, (gettext_noop("借阅/签收人"), lambda e: _who(e.person)),
            (gettext_noop("交出人"), lambda e: _who(e.from_person)),
            (gettext_noop("应还日期"), lambda e: e.due_back.isoformat() if e.due_back else ""),
            (gettext_noop("已验证身份"), lambda e: "是" if e.reauthenticated else "否"), *COMMON_TAIL]),
        RegisterSpec("print", gettext_noop("打印登记簿"), CustodyEntry.Register.PRINT, [
            *COMMON_HEAD, (gettext_noop("份数"), lambda e: e.count), (gettext_noop("打印/签收人"), lambda e: _who(e.person)),
            *COMMON_TAIL]),
        RegisterSpec("distribute", gettext_noop("分发签收登记簿"), CustodyEntry.Register.DISTRIBUTE, [
            *COMMON_HEAD, (gettext_noop("收件人(签收)"), lambda e: _who(e.person)),
            (gettext_noop("发出人"), lambda e: _who(e.from_person)), *COMMON_TAIL]),
        RegisterSpec("copy", gettext_noop("复制登记簿"), CustodyEntry.Register.COPY, [
            *COMMON_HEAD, (gettext_noop("份数"), lambda e: e.count), (gettext_noop("复制/签收人"), lambda e: _who(e.person)),
            *COMMON_TAIL]),
        RegisterSpec("destroy", gettext_noop("销毁登记簿"), CustodyEntry.Register.DESTROY, [
            *COMMON_HEAD, (gettext_noop("销毁人"), lambda e: _who(e.actor)),
            (gettext_noop("监销人"), lambda e: _who(e.witness)), (gettext_noop("销毁方式"), lambda e: e.method),
            (gettext_noop("原保管人"), lambda e: _who(e.from_person)), *COMMON_TAIL]),
        RegisterSpec("external", gettext_noop("对外提供登记簿"), CustodyEntry.Register.EXTERNAL, [
            *COMMON_HEAD, (gettext_noop("接收单位"), lambda e: e.party), (gettext_noop("保密协议编号"), lambda e: e.nda_ref),
            (gettext_noop("经办人"), lambda e: _who(e.actor)), *COMMON_TAIL]),
        RegisterSpec("handover", gettext_noop("交接登记簿"), CustodyEntry.Register.HANDOVER, [
            *COMMON_HEAD, (gettext_noop("接收人(签收)"), lambda e: _who(e.person)),
            (gettext_noop("交出人"), lambda e: _who(e.from_person)), *COMMON_TAIL]),
        RegisterSpec("loss", gettext_noop("丢失登记簿"), CustodyEntry.Register.LOSS, [
            *COMMON_HEAD, (gettext_noop("保管人"), lambda e: _who(e.person)),
            (gettext_noop("报告人"), lambda e: _who(e.actor)), *COMMON_TAIL]),
    ]
}

LEDGER_TITLE = gettext_noop("涉密载体台账")
LEDGER_COLUMNS: list[Column] = [
    (gettext_noop("编号"), lambda c: c.carrier.number),
    (gettext_noop("名称"), lambda c: c.shown_title),
    (gettext_noop("密级"), lambda c: _level(c.carrier.level)),
    (gettext_noop("保密期限"), lambda c: (f"{c.carrier.term_years} 年,至 {c.carrier.term_ends:%Y-%m-%d}"
                        if c.carrier.term_years and c.carrier.term_ends else "—")),
    (gettext_noop("份数"), lambda c: c.carrier.copies_planned),
    (gettext_noop("份号"), lambda c: c.copy_no),
    (gettext_noop("保管人"), lambda c: _who(c.custodian)),
    (gettext_noop("状态"), lambda c: c.get_status_display() + (
        f"(借出,应还 {c.due_back:%Y-%m-%d})" if c.lent_by_id and c.due_back else "")),
]


def register_rows(*, viewer: Person | None, slug: str,
                  filters: RegisterFilters) -> tuple[str, list[str], QuerySet[Any], list[Column]]:
    """(title, headings, queryset, columns) for a register slug or "ledger"."""
    if slug == "ledger":
        qs: QuerySet[Any] = copy_ledger(viewer=viewer, filters=filters)
        return LEDGER_TITLE, [h for h, _ in LEDGER_COLUMNS], qs, LEDGER_COLUMNS
    spec = REGISTERS[slug]
    qs = register_entries(viewer=viewer, register=spec.register, filters=filters)
    return spec.title, [h for h, _ in spec.columns], qs, spec.columns


def render_rows(objects: list[CarrierCopy] | list[CustodyEntry] | list[Any],
                columns: list[Column]) -> list[list[object]]:
    return [[fn(obj) for _, fn in columns] for obj in objects]
