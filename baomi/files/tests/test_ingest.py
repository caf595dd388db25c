"""Uploads of each kind, and every bad input refused with its message, nothing written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pikepdf
import pytest

from baomi.audit.models import AuditEvent
from baomi.files.ingest import BadFile
from baomi.files.models import CarrierFile, EncryptedBlob
from baomi.files.services import file_upload
from baomi.files.store import blob_read
from baomi.files.tests import samples
from baomi.files.tests.conftest import stored_paths

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(make_carrier: Callable[..., Any]) -> Any:
    return make_carrier(level="SECRET")


def _upload(people: dict[str, Person], carrier: Any, name: str, data: bytes) -> CarrierFile:
    return file_upload(actor=people["staff"], carrier=carrier, name=name, data=data)


def _assert_stored_encrypted(file: CarrierFile, data_dir: Path, original: bytes) -> None:
    paths = stored_paths(data_dir)
    blobs = {file.original_id, file.base_pdf_id, file.marked_pdf_id}
    assert len(paths) == len(blobs)
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"BMF1") and b"%PDF" not in raw and original[:64] not in raw
        assert path.stat().st_mode & 0o077 == 0
    assert blob_read(file.original) == original
    marked = blob_read(file.marked_pdf)
    with pikepdf.open(__import__("io").BytesIO(marked)) as pdf:
        assert len(pdf.pages) == file.pages


@pytest.mark.parametrize("name,kind", [("报告.pdf", "PDF"), ("扫描.png", "PNG"),
                                       ("照片.JPG", "JPEG")])
def test_upload_pdf_and_images(people: dict[str, Person], secret: Any, files_data_dir: Path,
                               name: str, kind: str) -> None:
    data = samples.text_pdf(2) if kind == "PDF" else samples.image(
        "PNG" if kind == "PNG" else "JPEG")
    file = _upload(people, secret, name, data)
    assert (file.kind, file.name, file.size) == (kind, name, len(data))
    assert file.pages == (2 if kind == "PDF" else 1)
    _assert_stored_encrypted(file, files_data_dir, data)
    event = AuditEvent.objects.filter(action="file.upload").get()
    assert event.detail["file"] == file.pk and event.actor_id == people["staff"].pk


@pytest.mark.parametrize("ext", ["docx", "doc", "xlsx", "pptx"])
def test_upload_office_documents(people: dict[str, Person], secret: Any, files_data_dir: Path,
                                 office_files: dict[str, bytes], ext: str) -> None:
    file = _upload(people, secret, f"文档.{ext}", office_files[ext])
    assert file.kind == ext.upper() and file.pages >= 1
    assert file.base_pdf_id != file.original_id  # the converted PDF is kept apart
    _assert_stored_encrypted(file, files_data_dir, office_files[ext])


def test_office_without_libreoffice_says_what_is_needed(
        people: dict[str, Person], secret: Any, settings: Any) -> None:
    settings.BAOMI_SOFFICE = ""
    with pytest.raises(BadFile, match="需要 LibreOffice"):
        _upload(people, secret, "a.xlsx", samples.xlsx())


BAD_INPUTS: list[tuple[str, Callable[[], bytes], str]] = [
    ("empty.pdf", lambda: b"", "文件为空(0 字节)"),
    ("note.txt", lambda: b"hello", "不支持的文件类型 .txt"),
    ("fake.pdf", lambda: samples.image("PNG"), "文件内容与扩展名不符:扩展名是 .pdf,内容是PNG 图像"),
    ("fake.docx", lambda: samples.text_pdf(1), "内容是PDF 文件"),
    ("fake.png", lambda: b"\x00\x01garbage" * 10, "内容是无法识别的数据"),
    ("broken.pdf", lambda: b"%PDF-1.7\n" + b"\x13\x37 garbage " * 200, "PDF 已损坏"),
    ("cut.pdf", lambda: samples.text_pdf(3)[:-400], "PDF 已损坏"),
    ("locked.pdf", lambda: samples.encrypted_pdf(), "PDF 设有打开密码"),
    ("owner.pdf", lambda: samples.encrypted_pdf(user=""), "PDF 已加密(设有权限密码)"),
    ("bomb.pdf", lambda: samples.bomb_pdf(64 << 20), "疑似解压炸弹"),
    ("huge.png", lambda: samples.png_header_only(100_000, 100_000), "PNG 图像尺寸过大"),
    ("broken.jpg", lambda: samples.image("JPEG")[:200], "JPEG 图像已损坏"),
    ("bomb.docx", lambda: samples.zip_bomb_docx(40 << 20), "疑似压缩炸弹"),
    ("locked.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "设有密码(已加密)"),
    ("long.pdf", lambda: samples.text_pdf(12), "PDF 页数过多:12 页,上限 10 页"),
    ("big.pdf", lambda: samples.text_pdf(1) + b"%" * (3 << 20), "文件过大"),
]


@pytest.mark.parametrize("name,make,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_with_its_message_and_nothing_is_written(
        people: dict[str, Person], secret: Any, settings: Any, files_data_dir: Path,
        name: str, make: Callable[[], bytes], message: str) -> None:
    settings.BAOMI_FILES_MAX_PAGES = 10
    settings.BAOMI_FILES_MAX_BYTES = 2 << 20
    settings.BAOMI_FILES_MAX_EXPANDED_BYTES = 32 << 20
    before = AuditEvent.objects.count()
    with pytest.raises(BadFile) as info:
        _upload(people, secret, name, make())
    assert message in info.value.message, info.value.message
    assert info.value.fields == {"file": [info.value.message]}
    assert stored_paths(files_data_dir) == []
    assert not CarrierFile.objects.exists() and not EncryptedBlob.objects.exists()
    assert AuditEvent.objects.count() == before


def test_failure_while_writing_leaves_nothing(people: dict[str, Person], secret: Any,
                                              files_data_dir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A database failure after the ciphertext was written removes the ciphertext."""
    from baomi.files import services

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit_append", broken)
    with pytest.raises(RuntimeError):
        _upload(people, secret, "a.pdf", samples.text_pdf(1))
    assert stored_paths(files_data_dir) == []
    assert not CarrierFile.objects.exists() and not EncryptedBlob.objects.exists()
