from django.urls import path

from baomi.personnel.views import foreign, people, records, training, work

app_name = "personnel"

urlpatterns = [
    path("", people.index, name="index"),
    path("people/<int:pk>/", people.person_file_page, name="file"),
    path("people/<int:pk>/post/", people.post_new, name="post_new"),
    path("people/<int:pk>/exit/", work.exit_new, name="exit_new"),
    path("people/<int:pk>/record/<str:action>/", records.record_action, name="record"),
    path("templates/", records.templates_page, name="templates"),
    path("reviews/", records.reviews_page, name="reviews"),
    path("allowance/", records.allowance_page, name="allowance"),
    path("commitments/<int:pk>/", people.commitment_page, name="commitment"),
    path("commitments/<int:pk>/print.pdf", people.commitment_print, name="commitment_pdf"),
    path("commitments/<int:pk>/archive/", people.commitment_archive_view, name="archive"),
    path("otp/", people.otp_page, name="otp"),
    path("otp/verify/", people.otp_verify, name="otp_verify"),
    path("exams/", work.exams, name="exams"),
    path("training/", training.training_admin, name="training"),
    path("training/<str:action>/", training.training_action, name="training_action"),
    path("exams/<int:pk>/start/", work.exam_start, name="exam_start"),
    path("attempts/<int:pk>/", work.attempt_page, name="attempt"),
    path("exits/<int:pk>/", work.exit_page, name="exit"),
    path("exits/<int:pk>/reminder.pdf", work.exit_reminder_pdf, name="exit_reminder_pdf"),
    path("exits/<int:pk>/<str:action>/", work.exit_action, name="exit_action"),
    path("foreign/", foreign.foreign_list, name="foreign_list"),
    path("foreign/new/", foreign.foreign_new, name="foreign_new"),
    path("foreign/<int:pk>/", foreign.foreign_detail, name="foreign"),
    path("foreign/<int:pk>/print.pdf", foreign.foreign_print, name="foreign_pdf"),
    path("foreign/<int:pk>/<str:action>/", foreign.foreign_action, name="foreign_action"),
]
