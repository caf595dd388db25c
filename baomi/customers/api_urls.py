from django.urls import path

from baomi.customers.api import agents, customers

urlpatterns = [
    path("customers/", customers.CustomerListView.as_view(), name="api-customers"),
    path("customers/<int:pk>/", customers.CustomerDetailView.as_view(), name="api-customer-detail"),
    path("customers/policies/", customers.PolicyRegisterView.as_view(), name="api-customer-policies"),
    path("customers/suspicious/", customers.SuspiciousListView.as_view(),
         name="api-customer-suspicious"),
    path("customers/queries/", customers.PolicyQueryView.as_view(), name="api-customer-queries"),
    path("customers/agents/", agents.AgentListView.as_view(), name="api-customer-agents"),
    path("customers/agents/<int:pk>/", agents.AgentDetailView.as_view(),
         name="api-customer-agent"),
    path("customers/agents/<int:pk>/deactivate/", agents.AgentDeactivateView.as_view(),
         name="api-customer-agent-deactivate"),
    path("customers/agents/<int:pk>/reactivate/", agents.AgentReactivateView.as_view(),
         name="api-customer-agent-reactivate"),
    path("customers/complaints/", agents.ComplaintListView.as_view(),
         name="api-customer-complaints"),
    path("customers/complaints/<int:pk>/verify/", agents.ComplaintVerifyView.as_view(),
         name="api-customer-complaint-verify"),
    path("customers/rechecks/", agents.RecheckListView.as_view(),
         name="api-customer-rechecks"),
    path("customers/rechecks/<int:pk>/entries/", agents.RecheckEntriesView.as_view(),
         name="api-customer-recheck-entries"),
    path("customers/rechecks/<int:pk>/entries/<int:entry>/",
         agents.RecheckEntryRecordView.as_view(), name="api-customer-recheck-entry"),
]
