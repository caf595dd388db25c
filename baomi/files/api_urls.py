from django.urls import path

from baomi.files import api

urlpatterns = [
    path("carriers/<int:pk>/files/", api.CarrierFilesView.as_view(), name="api-carrier-files"),
    path("files/<int:pk>/download/", api.FileDownloadView.as_view(), name="api-file-download"),
    path("files/trace/", api.TraceView.as_view(), name="api-file-trace"),
]
