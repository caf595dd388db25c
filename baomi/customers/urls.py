from django.urls import path

from baomi.customers.views import agents, correct, customers

app_name = "customers"

urlpatterns = [
    path("", customers.customer_list, name="list"),
    path("<int:pk>/", customers.customer_detail, name="detail"),
    path("<int:pk>/correct/", correct.customer_correct_page, name="correct"),
    path("register/", customers.register_page, name="register"),
    path("import/", customers.import_page, name="import"),
    path("suspicious/", customers.suspicious_list, name="suspicious"),
    path("suspicious/<int:pk>/", customers.suspicious_detail, name="suspicious_detail"),
    path("suspicious/<int:pk>/assign/", customers.suspicious_assign, name="suspicious_assign"),
    path("evidence/<int:pk>/", customers.evidence_download, name="evidence"),
    path("report/", customers.report_download, name="report"),
    path("calendar/", customers.calendar_page, name="calendar"),
    path("query/", customers.query_page, name="query"),
    path("agents/", agents.agents_page, name="agents"),
    path("complaints/", agents.complaints_page, name="complaints"),
    path("complaints/<int:pk>/", agents.complaint_detail, name="complaint"),
    path("rechecks/", agents.rechecks_page, name="rechecks"),
    path("rechecks/<int:pk>/", agents.recheck_detail, name="recheck"),
    path("rechecks/<int:pk>/entries/<int:entry>/", agents.recheck_entry,
         name="recheck_entry"),
]
