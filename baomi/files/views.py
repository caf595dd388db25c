"""File pages: upload, view (page images), download, print, and the trace page.

Views only call selectors (scoped: a file of a carrier the viewer may not see is 404) and
services (which decide and audit). Denials render the rule and clause (403); bad input
and integrity failures are explained, never a 500 (rules of the house 3 and 4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baomi.carriers.services import carrier_for_action
from baomi.core.errors import ApplicationError, NotVisible
from baomi.files.forms import TraceForm, UploadForm
from baomi.files.ingest.limits import Limits, human_size
from baomi.files.models import FileCopy
from baomi.files.selectors import copy_get, file_get
from baomi.files.services import copy_page_png, copy_trace, file_issue, file_upload
from baomi.people.selectors import in_secrecy_office
from baomi.people.web import PersonRequest, person_page
from baomi.policy.decision import require
from baomi.policy.files import may_trace_copies

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


def _read(upload: UploadedFile) -> bytes:
    limit = Limits.current().max_bytes
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(_("文件过大"), fields={"file": [
            _("文件过大:%(size)s,上限 %(limit)s") % {
                "size": human_size(upload.size), "limit": human_size(limit)}]})
    return upload.read()


def _pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="copy.pdf"; ' \
                                      f"filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


@person_page
@require_POST
def upload(request: PersonRequest, carrier_pk: int) -> HttpResponse:
    me = request.person
    carrier = carrier_for_action(viewer=me, pk=carrier_pk)
    form = UploadForm(request.POST, request.FILES)
    back = reverse("carriers:detail", args=[carrier.pk]) + "#files"
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
        return redirect(back)
    upload_file = form.cleaned_data["file"]
    try:
        file = file_upload(actor=me, carrier=carrier, name=upload_file.name or "",
                           data=_read(upload_file))
    except ApplicationError as exc:
        messages.error(request, _("未上传:%(reason)s") % {"reason": "; ".join(
            m for ms in exc.fields.values() for m in ms) or exc.message})
        return redirect(back)
    messages.success(request, _("已加密保存 %(name)s(%(pages)s 页),每页已加印“%(mark)s”。")
                     % {"name": file.name, "pages": file.pages, "mark": file.marked_text})
    return redirect(back)


@person_page
@require_POST
def view(request: PersonRequest, pk: int) -> HttpResponse:
    me = request.person
    issued = file_issue(actor=me, file=file_get(viewer=me, pk=pk), purpose=FileCopy.Purpose.VIEW)
    return redirect("files:copy", pk=issued.copy.pk)


@person_page
def copy_pages(request: PersonRequest, pk: int) -> HttpResponse:
    """The page images of a view copy issued to this viewer."""
    me = request.person
    copy = copy_get(viewer=me, pk=pk)
    if copy.purpose != FileCopy.Purpose.VIEW:
        raise NotVisible
    return render(request, "files/view.html", {
        "copy": copy, "file": copy.file, "carrier": copy.file.carrier,
        "pages": range(copy.file.pages),
    })


@person_page
def page_image(request: PersonRequest, pk: int, index: int) -> HttpResponse:
    me = request.person
    png = copy_page_png(viewer=me, copy=copy_get(viewer=me, pk=pk), index=index)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = "inline"
    return response


def _issue_pdf(request: PersonRequest, pk: int, purpose: str) -> HttpResponse:
    me = request.person
    issued = file_issue(actor=me, file=file_get(viewer=me, pk=pk), purpose=purpose)
    assert issued.pdf is not None  # noqa: S101 - only VIEW copies have no PDF
    return _pdf_response(issued.pdf, issued.filename, inline=purpose == FileCopy.Purpose.PRINT)


@person_page
@require_POST
def download(request: PersonRequest, pk: int) -> HttpResponse:
    return _issue_pdf(request, pk, FileCopy.Purpose.DOWNLOAD)


@person_page
@require_POST
def print_copy(request: PersonRequest, pk: int) -> HttpResponse:
    return _issue_pdf(request, pk, FileCopy.Purpose.PRINT)


@person_page
@require_http_methods(["GET", "POST"])
def trace_page(request: PersonRequest) -> HttpResponse:
    """保密办: which copy a leaked PDF (or one page of it) came from."""
    me = request.person
    require(may_trace_copies(me, secrecy_office=in_secrecy_office(me)), actor=me,
            action="file.trace")
    form = TraceForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        leaked = form.cleaned_data["file"]
        try:
            context["report"] = copy_trace(actor=me, data=_read(leaked), name=leaked.name or "")
        except ApplicationError as exc:
            context["error"] = exc
    return render(request, "files/trace.html", context, status=200)
