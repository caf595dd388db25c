from django.urls import path

from baomi.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export/", views.audit_export, name="export"),
    path("events/<int:seq>/", views.audit_event, name="event"),
    path("events/<int:seq>/verify/", views.audit_verify, name="verify"),
]
