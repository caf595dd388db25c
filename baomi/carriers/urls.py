from django.urls import path

from baomi.carriers import views

app_name = "carriers"

urlpatterns = [
    path("", views.carrier_list, name="list"),
    path("draft/", views.carrier_draft_page, name="draft"),
    path("<int:pk>/", views.carrier_detail, name="detail"),
    path("<int:pk>/confirm/", views.carrier_confirm_page, name="confirm"),
    path("<int:pk>/return/", views.carrier_return_page, name="return"),
    path("<int:pk>/resubmit/", views.carrier_resubmit_page, name="resubmit"),
]
