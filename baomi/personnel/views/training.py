"""Training administration for the secrecy office (R-PPL-2): courses, xlsx question banks,
exams. The services decide who may do it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import NotVisible
from baomi.core.params import int_or_none, int_param
from baomi.people.web import PersonRequest, person_page
from baomi.personnel.models import Course
from baomi.personnel.selectors import manages_people
from baomi.personnel.services.training import (
    bank_import_xlsx,
    course_create,
    exam_create,
)
from baomi.personnel.views._common import act

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

#: largest question-bank upload
MAX_XLSX_BYTES = 2 * 1024 * 1024


@person_page
def training_admin(request: PersonRequest) -> HttpResponse:
    me = request.person
    if not manages_people(me):
        raise NotVisible
    courses = Course.objects.prefetch_related("questions", "exams").order_by("title")
    return render(request, "personnel/training.html", {"courses": courses})


def _count(request: HttpRequest, key: str, default: int) -> int:
    """A count on the exam form: blank is the default; anything else must be 0–10000."""
    return int_param(request.POST, key, default=default, maximum=10_000) or 0


@person_page
@require_POST
def training_action(request: PersonRequest, action: str) -> HttpResponse:
    me = request.person
    if action == "course":
        return act(request, lambda: course_create(actor=me, title=request.POST.get("title", "")),
                   ok=_("课程已创建"), back="personnel:training")
    course_pk = int_or_none(request.POST.get("course"))
    course = Course.objects.filter(pk=course_pk).first() if course_pk else None
    if course is None:
        raise NotVisible
    if action == "import":
        upload = request.FILES.get("file")
        data = upload.read(MAX_XLSX_BYTES + 1) if upload else b""
        if len(data) > MAX_XLSX_BYTES:
            data = b""
        return act(request, lambda: bank_import_xlsx(actor=me, course=course, data=data),
                   ok=_("试题已导入"), back="personnel:training")
    if action == "exam":
        return act(request, lambda: exam_create(
            actor=me, course=course, title=request.POST.get("title", ""),
            question_count=_count(request, "question_count", 10),
            minutes=_count(request, "minutes", 30), pass_mark=_count(request, "pass_mark", 80),
            max_attempts=_count(request, "max_attempts", 3),
            certifies=request.POST.get("certifies", "")), ok=_("考试已创建"),
            back="personnel:training")
    raise NotVisible
