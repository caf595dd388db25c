"""The secrecy file of a cleared person (涉密人员档案): RULES.md §6–7."""

from baomi.personnel.models.commitments import (
    EIGHT_CLAUSES,
    Commitment,
    CommitmentArchive,
    CommitmentTemplate,
    PostAssignment,
)
from baomi.personnel.models.leaving import ExitProcedure
from baomi.personnel.models.records import Agreement, ForeignForm, Sanction, TrustReview
from baomi.personnel.models.training import (
    Attempt,
    Certificate,
    Course,
    Exam,
    Question,
    Reminder,
)

__all__ = [
    "EIGHT_CLAUSES", "Agreement", "Attempt", "Certificate", "Commitment", "CommitmentArchive",
    "CommitmentTemplate", "Course", "Exam", "ExitProcedure", "ForeignForm", "PostAssignment",
    "Question", "Reminder", "Sanction", "TrustReview",
]
