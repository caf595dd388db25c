"""Writes of carrier files: upload, issue a copy (view, download, print), trace a leak.

Rules of the house: each service asks `baomi.policy.files` for a Decision, audits a
refusal before raising it, writes in one transaction with its audit event (R-ACC-6), and
never leaves half a file behind. Stored bytes are always ciphertext (R-DOC-1); the stored
PDF carries the level mark on every page (R-CLS-6/7); every copy handed out carries a
visible watermark and an authenticated trace code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.audit.services import audit_append, audit_denial
from baomi.core.errors import ApplicationError, NotVisible
from baomi.files import trace
from baomi.files.crypto import IntegrityError
from baomi.files.ingest import prepare
from baomi.files.keys import load_keyring
from baomi.files.models import CarrierFile, EncryptedBlob, FileCopy
from baomi.files.pdf.documents import copy_pdf, mark_pdf
from baomi.files.pdf.overlays import MarkSpec, WatermarkSpec
from baomi.files.pdf.render import render_png
from baomi.files.printing import print_allowance
from baomi.files.selectors import held_copy
from baomi.files.store import blob_discard, blob_prepare, blob_read, blob_write
from baomi.people.selectors import in_secrecy_office
from baomi.policy import files as rules
from baomi.policy.classification import mark_for
from baomi.policy.decision import Decision, require

if TYPE_CHECKING:
    from baomi.carriers.models import Carrier
    from baomi.people.models import Person

PURPOSE_ACTIONS = {
    FileCopy.Purpose.VIEW: "file.view",
    FileCopy.Purpose.DOWNLOAD: "file.download",
    FileCopy.Purpose.PRINT: "file.print",
}


def mark_spec(carrier: Carrier) -> MarkSpec:
    """R-CLS-7: the level's mark, the carrier number and the term."""
    mark = mark_for(carrier.level, controlled=carrier.controlled)
    return MarkSpec(
        text=mark.text if mark.placement != "none" else "",
        placement=mark.placement,
        number=carrier.number or "",
        term=f"{carrier.term_years}年" if carrier.term_years else "",
        term_ends=carrier.term_ends.isoformat() if carrier.term_ends else "",
    )


def _store(blobs: list[tuple[EncryptedBlob, bytearray]]) -> list[str]:
    written: list[str] = []
    try:
        for blob, ciphertext in blobs:
            blob_write(blob, ciphertext)
            written.append(blob.name)
    except Exception:
        blob_discard(written)
        raise
    return written


def file_upload(*, actor: Person, carrier: Carrier, name: str, data: bytes) -> CarrierFile:
    """Check, convert, mark and store a file of a carrier (encrypted, original kept)."""
    custodian = held_copy(person=actor, carrier=carrier) is not None
    decision = rules.may_upload_file(actor, carrier, custodian=custodian)
    require(decision, actor=actor, action="file.upload", target=carrier,
            detail={"name": name[:200]})
    prepared = prepare(name=name, data=data)  # BadFile names the problem; nothing written
    spec = mark_spec(carrier)
    marked = mark_pdf(prepared.pdf, spec)
    ring = load_keyring()
    original = blob_prepare(prepared.original, ring=ring)
    base = original if prepared.kind == "PDF" else blob_prepare(prepared.pdf, ring=ring)
    marked_blob = blob_prepare(marked, ring=ring)
    pending = [original, marked_blob] + ([base] if base is not original else [])
    written = _store(pending)
    try:
        with transaction.atomic():
            for blob, _ in pending:
                blob.save(force_insert=True)
            file = CarrierFile.objects.create(
                carrier=carrier, name=prepared.name, kind=prepared.kind,
                size=len(prepared.original), pages=prepared.pages, original=original[0],
                base_pdf=base[0], marked_pdf=marked_blob[0], marked_level=carrier.level,
                marked_text=spec.summary, uploaded_by=actor, uploaded_at=timezone.now(),
            )
            audit_append(actor=actor, action="file.upload", target=carrier, rule=decision.rule,
                         detail={"file": file.pk, "name": file.name, "kind": file.kind,
                                 "pages": file.pages, "sha256": original[0].sha256,
                                 "mark": spec.summary})
    except Exception:
        blob_discard(written)
        raise
    return file


def _integrity_refused(actor: Person | None, file: CarrierFile, action: str,
                       error: IntegrityError) -> None:
    """Stored ciphertext failed its authentication (tampering or a damaged blob): not a
    policy decision but an integrity failure, recorded as a denial event (R-DOC-1, R-ACC-6)
    and raised as itself — one of the few direct uses of `audit_denial`."""
    audit_denial(actor=actor, action=action, target=file.carrier, rule="R-DOC-1",
                 reason=error.record, detail={"file": file.pk, "integrity": False})
    raise error


def marked_bytes(*, actor: Person | None, file: CarrierFile, action: str) -> bytes:
    """The stored marked PDF; re-marked first if the carrier's level or term changed
    since it was marked (R-CLS-6: the mark is re-applied)."""
    carrier = file.carrier
    spec = mark_spec(carrier)
    try:
        if file.marked_level == carrier.level and file.marked_text == spec.summary:
            return blob_read(file.marked_pdf)
        marked = mark_pdf(blob_read(file.base_pdf), spec)
    except IntegrityError as exc:
        _integrity_refused(actor, file, action, exc)
        raise  # unreachable: _integrity_refused raises
    blob, ciphertext = blob_prepare(marked)
    written = _store([(blob, ciphertext)])
    try:
        with transaction.atomic():
            blob.save(force_insert=True)
            previous = file.marked_pdf
            file.marked_pdf, file.marked_level, file.marked_text = blob, carrier.level, spec.summary
            file.save(update_fields=["marked_pdf", "marked_level", "marked_text"])
            audit_append(actor=actor, action="file.remark", target=carrier,
                         detail={"file": file.pk, "mark": spec.summary,
                                 "previous_blob": str(previous.pk)})
    except Exception:
        blob_discard(written)
        raise
    return marked


