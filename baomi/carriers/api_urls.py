from django.urls import path

from baomi.carriers.api import carriers, stocktake

urlpatterns = [
    path("carriers/", carriers.CarrierListView.as_view(), name="api-carriers"),
    path("carriers/<int:pk>/", carriers.CarrierDetailView.as_view(), name="api-carrier-detail"),
    path("carriers/<int:pk>/copies/", carriers.CarrierCopiesView.as_view(),
         name="api-carrier-copies"),
    path("carriers/<int:pk>/confirm/", carriers.CarrierConfirmView.as_view(),
         name="api-carrier-confirm"),
    path("carriers/<int:pk>/return/", carriers.CarrierReturnView.as_view(),
         name="api-carrier-return"),
    path("carriers/<int:pk>/resubmit/", carriers.CarrierResubmitView.as_view(),
         name="api-carrier-resubmit"),
    path("carriers/<int:pk>/withdraw/", carriers.CarrierWithdrawView.as_view(),
         name="api-carrier-withdraw"),
    path("stocktakes/", stocktake.StockTakeListView.as_view(), name="api-stocktakes"),
    path("stocktakes/<int:pk>/", stocktake.StockTakeDetailView.as_view(),
         name="api-stocktake-detail"),
]
