"""Pages of the personnel app, thin, calling selectors and services only.

The register and a person's file (people); exams and leaving (work); commitment texts,
file records, reviews and allowances (records); training (training); travel abroad
(foreign). URLs import the modules; the names are re-exported here.
"""

from __future__ import annotations

from baomi.personnel.views.foreign import (
    foreign_action,
    foreign_detail,
    foreign_list,
    foreign_new,
    foreign_print,
)
from baomi.personnel.views.people import (
    commitment_archive_view,
    commitment_page,
    commitment_print,
    index,
    otp_page,
    otp_verify,
    person_file_page,
    post_new,
)
from baomi.personnel.views.records import (
    allowance_page,
    record_action,
    reviews_page,
    templates_page,
)
from baomi.personnel.views.training import (
    MAX_XLSX_BYTES,
    training_action,
    training_admin,
)
from baomi.personnel.views.work import (
    attempt_page,
    exam_start,
    exams,
    exit_action,
    exit_new,
    exit_page,
    exit_reminder_pdf,
)

__all__ = [
    "MAX_XLSX_BYTES",
    "allowance_page",
    "attempt_page",
    "commitment_archive_view",
    "commitment_page",
    "commitment_print",
    "exam_start",
    "exams",
    "exit_action",
    "exit_new",
    "exit_page",
    "exit_reminder_pdf",
    "foreign_action",
    "foreign_detail",
    "foreign_list",
    "foreign_new",
    "foreign_print",
    "index",
    "otp_page",
    "otp_verify",
    "person_file_page",
    "post_new",
    "record_action",
    "reviews_page",
    "templates_page",
    "training_action",
    "training_admin",
]
