"""Pages and API: upload on the carrier page, view as images, download, trace; 404/403."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baomi.audit.models import AuditEvent
from baomi.files.models import CarrierFile, FileCopy
from baomi.files.tests import samples

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.test import Client

    from baomi.people.models import Person

pytestmark = pytest.mark.django_db


def _login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


@pytest.fixture
def secret(make_carrier: Callable[..., Any]) -> Any:
    return make_carrier(level="SECRET")


def _upload(client: Client, carrier: Any, name: str, data: bytes) -> Any:
    return client.post(reverse("files:upload", args=[carrier.pk]),
                       {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_upload_on_carrier_page_then_view_and_download(client: Client, people: dict[str, Person],
                                                       secret: Any) -> None:
    staff = _login(client, people["staff"])
    page = staff.get(reverse("carriers:detail", args=[secret.pk]))
    assert 'data-testid="file-upload"' in page.content.decode()
    response = _upload(staff, secret, "协议.pdf", samples.text_pdf(2))
    body = response.content.decode()
    assert "已加密保存 协议.pdf(2 页)" in body and 'data-testid="file-row"' in body
    file = CarrierFile.objects.get()
    response = staff.post(reverse("files:view", args=[file.pk]))
    copy = FileCopy.objects.get(purpose="VIEW")
    assert response.status_code == 302 and response["Location"] == reverse("files:copy",
                                                                            args=[copy.pk])
    pages = staff.get(response["Location"]).content.decode()
    assert pages.count('loading="lazy"') == 2
    image = staff.get(reverse("files:page", args=[copy.pk, 1]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "no-cache" in image["Cache-Control"] or "no-store" in image["Cache-Control"]
    download = staff.post(reverse("files:download", args=[file.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and "attachment" in download["Content-Disposition"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"file.upload", "file.view", "file.download"} <= actions


def test_bad_upload_shows_its_message(client: Client, people: dict[str, Person],
                                      secret: Any) -> None:
    staff = _login(client, people["staff"])
    body = _upload(staff, secret, "x.pdf", b"").content.decode()
    assert "未上传:文件为空(0 字节)" in body
    body = _upload(staff, secret, "x.pdf", samples.image("PNG")).content.decode()
    assert "文件内容与扩展名不符" in body
    assert not CarrierFile.objects.exists()


def test_invisible_carrier_files_are_not_found(client: Client, people: dict[str, Person],
                                               secret: Any) -> None:
    staff = _login(client, people["staff"])
    _upload(staff, secret, "a.pdf", samples.text_pdf(1))
    file = CarrierFile.objects.get()
    other = _login(client, people["outsider"])
    assert other.post(reverse("files:view", args=[file.pk])).status_code == 404
    assert other.post(reverse("files:download", args=[file.pk])).status_code == 404
    assert _upload(other, secret, "b.pdf", samples.text_pdf(1)).status_code == 404
    assert other.get(f"/api/carriers/{secret.pk}/files/").status_code == 404


def test_manager_views_but_may_not_download(client: Client, people: dict[str, Person],
                                            secret: Any) -> None:
    _upload(_login(client, people["staff"]), secret, "a.pdf", samples.text_pdf(1))
    file = CarrierFile.objects.get()
    manager = _login(client, people["manager"])
    panel = manager.get(reverse("carriers:detail", args=[secret.pk])).content.decode()
    assert 'data-testid="file-view"' in panel and 'data-testid="file-download"' not in panel
    assert "R-DOC-6" in panel and 'data-testid="file-upload"' not in panel
    response = manager.post(reverse("files:download", args=[file.pk]))
    assert response.status_code == 403 and "R-DOC-6" in response.content.decode()
    response = manager.post(reverse("files:print", args=[file.pk]))
    assert response.status_code == 403 and "R-DOC-1" in response.content.decode()


def test_trace_page_for_the_secrecy_office(client: Client, people: dict[str, Person],
                                           secret: Any, make_person: Callable[..., Any]) -> None:
    staff = _login(client, people["staff"])
    _upload(staff, secret, "a.pdf", samples.text_pdf(1))
    leaked = staff.post(reverse("files:download", args=[CarrierFile.objects.get().pk])).content
    assert staff.get(reverse("files:trace")).status_code == 403
    officer = make_person("STAFF", "GENERAL", "office", username="officer")
    office = _login(client, officer)
    response = office.post(reverse("files:trace"),
                           {"file": SimpleUploadedFile("leak.pdf", leaked)})
    body = response.content.decode()
    assert 'data-testid="trace-result"' in body and people["staff"].staff_no in body
    response = office.post(reverse("files:trace"),
                           {"file": SimpleUploadedFile("x.pdf", samples.text_pdf(1))})
    assert "没有找到追踪码" in response.content.decode()


def test_api_upload_list_download_trace(client: Client, people: dict[str, Person],
                                        secret: Any) -> None:
    staff = _login(client, people["staff"])
    url = f"/api/carriers/{secret.pk}/files/"
    response = staff.post(url, {"file": SimpleUploadedFile("a.png", samples.image("PNG"))})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "PNG" and response.json()["pages"] == 1
    bad = staff.post(url, {"file": SimpleUploadedFile("a.png", b"")})
    assert bad.status_code == 400 and "文件为空" in bad.json()["fields"]["file"][0]
    listed = staff.get(url).json()
    assert [f["name"] for f in listed] == ["a.png"]
    pdf = staff.post(f"/api/files/{listed[0]['id']}/download/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    gm = _login(client, people["gm"])
    traced = gm.post("/api/files/trace/", {"file": SimpleUploadedFile("l.pdf", pdf.content)})
    assert traced.status_code == 200
    assert traced.json()["copies"][0]["recipient_staff_no"] == people["staff"].staff_no
    assert _login(client, people["staff2"]).post(
        "/api/files/trace/", {"file": SimpleUploadedFile("l.pdf", pdf.content)}
    ).json()["rule"] == "R-ACC-4"
    assert io.BytesIO(pdf.content).read(4) == b"%PDF"
