from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("baomi.home.urls")),
    path("", include("baomi.core.urls")),
    path("carriers/", include("baomi.carriers.urls")),
    path("audit/", include("baomi.audit.urls")),
    path("approvals/", include("baomi.approvals.urls")),
    path("customers/", include("baomi.customers.urls")),
    path("files/", include("baomi.files.urls")),
    path("personnel/", include("baomi.personnel.urls")),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