@dataclass
class Issued:
    copy: FileCopy
    pdf: bytes | None = field(default=None, repr=False)  # None for VIEW (pages on demand)

    @property
    def filename(self) -> str:
        stem = self.copy.file.name.rsplit(".", 1)[0]
        return f"{stem}-{self.copy.copy_label}-{self.copy.serial}.pdf"


def _decide(actor: Person, file: CarrierFile, purpose: str) -> tuple[Decision, str]:
    carrier = file.carrier
    if purpose == FileCopy.Purpose.VIEW:
        return rules.may_view_file_online(), ""
    custodian = held_copy(person=actor, carrier=carrier) is not None
    if purpose == FileCopy.Purpose.DOWNLOAD:
        return rules.may_download_file(actor, carrier, custodian=custodian), ""
    allowance = print_allowance(person=actor, carrier=carrier)
    decision = rules.may_print_file(approvals_installed=allowance.installed,
                                    approval_ref=allowance.approval_ref,
                                    remaining=allowance.remaining)
    return decision, allowance.approval_ref or ""


def watermark_spec(copy: FileCopy, code: str) -> WatermarkSpec:
    return WatermarkSpec(
        name=copy.recipient.name, staff_no=copy.recipient.staff_no, copy_label=copy.copy_label,
        issued=timezone.localtime(copy.issued_at).strftime("%Y-%m-%d %H:%M"),
        purpose=str(FileCopy.Purpose(copy.purpose).label), code=code,
    )


def file_issue(*, actor: Person, file: CarrierFile, purpose: str) -> Issued:
    """Hand out one copy: decide, record the copy and its audit event, watermark it.

    `file` comes from `file_get(viewer=actor, …)`, so the carrier is visible to `actor`.
    """
    action = PURPOSE_ACTIONS[FileCopy.Purpose(purpose)]
    decision, approval_ref = _decide(actor, file, purpose)
    require(decision, actor=actor, action=action, target=file.carrier,
            detail={"file": file.pk})
    marked = marked_bytes(actor=actor, file=file, action=action)
    held = held_copy(person=actor, carrier=file.carrier)
    with transaction.atomic():
        CarrierFile.objects.select_for_update().filter(pk=file.pk).first()
        serial = (FileCopy.objects.filter(file=file).aggregate(m=Max("serial"))["m"] or 0) + 1
        copy = FileCopy.objects.create(
            file=file, serial=serial, purpose=purpose, recipient=actor,
            copy_label=str(held.copy_no) if held else f"E{serial}",
            issued_at=timezone.now(), approval_ref=approval_ref,
        )
        code = trace.make_code(copy)
        pdf = None
        if purpose != FileCopy.Purpose.VIEW:
            pdf = copy_pdf(marked, watermark_spec(copy, code))
        audit_append(actor=actor, action=action, target=file.carrier, rule=decision.rule,
                     detail={"file": file.pk, "copy": copy.pk, "serial": serial,
                             "copy_label": copy.copy_label, "approval": approval_ref})
    return Issued(copy=copy, pdf=pdf)


def copy_page_png(*, viewer: Person, copy: FileCopy, index: int) -> bytes:
    """One page of a view copy, rendered on the server with the copy's watermark; the PDF
    itself never leaves (`copy` comes from `copy_get(viewer=…)`)."""
    require(rules.may_render_pages(view_copy=copy.purpose == FileCopy.Purpose.VIEW),
            actor=viewer, action="file.view", target=copy.file.carrier)
    file = copy.file
    if not 0 <= index < file.pages:
        raise NotVisible
    marked = marked_bytes(actor=viewer, file=file, action="file.view")
    code = trace.make_code(copy)
    single = copy_pdf(marked, watermark_spec(copy, code), pages=[index])
    return render_png(single)


@dataclass(frozen=True)
class TraceReport:
    copies: list[FileCopy]
    forged: list[str]


def copy_trace(*, actor: Person | None, data: bytes, name: str = "") -> TraceReport:
    """Name the copies a leaked PDF (or a page of one) came from; refuse forged codes."""
    if actor is not None:
        decision = rules.may_trace_copies(actor, secrecy_office=in_secrecy_office(actor))
        require(decision, actor=actor, action="file.trace")
    if not data:
        raise ApplicationError(_("文件为空(0 字节)"), fields={"file": [_("文件为空(0 字节)")]})
    codes = trace.codes_in_pdf(data)
    if not codes:
        message = _("文件中没有找到追踪码(不是本系统发出的副本,或追踪码已被清除)")
        raise ApplicationError(message, fields={"file": [message]})
    key = load_keyring().trace_key
    found: list[FileCopy] = []
    forged: list[str] = []
    for code in codes:
        parsed = trace.parse_code(code)
        copy = (FileCopy.objects.filter(pk=parsed[0]).select_related("recipient", "file",
                                                                     "file__carrier").first()
                if parsed else None)
        if copy is not None and trace.code_is_authentic(code, copy, key=key):
            found.append(copy)
        else:
            forged.append(code)
    with transaction.atomic():
        audit_append(actor=actor, action="file.trace", actor_label="" if actor else "cli",
                     allowed=bool(found), rule="R-DOC-7",
                     detail={"name": name[:200], "copies": [c.pk for c in found],
                             "forged": forged[:10]})
    if not found:
        message = _("追踪码认证失败:伪造或被改动的追踪码,不能据此认定任何副本")
        raise ApplicationError(message, fields={"file": [message, *forged[:5]]})
    return TraceReport(copies=found, forged=forged)
