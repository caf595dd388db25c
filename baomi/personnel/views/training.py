"""Training administration for the secrecy office (R-PPL-2): courses, xlsx question banks,
exams. The services decide who may do it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import NotVisible
from baomi.core.views import page
from baomi.personnel.models import Course
from baomi.personnel.selectors import manages_people
from baomi.personnel.services.training import (
    bank_import_xlsx,
    course_create,
    exam_create,
)
from baomi.personnel.views._common import act, me_or_none, no_person

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

#: largest question-bank upload
MAX_XLSX_BYTES = 2 * 1024 * 1024


@page
def training_admin(request: HttpRequest) -> HttpResponse:
    me = me_or_none(request)
    if me is None:
        return no_person(request)
    if not manages_people(me):
        raise NotVisible
    courses = Course.objects.prefetch_related("questions", "exams").order_by("title")
    return render(request, "personnel/training.html", {"courses": courses})


def _int(request: HttpRequest, key: str, default: int) -> int:
    try:
        return max(0, min(int(request.POST.get(key, default)), 10_000))
    except (TypeError, ValueError):
        return default


@page
@require_POST
def training_action(request: HttpRequest, action: str) -> HttpResponse:
    me = me_or_none(request)
    if me is None:
        return no_person(request)
    if action == "course":
        return act(request, lambda: course_create(actor=me, title=request.POST.get("title", "")),
                   ok=_("课程已创建"), back="personnel:training")
    course = Course.objects.filter(pk=_int(request, "course", 0)).first()
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
            question_count=_int(request, "question_count", 10),
            minutes=_int(request, "minutes", 30), pass_mark=_int(request, "pass_mark", 80),
            max_attempts=_int(request, "max_attempts", 3),
            certifies=request.POST.get("certifies", "")), ok=_("考试已创建"),
            back="personnel:training")
    raise NotVisible
