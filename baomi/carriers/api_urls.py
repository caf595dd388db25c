from django.urls import path

from baomi.carriers import api, stocktake_api

urlpatterns = [
    path("carriers/", api.CarrierListView.as_view(), name="api-carriers"),
    path("carriers/<int:pk>/", api.CarrierDetailView.as_view(), name="api-carrier-detail"),
    path("carriers/<int:pk>/copies/", api.CarrierCopiesView.as_view(),
         name="api-carrier-copies"),
    path("carriers/<int:pk>/confirm/", api.CarrierConfirmView.as_view(),
         name="api-carrier-confirm"),
    path("carriers/<int:pk>/return/", api.CarrierReturnView.as_view(),
         name="api-carrier-return"),
    path("carriers/<int:pk>/resubmit/", api.CarrierResubmitView.as_view(),
         name="api-carrier-resubmit"),
    path("carriers/<int:pk>/withdraw/", api.CarrierWithdrawView.as_view(),
         name="api-carrier-withdraw"),
    path("stocktakes/", stocktake_api.StockTakeListView.as_view(), name="api-stocktakes"),
    path("stocktakes/<int:pk>/", stocktake_api.StockTakeDetailView.as_view(),
         name="api-stocktake-detail"),
]
