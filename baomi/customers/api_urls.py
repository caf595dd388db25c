from django.urls import path

from baomi.customers import api, api_agents

urlpatterns = [
    path("customers/", api.CustomerListView.as_view(), name="api-customers"),
    path("customers/<int:pk>/", api.CustomerDetailView.as_view(), name="api-customer-detail"),
    path("customers/policies/", api.PolicyRegisterView.as_view(), name="api-customer-policies"),
    path("customers/suspicious/", api.SuspiciousListView.as_view(),
         name="api-customer-suspicious"),
    path("customers/queries/", api.PolicyQueryView.as_view(), name="api-customer-queries"),
    path("customers/agents/", api_agents.AgentListView.as_view(), name="api-customer-agents"),
    path("customers/agents/<int:pk>/", api_agents.AgentDetailView.as_view(),
         name="api-customer-agent"),
    path("customers/agents/<int:pk>/deactivate/", api_agents.AgentDeactivateView.as_view(),
         name="api-customer-agent-deactivate"),
    path("customers/agents/<int:pk>/reactivate/", api_agents.AgentReactivateView.as_view(),
         name="api-customer-agent-reactivate"),
    path("customers/complaints/", api_agents.ComplaintListView.as_view(),
         name="api-customer-complaints"),
    path("customers/complaints/<int:pk>/verify/", api_agents.ComplaintVerifyView.as_view(),
         name="api-customer-complaint-verify"),
    path("customers/rechecks/", api_agents.RecheckListView.as_view(),
         name="api-customer-rechecks"),
    path("customers/rechecks/<int:pk>/entries/", api_agents.RecheckEntriesView.as_view(),
         name="api-customer-recheck-entries"),
    path("customers/rechecks/<int:pk>/entries/<int:entry>/",
         api_agents.RecheckEntryRecordView.as_view(), name="api-customer-recheck-entry"),
]
