from django.urls import path

from baomi.approvals import api

urlpatterns = [
    path("approvals/", api.RequestListView.as_view(), name="api-approvals"),
    path("approvals/inbox/", api.InboxView.as_view(), name="api-approvals-inbox"),
    path("approvals/<int:pk>/", api.RequestDetailView.as_view(), name="api-approval-detail"),
    path("approvals/<int:pk>/approve/", api.ApproveView.as_view(), name="api-approval-approve"),
    path("approvals/<int:pk>/reject/", api.RejectView.as_view(), name="api-approval-reject"),
]
