"""Customers, agents, policies and the records of 篇十一 (RULES.md §10, R-CUS-1..6).

ID numbers, phones and bank accounts are stored encrypted (`*_enc`, AES-256-GCM), with a
keyed blind index (`*_bi`, 64-bit HMAC) for equality look-ups and the scan, and a mask
(`*_masked`) for lists; see crypto.py.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Agency(models.Model):
    """代理机构 (professional or part-time agency). Deactivated (`active=False`), not
    deleted: its agents' policies, complaints and reports keep pointing to it."""

    code = models.CharField(_("机构代码"), max_length=30, unique=True)
    name = models.CharField(_("机构名称"), max_length=200)
    active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("代理机构")
        verbose_name_plural = _("代理机构")

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class Agent(models.Model):
    """营销员 or 银保专管员, optionally working through an agency.

    The code is fixed once registered (imports and reports refer to it); an agent who
    leaves is deactivated (`active=False`) and sells no new policy."""

    class Kind(models.TextChoices):
        SALES = "SALES", _("营销员")
        BANCASSURANCE = "BANK", _("银保专管员")
        AGENCY_STAFF = "AGENCY", _("代理机构人员")

    code = models.CharField(_("代理人工号"), max_length=30, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.SALES)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="agents", verbose_name=_("代理机构"))
    active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("代理人")
        verbose_name_plural = _("代理人")

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class Customer(models.Model):
    """A person in policies: policyholder, insured or beneficiary (roles come from policies)."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_enc = models.BinaryField(_("证件号码(密文)"), null=True, blank=True)
    id_bi = models.BigIntegerField(_("证件号码索引"), null=True, blank=True, unique=True)
    id_masked = models.CharField(_("证件号码"), max_length=20, blank=True)
    phone_enc = models.BinaryField(_("电话(密文)"), null=True, blank=True)
    phone_bi = models.BigIntegerField(_("电话索引"), null=True, blank=True)
    phone_masked = models.CharField(_("电话"), max_length=20, blank=True)
    account_enc = models.BinaryField(_("银行账号(密文)"), null=True, blank=True)
    account_bi = models.BigIntegerField(_("银行账号索引"), null=True, blank=True)
    account_masked = models.CharField(_("银行账号"), max_length=25, blank=True)
    address = models.CharField(_("联系地址"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("录入时间"))
    created_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("录入人"))

    class Meta:
        ordering = ["-created_at", "-id"]
        # the scan counts and lists customers by these two columns (R-CUS-3): covering
        # indexes, never a decrypt; `include` lets PostgreSQL answer from the index alone
        # (SQLite indexes carry the row id anyway)
        indexes = [
            models.Index(fields=["phone_bi", "created_at"], include=["id"],
                         name="customer_phone_bi"),
            models.Index(fields=["account_bi", "created_at"], include=["id"],
                         name="customer_account_bi"),
            models.Index(fields=["-created_at", "-id"], name="customer_newest"),
        ]
        verbose_name = _("客户")
        verbose_name_plural = _("客户")

    def __str__(self) -> str:
        return self.name


class InsurancePolicy(models.Model):
    """A policy (保单) linking policyholder, insured, beneficiaries and the selling agent."""

    number = models.CharField(_("保单号"), max_length=40, unique=True)
    product = models.CharField(_("险种"), max_length=100, blank=True)
    signed_on = models.DateField(_("投保日期"))
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="policies",
                              verbose_name=_("代理人"))
    policyholder = models.ForeignKey(Customer, on_delete=models.PROTECT,
                                     related_name="held_policies", verbose_name=_("投保人"))
    insured = models.ForeignKey(Customer, on_delete=models.PROTECT,
                                related_name="insured_policies", verbose_name=_("被保险人"))
    beneficiaries = models.ManyToManyField(Customer, related_name="benefit_policies",
                                           blank=True, verbose_name=_("受益人"))
    created_at = models.DateTimeField(_("录入时间"))
    created_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("录入人"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("section of the policy form", "保单")
        verbose_name_plural = _("保单")

    def __str__(self) -> str:
        return self.number


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
