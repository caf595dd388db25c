from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves its start-up script as a file: the CSP forbids inline script
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("baomi.carriers.api_urls")),
    path("", include("baomi.people.api_urls")),
    path("", include("baomi.policy.api_urls")),
    path("", include("baomi.audit.api_urls")),
    path("", include("baomi.approvals.api_urls")),
    path("", include("baomi.customers.api_urls")),
    path("", include("baomi.files.api_urls")),
]
