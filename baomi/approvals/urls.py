from django.urls import path

from baomi.approvals.views import oversight, requests

app_name = "approvals"

# the request id is `rid`, not `pk`: the shared denial page links `pk` to a carrier
urlpatterns = [
    path("", requests.request_list, name="list"),
    path("inbox/", requests.inbox, name="inbox"),
    path("new/", requests.request_new, name="new"),
    path("<int:rid>/", requests.request_detail, name="detail"),
    path("<int:rid>/decide/", requests.request_decide, name="decide"),
    path("<int:rid>/sign-for/", requests.request_sign_for, name="sign_for"),
    path("<int:rid>/return/", requests.request_return, name="return"),
    path("<int:rid>/destroy/", requests.request_destroy, name="destroy"),
    path("<int:rid>/provide/", requests.request_provide, name="provide"),
    path("<int:rid>/apply/", requests.request_apply, name="apply"),
    path("<int:rid>/withdraw/", requests.request_withdraw, name="withdraw"),
    path("<int:rid>/form.pdf", requests.request_pdf, name="pdf"),
    path("registers/", requests.register_index, name="registers"),
    path("registers/<slug:slug>/", requests.register, name="register"),
    path("notifications/", requests.notifications, name="notifications"),
    path("incidents/", requests.incidents, name="incidents"),
    path("incidents/<int:iid>/", oversight.incident_detail, name="incident"),
    path("delegations/", oversight.delegations, name="delegations"),
    path("delegations/<int:did>/revoke/", oversight.delegation_revoke,
         name="delegation_revoke"),
    path("lost/<int:copy_id>/", requests.loss_report, name="lost"),
]
