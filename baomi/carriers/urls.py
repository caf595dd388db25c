from django.urls import path

from baomi.carriers.views import carriers, stocktake

app_name = "carriers"

urlpatterns = [
    path("", carriers.carrier_list, name="list"),
    path("draft/", carriers.carrier_draft_page, name="draft"),
    path("<int:pk>/", carriers.carrier_detail, name="detail"),
    path("<int:pk>/confirm/", carriers.carrier_confirm_page, name="confirm"),
    path("<int:pk>/return/", carriers.carrier_return_page, name="return"),
    path("<int:pk>/resubmit/", carriers.carrier_resubmit_page, name="resubmit"),
    path("<int:pk>/withdraw/", carriers.carrier_withdraw_page, name="withdraw"),
    # stock-take (清点); the id is `sid`: the shared denial page links `pk` to a carrier
    path("stocktakes/", stocktake.stocktake_list, name="stocktakes"),
    path("stocktakes/<int:sid>/", stocktake.stocktake_detail, name="stocktake"),
    path("stocktakes/<int:sid>/mark/", stocktake.stocktake_mark, name="stocktake_mark"),
    path("stocktakes/<int:sid>/unexpected/", stocktake.stocktake_unexpected,
         name="stocktake_unexpected"),
    path("stocktakes/<int:sid>/close/", stocktake.stocktake_close,
         name="stocktake_close"),
    path("stocktakes/<int:sid>/report.pdf", stocktake.stocktake_pdf,
         name="stocktake_pdf"),
    path("stocktakes/items/<int:item_id>/loss/", stocktake.stocktake_loss,
         name="stocktake_loss"),
]
