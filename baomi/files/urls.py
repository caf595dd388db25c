from django.urls import path

from baomi.files import views

app_name = "files"

urlpatterns = [
    path("carrier/<int:carrier_pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/view/", views.view, name="view"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/print/", views.print_copy, name="print"),
    path("copies/<int:pk>/", views.copy_pages, name="copy"),
    path("copies/<int:pk>/pages/<int:index>.png", views.page_image, name="page"),
    path("trace/", views.trace_page, name="trace"),
]
