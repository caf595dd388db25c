"""The suspicious-customer list (R-CUS-3): scan runs, items, shared values, members,
evidence."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baomi.customers.models.parties import Agent, Customer


class ScanRun(models.Model):
    """One run of `customers_scan --date D` (R-CUS-3); re-runs are logged, items are not
    duplicated."""

    scan_date = models.DateField(_("业务日期 T"))
    listed_on = models.DateField(_("清单日期 T+1"))
    due_on = models.DateField(_("排查期限"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    groups = models.PositiveIntegerField(_("可疑组数"), default=0)
    new_items = models.PositiveIntegerField(_("新增可疑件"), default=0)
    joined = models.PositiveIntegerField(_("新增关联客户"), default=0)
    calendar_warning = models.CharField(_("日历提示"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("可疑客户扫描")

    def __str__(self) -> str:
        return f"{self.scan_date} ({self.new_items})"


class SuspiciousItem(models.Model):
    """可疑客户信息资料问题件: one shared phone or bank account (R-CUS-3)."""

    class Kind(models.TextChoices):
        PHONE = "PHONE", _("同一电话")
        ACCOUNT = "ACCOUNT", _("同一银行账号")

    class Status(models.TextChoices):
        OPEN = "OPEN", _("待排查")
        CLOSED = "CLOSED", pgettext_lazy("suspicious item status", "已办结")

    class Outcome(models.TextChoices):
        CLEARED = "CLEARED", _("已排除(如家庭成员共用)")
        CORRECTED = "CORRECTED", _("资料已更正")
        FALSE_DATA = "FALSE_DATA", _("虚假资料(追究代理人)")

    kind = models.CharField(_("线索"), max_length=10, choices=Kind.choices)
    key_bi = models.BigIntegerField(_("索引值"))
    masked = models.CharField(_("号码(掩码)"), max_length=25, blank=True)
    scan_date = models.DateField(_("业务日期 T"))
    listed_on = models.DateField(_("清单日期"))
    due_on = models.DateField(_("排查期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    assignee = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("承办人"))
    created_at = models.DateTimeField(_("生成时间"))
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("办结人"))
    outcome = models.CharField(_("排查结论"), max_length=12, choices=Outcome.choices,
                               blank=True)
    findings = models.TextField(_("排查情况"), blank=True)
    responsible_agent = models.ForeignKey(Agent, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="false_data_items",
                                          verbose_name=_("提供虚假资料的代理人"))
    customers = models.ManyToManyField(Customer, through="SuspiciousMember",
                                       related_name="suspicious_items")

    class Meta:
        ordering = ["status", "due_on", "id"]
        constraints = [
            # one open item per shared value: re-runs and concurrent runs add no duplicate
            models.UniqueConstraint(fields=["kind", "key_bi"], condition=Q(status="OPEN"),
                                    name="suspicious_one_open"),
        ]
        indexes = [models.Index(fields=["assignee", "status"], name="suspicious_assignee"),
                   # the scan's "already investigated" look-up per shared value (R-CUS-3)
                   models.Index(fields=["kind", "key_bi"], name="suspicious_kind_key")]
        verbose_name = _("可疑件")
        verbose_name_plural = _("可疑件")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"KY-{self.scan_date:%Y}-{self.pk:06d}"


class SharedValue(models.Model):
    """A phone or bank-account blind index that two or more customers have held (R-CUS-3).

    Kept by database triggers on every insert and on every change of the two columns
    (migration 0004): when a customer's value is already held by another customer, the
    value is recorded here. The daily scan starts from these few rows instead of grouping
    every customer; it still counts the customers entered by the cut-off itself, so a
    value recorded here that is no longer shared, or became shared after the cut-off,
    lists nothing. `customers_scan --full` regroups the whole table and adds any value
    missing here (services/shared.py).
    """

    kind = models.CharField(_("线索"), max_length=10, choices=SuspiciousItem.Kind.choices)
    key_bi = models.BigIntegerField(_("索引值"))
    masked = models.CharField(_("号码(掩码)"), max_length=25, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key_bi"],
                                               name="shared_value_unique")]
        verbose_name = _("共用号码")

    def __str__(self) -> str:
        return f"{self.kind}:{self.key_bi}"


class SuspiciousMember(models.Model):
    item = models.ForeignKey(SuspiciousItem, on_delete=models.CASCADE, related_name="members")
    # no database constraint: see docs/decisions/0003-scan-members-without-fk.md (customers
    # are never deleted; on PostgreSQL each member's key check locked a customer row)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+",
                                 db_constraint=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "customer"],
                                               name="suspicious_member_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.customer_id}"


class Evidence(models.Model):
    """An evidence file of a closed item, stored encrypted in the database (R-CUS-3)."""

    item = models.ForeignKey(SuspiciousItem, on_delete=models.PROTECT, related_name="evidence")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    blob = models.BinaryField()
    uploaded_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("证据材料")

    def __str__(self) -> str:
        return self.name
