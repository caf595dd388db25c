"""Complaints and agent re-checks (R-CUS-4), policy queries (R-CUS-5)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baomi.customers.models.parties import Agent, Customer, InsurancePolicy


class Complaint(models.Model):
    """A complaint of mis-selling (销售误导) against an agent (R-CUS-4)."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("待核实")
        VERIFIED = "VERIFIED", _("经查属实")
        UNFOUNDED = "UNFOUNDED", _("查无实据")

    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="complaints",
                              verbose_name=_("被投诉代理人"))
    policy = models.ForeignKey(InsurancePolicy, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="complaints",
                               verbose_name=pgettext_lazy("section of the policy form", "保单"))
    received_on = models.DateField(_("投诉日期"))
    summary = models.TextField(_("投诉内容"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    findings = models.TextField(_("核实情况"), blank=True)
    recorded_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    verified_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("销售误导投诉")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.received_on}"


class Recheck(models.Model):
    """重新核查: every customer of an agent with too many verified complaints (R-CUS-4)."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("核查中")
        DONE = "DONE", _("已完成")

    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="rechecks")
    reason = models.CharField(_("触发原因"), max_length=300)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    created_at = models.DateTimeField(_("触发时间"))

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agent"], condition=Q(status="OPEN"),
                                               name="recheck_one_open")]
        verbose_name = _("代理人客户重新核查")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.created_at:%Y-%m-%d}"


class RecheckEntry(models.Model):
    class Result(models.TextChoices):
        PENDING = "PENDING", _("待核查")
        CONFIRMED = "CONFIRMED", _("资料属实")
        FALSE_DATA = "FALSE_DATA", _("资料不实")

    recheck = models.ForeignKey(Recheck, on_delete=models.CASCADE, related_name="entries")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices,
                              default=Result.PENDING)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recheck", "customer"],
                                               name="recheck_entry_unique")]

    def __str__(self) -> str:
        return f"{self.recheck_id}:{self.customer_id}"


class PolicyQuery(models.Model):
    """查询记录: every policy query, answered or refused (R-CUS-5)."""

    class Channel(models.TextChoices):
        PHONE = "PHONE", _("电话")
        COUNTER = "COUNTER", _("柜台")
        WEB = "WEB", _("网站")

    class Outcome(models.TextChoices):
        ANSWERED = "ANSWERED", _("已核实并答复")
        REFUSED = "REFUSED", _("身份未核实,拒绝答复")

    at = models.DateTimeField(_("查询时间"))
    staff = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("受理人"))
    policy_number = models.CharField(_("保单号"), max_length=40)
    policy = models.ForeignKey(InsurancePolicy, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="queries")
    asker_name = models.CharField(_("查询人"), max_length=50)
    asker_id_masked = models.CharField(_("查询人证件号码"), max_length=20, blank=True)
    asker_role = models.CharField(_("查询人身份"), max_length=30, blank=True)
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("结果"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("保单查询记录")

    def __str__(self) -> str:
        return f"{self.policy_number} {self.outcome}"
