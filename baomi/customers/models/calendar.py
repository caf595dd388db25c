"""The working-day calendar the secrecy office keeps (R-CUS-3 deadlines)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalendarYear(models.Model):
    """A year whose statutory holidays and make-up working days have been entered."""

    class Source(models.TextChoices):
        PACKAGE = "PACKAGE", _("chinese-calendar 数据包")
        NOTICE = "NOTICE", _("国务院办公厅通知(人工录入)")

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    note = models.CharField(_("依据"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("工作日历年度")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from Monday–Friday: a statutory holiday or a make-up working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "HOLIDAY", _("法定节假日")
        WORKDAY = "WORKDAY", _("调休上班")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    name = models.CharField(pgettext_lazy("name of a holiday", "名称"), max_length=50,
                            blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("节假日与调休")

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"
