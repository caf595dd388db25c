from django.urls import path

from baomi.audit import api

urlpatterns = [
    path("audit/checkpoint/", api.CheckpointView.as_view(), name="api-audit-checkpoint"),
    path("audit/proof/inclusion/", api.InclusionProofView.as_view(),
         name="api-audit-inclusion"),
    path("audit/proof/consistency/", api.ConsistencyProofView.as_view(),
         name="api-audit-consistency"),
    path("audit/events/", api.EventListView.as_view(), name="api-audit-events"),
]
