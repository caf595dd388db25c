"""Training, exams and post certification (培训、考试、岗位认证, R-PPL-2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.people.models import Clearance, Person


class Course(models.Model):
    title = models.CharField(_("课程"), max_length=100)
    description = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "SINGLE", _("单选")
        MULTIPLE = "MULTIPLE", _("多选")
        TRUE_FALSE = "TRUE_FALSE", _("判断")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(_("题型"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("题干"))
    #: option letters → text; for TRUE_FALSE {"T": "正确", "F": "错误"}
    options = models.JSONField(_("选项"), default=dict)
    answer = models.CharField(_("答案"), max_length=10)  # sorted letters, e.g. "AC"

    class Meta:
        ordering = ["id"]
        verbose_name = _("试题")
        verbose_name_plural = _("试题")

    def __str__(self) -> str:
        return self.text[:30]


class Exam(models.Model):
    """A timed exam drawing `question_count` questions at random from the course's bank.
    Passing it certifies the post level `certifies` (岗位认证) when that is set."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="exams")
    title = models.CharField(_("考试"), max_length=100)
    question_count = models.PositiveIntegerField(_("抽题数"), default=10)
    minutes = models.PositiveIntegerField(_("时限(分钟)"), default=30)
    pass_mark = models.PositiveIntegerField(_("及格分(百分制)"), default=80)
    max_attempts = models.PositiveIntegerField(_("最多次数"), default=3)
    certifies = models.CharField(_("认证等级"), max_length=20, choices=Clearance.choices,
                                 blank=True)
    is_open = models.BooleanField(_("开放"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("考试")
        verbose_name_plural = _("考试")

    def __str__(self) -> str:
        return self.title


class Attempt(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attempts")
    question_ids = models.JSONField(_("抽到的试题"), default=list)
    started_at = models.DateTimeField(_("开始"))
    deadline = models.DateTimeField(_("截止"))
    submitted_at = models.DateTimeField(_("交卷"), null=True, blank=True)
    answers = models.JSONField(_("作答"), default=dict, blank=True)
    score = models.PositiveIntegerField(_("得分"), null=True, blank=True)
    passed = models.BooleanField(_("通过"), default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")

    def __str__(self) -> str:
        return f"{self.person} {self.exam}"


class Certificate(models.Model):
    """岗位认证: a level and a validity period (default 5 years, R-PPL-2)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("证书编号"), max_length=30, unique=True)
    clearance = models.CharField(_("认证等级"), max_length=20, choices=Clearance.choices)
    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    revoked = models.BooleanField(_("已撤销"), default=False)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("岗位认证证书")
        verbose_name_plural = _("岗位认证证书")

    def __str__(self) -> str:
        return self.number


class Reminder(models.Model):
    """A written reminder (re-examination, periodic training or review); one per key."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reminders")
    key = models.CharField(max_length=100, unique=True)
    text = models.CharField(_("内容"), max_length=200)
    due_on = models.DateField(_("到期日"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")

    def __str__(self) -> str:
        return self.text
