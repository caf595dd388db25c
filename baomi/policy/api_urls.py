from django.urls import path

from baomi.policy.api import PolicyView

urlpatterns = [
    path("policy/", PolicyView.as_view(), name="api-policy"),
]
