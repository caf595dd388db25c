from django.urls import path

from baomi.customers import api

urlpatterns = [
    path("customers/", api.CustomerListView.as_view(), name="api-customers"),
    path("customers/<int:pk>/", api.CustomerDetailView.as_view(), name="api-customer-detail"),
    path("customers/policies/", api.PolicyRegisterView.as_view(), name="api-customer-policies"),
    path("customers/suspicious/", api.SuspiciousListView.as_view(),
         name="api-customer-suspicious"),
    path("customers/queries/", api.PolicyQueryView.as_view(), name="api-customer-queries"),
]
