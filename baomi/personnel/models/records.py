"""Agreements, reviews, rewards and penalties (R-PPL-5, R-PPL-6); foreign contact (R-FOR-1..3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.people.models import Person


class Agreement(models.Model):
    """《知识产权保护协议》 (IP/NDA) for technical staff (篇十二 第八、九条, R-PPL-5)."""

    class Status(models.TextChoices):
        SIGNED = "SIGNED", _("已签")
        REFUSED = "REFUSED", _("拒签")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agreements")
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices)
    number = models.CharField(_("协议编号"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("知识产权保护协议")
        verbose_name_plural = _("知识产权保护协议")

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"


class TrustReview(models.Model):
    """信用评级 and periodic review of people in key posts (篇十 机制一、三, R-PPL-6)."""

    class Rating(models.TextChoices):
        A = "A", _("可信")
        B = "B", _("基本可信")
        C = "C", _("需关注")
        D = "D", _("不宜涉密")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reviews")
    rating = models.CharField(_("评级"), max_length=1, choices=Rating.choices)
    inputs = models.JSONField(_("评价要素"), default=dict, blank=True)
    note = models.TextField(_("意见"), blank=True)
    reviewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(_("评审日期"))

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("信用评级")
        verbose_name_plural = _("信用评级")

    def __str__(self) -> str:
        return f"{self.person} {self.rating}"


class Sanction(models.Model):
    """奖惩记录 (篇十 机制四, R-PPL-6)."""

    class Kind(models.TextChoices):
        REWARD = "REWARD", _("奖励")
        PENALTY = "PENALTY", _("处罚")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    reason = models.CharField(_("事由"), max_length=200)
    amount = models.DecimalField(_("金额"), max_digits=10, decimal_places=2, default=0)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(_("日期"))

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("奖惩记录")
        verbose_name_plural = _("奖惩记录")

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"


class ForeignForm(models.Model):
    """附表21–24 (篇八). A leader of `foreign_approver_ranks` approves; private travel
    (因私出国) needs the secrecy office's review first; travel is debriefed afterwards."""

    class Kind(models.TextChoices):
        F21 = "F21", _("附表21 对外交往合作提供秘密事项保密审批表")
        F22 = "F22", _("附表22 外来人员参观保密审批表")
        F23 = "F23", _("附表23 涉密人员对外科技交流保密义务承诺书")
        F24 = "F24", _("附表24 对外科技交流涉密人员登记表")

    class Status(models.TextChoices):
        PENDING = "PENDING", _("待审批")
        APPROVED = "APPROVED", _("已批准")
        REJECTED = "REJECTED", _("已驳回")
        CLOSED = "CLOSED", _("已归档")

    number = models.CharField(_("编号"), max_length=30, unique=True)
    kind = models.CharField(_("表单"), max_length=4, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="foreign_forms")
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField(_("内容"), default=dict)
    private = models.BooleanField(_("因私"), default=False)
    secrecy_reviewed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    secrecy_reviewed_at = models.DateTimeField(_("保密审查时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    approver = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    debrief = models.TextField(_("回国汇报"), blank=True)
    debriefed_at = models.DateTimeField(_("汇报时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("涉外表单")
        verbose_name_plural = _("涉外表单")

    def __str__(self) -> str:
        return self.number
