from django.urls import path

from baomi.approvals import oversight_views, views

app_name = "approvals"

# the request id is `rid`, not `pk`: the shared denial page links `pk` to a carrier
urlpatterns = [
    path("", views.request_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("new/", views.request_new, name="new"),
    path("<int:rid>/", views.request_detail, name="detail"),
    path("<int:rid>/decide/", views.request_decide, name="decide"),
    path("<int:rid>/sign-for/", views.request_sign_for, name="sign_for"),
    path("<int:rid>/return/", views.request_return, name="return"),
    path("<int:rid>/destroy/", views.request_destroy, name="destroy"),
    path("<int:rid>/provide/", views.request_provide, name="provide"),
    path("<int:rid>/apply/", views.request_apply, name="apply"),
    path("<int:rid>/withdraw/", views.request_withdraw, name="withdraw"),
    path("<int:rid>/form.pdf", views.request_pdf, name="pdf"),
    path("registers/", views.register_index, name="registers"),
    path("registers/<slug:slug>/", views.register, name="register"),
    path("notifications/", views.notifications, name="notifications"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<int:iid>/", oversight_views.incident_detail, name="incident"),
    path("delegations/", oversight_views.delegations, name="delegations"),
    path("delegations/<int:did>/revoke/", oversight_views.delegation_revoke,
         name="delegation_revoke"),
    path("lost/<int:copy_id>/", views.loss_report, name="lost"),
]
