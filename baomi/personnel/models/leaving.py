"""Leaving (离岗离职, R-PPL-3, R-PPL-4, R-DOC-8)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.people.models import Clearance, Person


class ExitProcedure(models.Model):
    class Status(models.TextChoices):
        OPEN = "OPEN", _("办理中")
        DONE = "DONE", _("已离岗")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="exits")
    clearance = models.CharField(_("涉密等级"), max_length=20, choices=Clearance.choices)
    reason = models.CharField(_("离岗原因"), max_length=200)
    started_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("开始"), auto_now_add=True)
    # R-PPL-3
    reminder_issued_at = models.DateTimeField(_("书面提醒时间"), null=True, blank=True)
    new_employer = models.CharField(_("新任职单位"), max_length=200, blank=True)
    employer_notified_on = models.DateField(_("通报日期"), null=True, blank=True)
    employer_notice_ref = models.CharField(_("通报文号/方式"), max_length=100, blank=True)
    non_compete = models.BooleanField(_("约定竞业限制"), default=False)
    non_compete_ends = models.DateField(_("竞业限制至"), null=True, blank=True)
    decryption_years = models.PositiveIntegerField(_("脱密期(年)"), default=0)
    decryption_ends = models.DateField(_("脱密期至"), null=True, blank=True)
    # R-PPL-4
    project = models.CharField(_("重大项目"), max_length=100, blank=True)
    project_ends = models.DateField(_("项目结束日期"), null=True, blank=True)
    project_approved_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    project_approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    resign_commitment = models.ForeignKey("personnel.Commitment", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("离岗手续")
        verbose_name_plural = _("离岗手续")

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"

    @property
    def before_project_end(self) -> bool:
        from django.utils import timezone

        return bool(self.project and self.project_ends
                    and self.project_ends > timezone.localdate())
