from django.urls import path

from baomi.carriers import stocktake_views, views

app_name = "carriers"

urlpatterns = [
    path("", views.carrier_list, name="list"),
    path("draft/", views.carrier_draft_page, name="draft"),
    path("<int:pk>/", views.carrier_detail, name="detail"),
    path("<int:pk>/confirm/", views.carrier_confirm_page, name="confirm"),
    path("<int:pk>/return/", views.carrier_return_page, name="return"),
    path("<int:pk>/resubmit/", views.carrier_resubmit_page, name="resubmit"),
    path("<int:pk>/withdraw/", views.carrier_withdraw_page, name="withdraw"),
    # stock-take (清点); the id is `sid`: the shared denial page links `pk` to a carrier
    path("stocktakes/", stocktake_views.stocktake_list, name="stocktakes"),
    path("stocktakes/<int:sid>/", stocktake_views.stocktake_detail, name="stocktake"),
    path("stocktakes/<int:sid>/mark/", stocktake_views.stocktake_mark, name="stocktake_mark"),
    path("stocktakes/<int:sid>/unexpected/", stocktake_views.stocktake_unexpected,
         name="stocktake_unexpected"),
    path("stocktakes/<int:sid>/close/", stocktake_views.stocktake_close,
         name="stocktake_close"),
    path("stocktakes/<int:sid>/report.pdf", stocktake_views.stocktake_pdf,
         name="stocktake_pdf"),
    path("stocktakes/items/<int:item_id>/loss/", stocktake_views.stocktake_loss,
         name="stocktake_loss"),
]
