"""Traceable copies: watermark, trace code, carriers_trace; download, view, print rules."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pdfplumber
import pikepdf
import pytest
from django.core.management import call_command

from baomi.audit.models import AuditEvent
from baomi.core.errors import ApplicationError, NotVisible, PolicyDenied
from baomi.files import trace
from baomi.files.crypto import IntegrityError
from baomi.files.models import FileCopy
from baomi.files.selectors import copy_get, file_get
from baomi.files.services import copy_page_png, copy_trace, file_issue, file_upload
from baomi.files.store import file_storage
from baomi.files.tests import samples

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_file(make_carrier: Callable[..., Any]) -> Any:
    carrier = make_carrier(level="SECRET")
    return file_upload(actor=carrier.drafter, carrier=carrier, name="协议.pdf",
                       data=samples.text_pdf(4))


def _download(person: Person, file: Any) -> Any:
    return file_issue(actor=person, file=file_get(viewer=person, pk=file.pk),
                      purpose="DOWNLOAD")


def test_download_carries_watermark_and_trace_code(people: dict[str, Person],
                                                   secret_file: Any) -> None:
    staff = people["staff"]
    issued = _download(staff, secret_file)
    copy = issued.copy
    assert copy.copy_label == "1"  # the drafter holds copy 1 (份号)
    with pdfplumber.open(io.BytesIO(issued.pdf)) as pdf:
        assert len(pdf.pages) == 4
        for page in pdf.pages:
            upright = page.filter(lambda o: o.get("object_type") != "char"
                                  or abs(o["matrix"][1]) < 0.01)
            text = upright.extract_text()
            assert f"发给 {staff.name}({staff.staff_no}) · 份号 1 ·" in text
            assert len(page.chars) - len(upright.chars) > 100  # the diagonal tiles
            assert "秘密" in text  # the stored mark is still there
    code = trace.codes_in_pdf(issued.pdf)
    assert code == [trace.make_code(copy)]
    with pikepdf.open(io.BytesIO(issued.pdf)) as pdf:
        assert str(pdf.docinfo["/BaomiTrace"]) == code[0]
    event = AuditEvent.objects.filter(action="file.download").get()
    assert event.detail["copy"] == copy.pk and event.actor_id == staff.pk
    assert len(issued.pdf) < 1.5 * len(samples.text_pdf(4)) + 60_000


def test_trace_names_copy_person_and_time_from_whole_pdf_and_one_page(
        people: dict[str, Person], secret_file: Any, tmp_path: Path) -> None:
    first = _download(people["staff"], secret_file)
    second = _download(people["staff"], secret_file)
    report = copy_trace(actor=people["gm"], data=second.pdf)
    assert [c.pk for c in report.copies] == [second.copy.pk] and report.forged == []
    # one page taken out with another tool (qpdf via pikepdf): no document info left
    page_only = pikepdf.new()
    with pikepdf.open(io.BytesIO(first.pdf)) as source:
        page_only.pages.append(source.pages[2])
        out = io.BytesIO()
        page_only.save(out)
    assert b"/BaomiTrace" not in out.getvalue()
    report = copy_trace(actor=people["gm"], data=out.getvalue())
    assert [c.pk for c in report.copies] == [first.copy.pk]
    path = tmp_path / "leak.pdf"
    path.write_bytes(out.getvalue())
    stdout = io.StringIO()
    call_command("carriers_trace", str(path), stdout=stdout)
    text = stdout.getvalue()
    staff = people["staff"]
    assert f"副本 {first.copy.pk}" in text and staff.name in text and staff.staff_no in text
    assert "发出时间" in text and secret_file.carrier.number in text
    assert AuditEvent.objects.filter(action="file.trace", allowed=True).count() == 3


def test_forged_code_is_refused(people: dict[str, Person], secret_file: Any,
                                tmp_path: Path) -> None:
    issued = _download(people["staff"], secret_file)
    real = trace.make_code(issued.copy)
    parsed = trace.parse_code(real)
    assert parsed is not None
    # a code for the same copy id with a made-up tag, and one pointing at another copy
    import base64
    import struct

    fake_tag = trace.PREFIX + base64.b32encode(
        struct.pack(">Q", issued.copy.pk) + b"\0" * 10).decode().rstrip("=")
    other = trace.PREFIX + base64.b32encode(
        struct.pack(">Q", issued.copy.pk + 1) + parsed[1]).decode().rstrip("=")
    with pikepdf.open(io.BytesIO(issued.pdf)) as pdf:  # a forger edits the streams
        plain = io.BytesIO()
        pdf.save(plain, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    for forged in (fake_tag, other):
        data = plain.getvalue().replace(real.encode(), forged.encode())
        assert real.encode() not in data
        with pytest.raises(ApplicationError, match="伪造"):
            copy_trace(actor=people["gm"], data=data)
    path = tmp_path / "forged.pdf"
    path.write_bytes(plain.getvalue().replace(real.encode(), fake_tag.encode()))
    with pytest.raises(SystemExit) as exit_info:
        call_command("carriers_trace", str(path), stderr=io.StringIO())
    assert exit_info.value.code == 3
    with pytest.raises(ApplicationError, match="没有找到追踪码"):
        copy_trace(actor=people["gm"], data=samples.text_pdf(1))


def test_only_secrecy_office_and_leaders_trace(people: dict[str, Person],
                                               secret_file: Any) -> None:
    issued = _download(people["staff"], secret_file)
    with pytest.raises(PolicyDenied) as info:
        copy_trace(actor=people["staff2"], data=issued.pdf)
    assert info.value.rule == "R-ACC-4"
    assert AuditEvent.objects.filter(action="file.trace", allowed=False).exists()


def test_download_rules(people: dict[str, Person], make_carrier: Callable[..., Any]) -> None:
    confidential = make_carrier(level="CONFIDENTIAL")
    file = file_upload(actor=confidential.drafter, carrier=confidential, name="c.pdf",
                       data=samples.text_pdf(1))
    with pytest.raises(PolicyDenied) as info:
        _download(confidential.drafter, file)
    assert info.value.rule == "R-DOC-3"
    secret = make_carrier(level="SECRET")
    file = file_upload(actor=secret.drafter, carrier=secret, name="s.pdf",
                       data=samples.text_pdf(1))
    with pytest.raises(PolicyDenied) as info:  # sees it by rank, holds no copy
        _download(people["manager"], file)
    assert info.value.rule == "R-DOC-6"
    assert AuditEvent.objects.filter(action="file.download", allowed=False).count() == 2
    with pytest.raises(NotVisible):  # not in scope: the file does not exist for them
        file_get(viewer=people["staff2"], pk=file.pk)
    internal = make_carrier(level="INTERNAL")
    file = file_upload(actor=internal.drafter, carrier=internal, name="i.pdf",
                       data=samples.text_pdf(1))
    assert _download(people["staff2"], file).copy.copy_label == "E1"


def test_view_renders_watermarked_pages_without_the_pdf(people: dict[str, Person],
                                                        secret_file: Any) -> None:
    manager = people["manager"]
    issued = file_issue(actor=manager, file=file_get(viewer=manager, pk=secret_file.pk),
                        purpose="VIEW")
    assert issued.pdf is None
    copy = copy_get(viewer=manager, pk=issued.copy.pk)
    png = copy_page_png(viewer=manager, copy=copy, index=3)
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.width >= 1000
    with pytest.raises(NotVisible):
        copy_get(viewer=people["staff"], pk=issued.copy.pk)  # someone else's copy
    with pytest.raises(NotVisible):
        copy_page_png(viewer=manager, copy=copy, index=4)


def test_print_needs_an_approved_print_request(people: dict[str, Person],
                                               secret_file: Any) -> None:
    staff = people["staff"]
    file = file_get(viewer=staff, pk=secret_file.pk)
    with pytest.raises(PolicyDenied) as info:
        file_issue(actor=staff, file=file, purpose="PRINT")
    assert info.value.rule == "R-DOC-1" and "打印" in info.value.reason
    from django.utils import timezone

    from baomi.approvals.models import ApprovalRequest

    ApprovalRequest.objects.create(
        number="SP-2026-000099", kind="PRINT", carrier=secret_file.carrier, level="SECRET",
        requester=staff, reason="会议", status="APPROVED", count=1,
        created_at=timezone.now(), decided_at=timezone.now())
    issued = file_issue(actor=staff, file=file, purpose="PRINT")
    assert issued.copy.approval_ref == "SP-2026-000099" and issued.pdf
    with pytest.raises(PolicyDenied, match="份数已用完"):
        file_issue(actor=staff, file=file, purpose="PRINT")


def test_print_refused_without_the_approvals_module(people: dict[str, Person],
                                                    secret_file: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "baomi.approvals"
                        and real(name))
    staff = people["staff"]
    with pytest.raises(PolicyDenied, match="未启用审批模块"):
        file_issue(actor=staff, file=file_get(viewer=staff, pk=secret_file.pk),
                   purpose="PRINT")


def test_tampered_file_is_refused_never_served(people: dict[str, Person],
                                               secret_file: Any) -> None:
    storage = file_storage()
    path = storage.path(secret_file.marked_pdf.name)
    raw = bytearray(open(path, "rb").read())  # noqa: SIM115
    raw[len(raw) // 2] ^= 0xFF
    with open(path, "wb") as fh:
        fh.write(bytes(raw))
    staff = people["staff"]
    with pytest.raises(IntegrityError, match="认证失败"):
        _download(staff, secret_file)
    assert not FileCopy.objects.exists()
    event = AuditEvent.objects.filter(action="file.download", allowed=False).get()
    assert event.rule == "R-DOC-1" and event.detail["integrity"] is False
