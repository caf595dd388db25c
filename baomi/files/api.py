"""Files API: list and upload a carrier's files, download a copy, trace a leaked PDF.

A carrier the viewer may not see is 404 (R-ACC-1); refusals are 403 with rule and clause;
bad files are 400 naming the problem. Every download is a traceable copy (R-ACC-6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from baomi.carriers.api import BAD_INPUT, DENIED, NOT_FOUND, carrier_pk
from baomi.carriers.services import carrier_for_action
from baomi.core.api import ApiChannelMixin
from baomi.core.errors import ApplicationError
from baomi.files.models import CarrierFile, FileCopy
from baomi.files.selectors import file_get, files_for_carrier
from baomi.files.services import copy_trace, file_issue, file_upload
from baomi.files.views import _pdf_response, _read
from baomi.people.api import IsPerson, request_person

if TYPE_CHECKING:
    from django.http import HttpResponse
    from rest_framework.request import Request


class FileSerializer(serializers.ModelSerializer[CarrierFile]):
    uploaded_by = serializers.CharField(source="uploaded_by.staff_no")

    class Meta:
        model = CarrierFile
        fields = ["id", "carrier", "name", "kind", "size", "pages", "marked_text",
                  "uploaded_by", "uploaded_at"]


class UploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(allow_empty_file=True)


class TracedCopySerializer(serializers.ModelSerializer[FileCopy]):
    carrier = serializers.CharField(source="file.carrier.number")
    file_name = serializers.CharField(source="file.name")
    recipient_name = serializers.CharField(source="recipient.name")
    recipient_staff_no = serializers.CharField(source="recipient.staff_no")

    class Meta:
        model = FileCopy
        fields = ["id", "serial", "purpose", "copy_label", "issued_at", "carrier", "file",
                  "file_name", "recipient_name", "recipient_staff_no", "approval_ref"]


class TraceResultSerializer(serializers.Serializer[Any]):
    copies = TracedCopySerializer(many=True)
    forged = serializers.ListField(child=serializers.CharField())


def _upload_field(request: Request) -> Any:
    upload = request.FILES.get("file")
    if upload is None:
        raise ApplicationError(_("请选择文件"), fields={"file": [_("请选择文件")]})
    return upload


class FilesApiView(ApiChannelMixin, APIView):
    permission_classes = (permissions.IsAuthenticated, IsPerson)
    parser_classes = (MultiPartParser,)


class CarrierFilesView(FilesApiView):
    @extend_schema(operation_id="carrier_files_list", summary="载体的文件 / files of a carrier",
                   responses={200: FileSerializer(many=True), 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        carrier = carrier_for_action(viewer=request_person(request), pk=carrier_pk(pk))
        return Response(FileSerializer(files_for_carrier(carrier=carrier), many=True).data)

    @extend_schema(operation_id="carrier_files_upload",
                   summary="上传文件(加密保存、加印标识)/ upload a file",
                   request={"multipart/form-data": UploadSerializer},
                   responses={201: FileSerializer, 400: BAD_INPUT, 403: DENIED, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> Response:
        me = request_person(request)
        carrier = carrier_for_action(viewer=me, pk=carrier_pk(pk))
        upload = _upload_field(request)
        file = file_upload(actor=me, carrier=carrier, name=upload.name or "", data=_read(upload))
        return Response(FileSerializer(file).data, status=status.HTTP_201_CREATED)


class FileDownloadView(FilesApiView):
    @extend_schema(operation_id="files_download", request=None,
                   summary="下载带水印和追踪码的副本 / download a traceable copy",
                   responses={(200, "application/pdf"): OpenApiResponse(description="PDF"),
                              400: BAD_INPUT, 403: DENIED, 404: NOT_FOUND})
    def post(self, request: Request, pk: int) -> HttpResponse:
        me = request_person(request)
        issued = file_issue(actor=me, file=file_get(viewer=me, pk=carrier_pk(pk)),
                            purpose=FileCopy.Purpose.DOWNLOAD)
        assert issued.pdf is not None  # noqa: S101
        return _pdf_response(issued.pdf, issued.filename)


class TraceView(FilesApiView):
    @extend_schema(operation_id="files_trace",
                   summary="追查泄露副本 / which copy a leaked PDF came from",
                   request={"multipart/form-data": UploadSerializer},
                   responses={200: TraceResultSerializer, 400: BAD_INPUT, 403: DENIED})
    def post(self, request: Request) -> Response:
        upload = _upload_field(request)
        report = copy_trace(actor=request_person(request), data=_read(upload),
                            name=upload.name or "")
        return Response(TraceResultSerializer(report).data)
