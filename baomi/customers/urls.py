from django.urls import path

from baomi.customers import views, views_agents, views_correct

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/correct/", views_correct.customer_correct_page, name="correct"),
    path("register/", views.register_page, name="register"),
    path("import/", views.import_page, name="import"),
    path("suspicious/", views.suspicious_list, name="suspicious"),
    path("suspicious/<int:pk>/", views.suspicious_detail, name="suspicious_detail"),
    path("suspicious/<int:pk>/assign/", views.suspicious_assign, name="suspicious_assign"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("report/", views.report_download, name="report"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("query/", views.query_page, name="query"),
    path("agents/", views_agents.agents_page, name="agents"),
    path("complaints/", views_agents.complaints_page, name="complaints"),
    path("complaints/<int:pk>/", views_agents.complaint_detail, name="complaint"),
    path("rechecks/", views_agents.rechecks_page, name="rechecks"),
    path("rechecks/<int:pk>/", views_agents.recheck_detail, name="recheck"),
    path("rechecks/<int:pk>/entries/<int:entry>/", views_agents.recheck_entry,
         name="recheck_entry"),
]
