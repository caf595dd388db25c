"""Classified carriers (涉密载体), their scope (知悉范围) and numbered copies (份号)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Carrier(models.Model):
    """R-CLS-4: level, term, scope, category/reason, drafter, confirmer, date."""

    class Kind(models.TextChoices):
        DOCUMENT = "DOCUMENT", _("文件")
        DRAWING = "DRAWING", _("图纸")
        MEDIUM = "MEDIUM", _("存储介质")
        DEVICE = "DEVICE", _("设备")
        SAMPLE = "SAMPLE", _("样品")

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("待定密")
        RETURNED = "RETURNED", _("退回修改")
        CONFIRMED = "CONFIRMED", _("已定密")
        DECLASSIFIED = "DECLASSIFIED", _("已解密")
        DESTROYED = "DESTROYED", _("已销毁")
        WITHDRAWN = "WITHDRAWN", _("已作废")

    number = models.CharField(_("编号"), max_length=30, unique=True, null=True, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("密级"), max_length=20)
    category = models.CharField(_("定密依据"), max_length=120, blank=True)
    reason = models.TextField(_("定密理由"), blank=True)
    term_years = models.PositiveSmallIntegerField(_("保密期限(年)"), null=True, blank=True)
    term_ends = models.DateField(_("保密期限至"), null=True, blank=True)
    scope_rank = models.CharField(_("知悉范围(职级)"), max_length=20)
    controlled = models.BooleanField(_("受控文件"), default=False)
    department = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT,
                                   related_name="carriers", verbose_name=_("部门"))
    drafter = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                                related_name="drafted_carriers", verbose_name=_("拟制人"))
    confirmer = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="confirmed_carriers",
                                  verbose_name=_("定密人"))
    copies_planned = models.PositiveIntegerField(_("份数"), default=1)
    status = models.CharField(_("状态"), max_length=15, choices=Status.choices,
                              default=Status.DRAFT)
    return_note = models.CharField(_("退回意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("拟制时间"))
    confirmed_at = models.DateTimeField(_("定密时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    #: set by the carrier selectors (baomi.policy.access.Sight): "full" or "metadata", and
    #: the title as this viewer may read it ("(标题不可见)" above their clearance, R-ACC-4)
    sight: str
    shown_title: str

    class Meta:
        ordering = ["-created_at", "-id"]
        # No index may lead with level, scope_rank or status: every active person sees
        # most carriers (内部/非密 are open to all ranks), so the scoped list is fastest as
        # a walk down `carrier_newest` that stops after one page. An index SQLite could use
        # for `level IN (…)` makes it answer the OR in `visible_q` from several indexes and
        # sort the whole visible set instead (1.1–2.4 s at a million carriers, see
        # docs/performance.md). Counts come from CarrierTally.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="carrier_newest"),
            models.Index(fields=["drafter", "status"], name="carrier_drafter"),
            models.Index(fields=["confirmer", "status"], name="carrier_confirmer"),
            models.Index(fields=["department", "-created_at"], name="carrier_dept"),
        ]
        verbose_name = _("涉密载体")
        verbose_name_plural = _("涉密载体")

    def __str__(self) -> str:
        return f"{self.number or '(待编号)'} {self.title}"

    @property
    def is_unconfirmed(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class CarrierScope(models.Model):
    """A person named in a carrier's scope: 与内容有直接关系的工作人员 (R-ACC-2)."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="scope")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "carrier"], name="scope_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier_id}:{self.person_id}"


class CarrierCopy(models.Model):
    """One numbered copy (份号) with exactly one custodian (保管人)."""

    class Status(models.TextChoices):
        HELD = "HELD", _("在保管")
        RETURNED = "RETURNED", _("已收回")
        DESTROYED = "DESTROYED", _("已销毁")
        LOST = "LOST", _("已丢失")

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="copies")
    copy_no = models.PositiveIntegerField(_("份号"))
    custodian = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                                  related_name="custody", verbose_name=_("保管人"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.HELD)
    created_at = models.DateTimeField(_("生成时间"))
    # a borrowed copy (R-DOC-4): held by the borrower until `due_back`, then returned to
    # `lent_by`, the custodian of record
    lent_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="lent_copies",
                                verbose_name=_("出借人"))
    due_back = models.DateField(_("应还日期"), null=True, blank=True)

    #: set by the ledger selectors: what the viewer sees of the carrier, and its title as
    #: shown (baomi.policy.access, decision 0006)
    sight: str
    shown_title: str

    class Meta:
        ordering = ["carrier", "copy_no"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "copy_no"], name="copy_unique_number"),
        ]
        indexes = [models.Index(fields=["custodian", "status"], name="copy_custodian")]
        verbose_name = _("份")
        verbose_name_plural = _("份")

    def __str__(self) -> str:
        return f"{self.carrier_id}#{self.copy_no}"


class CarrierTally(models.Model):
    """How many carriers share (level, scope rank, status, kind, department).

    Kept exact by the carrier services in the same transaction as each change, so the
    scoped list can count what a viewer sees without scanning a million rows.
    `carriers_recount` rebuilds it; a test keeps it equal to a real COUNT.
    """

    level = models.CharField(max_length=20)
    scope_rank = models.CharField(max_length=20)
    status = models.CharField(max_length=15)
    kind = models.CharField(max_length=10)
    department = models.ForeignKey("people.OrgUnit", on_delete=models.CASCADE, related_name="+")
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "scope_rank", "status", "kind", "department"],
                                    name="tally_unique_group"),
        ]

    def __str__(self) -> str:
        return f"{self.level}/{self.scope_rank}/{self.status}/{self.kind}/{self.department_id}={self.n}"


class CustodyEntry(models.Model):
    """One row of a register (台账): borrowing, print, distribution/sign-for, copy,
    destruction, external provision, hand-over, loss (R-DOC-1/2/4/5/6/7/9/10).

    Rows are never edited or deleted: `save` refuses an update and `delete` refuses; a
    correction is a new row (event CORRECTION) whose `refers_to` is the row it corrects.
    """

    class Register(models.TextChoices):
        BORROW = "BORROW", _("借阅登记")
        PRINT = "PRINT", _("打印登记")
        DISTRIBUTE = "DISTRIBUTE", _("分发签收登记")
        COPY = "COPY", _("复制登记")
        DESTROY = "DESTROY", _("销毁登记")
        EXTERNAL = "EXTERNAL", _("对外提供登记")
        HANDOVER = "HANDOVER", _("交接登记")
        LOSS = "LOSS", _("丢失登记")

    class Event(models.TextChoices):
        LEND = "LEND", _("借出签收")
        RETURN = "RETURN", _("归还签收")
        PRINT = "PRINT", _("打印")
        COPY = "COPY", _("复制")
        ISSUE = "ISSUE", _("分发签收")
        HANDOVER = "HANDOVER", _("交接签收")
        DESTROY = "DESTROY", _("销毁")
        PROVIDE = "PROVIDE", _("对外提供")
        LOSS = "LOSS", _("报失")
        CORRECTION = "CORRECTION", _("更正")

    register = models.CharField(_("登记簿"), max_length=12, choices=Register.choices)
    event = models.CharField(_("事项"), max_length=12, choices=Event.choices)
    at = models.DateTimeField(_("时间"))
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="+")
    copy = models.ForeignKey(CarrierCopy, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    copy_nos = models.CharField(_("份号"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("份数"), default=1)
    level = models.CharField(_("密级"), max_length=20)
    actor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("经办人"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("签收人"))
    from_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("交出人"))
    witness = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("监销人"))
    reauthenticated = models.BooleanField(_("签收人已验证身份"), default=False)
    due_back = models.DateField(_("应还日期"), null=True, blank=True)
    approval_ref = models.CharField(_("审批单号"), max_length=30, blank=True)
    party = models.CharField(_("接收单位"), max_length=200, blank=True)
    nda_ref = models.CharField(_("保密协议编号"), max_length=100, blank=True)
    method = models.CharField(_("方式"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    refers_to = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="followed_by", verbose_name=_("关联记录"))

    #: set by the register selectors (baomi.policy.access, decision 0006)
    sight: str
    shown_title: str

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["register", "-at"], name="custody_register_at"),
            models.Index(fields=["copy", "event"], name="custody_copy_event"),
        ]
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")

    def __str__(self) -> str:
        return f"{self.register}:{self.event}:{self.carrier_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("register rows are never edited; add a correction instead")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("register rows are never deleted; add a correction instead")


class StockTake(models.Model):
    """A stock-take (清点) of one department's copies (R-DOC-6, R-DOC-11).

    Started by the secrecy office or the department's secrecy officer; every copy held by a
    custodian in the department at the start is listed (expected) and marked found or
    missing; copies found that were not expected are recorded by carrier number and 份号.
    Closing it files the report. Metadata only: numbers, levels, 份号, custodians — never
    titles or content (R-ACC-4).
    """

    class Status(models.TextChoices):
        OPEN = "OPEN", _("清点中")
        CLOSED = "CLOSED", _("已完成")

    department = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("部门"))
    started_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("清点人"))
    started_at = models.DateTimeField(_("开始时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    closed_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("报告人"))
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    note = models.CharField(_("清点结论"), max_length=1000, blank=True)
    expected = models.PositiveIntegerField(_("应在"), default=0)
    found = models.PositiveIntegerField(_("在位"), default=0)
    missing = models.PositiveIntegerField(_("缺失"), default=0)
    unexpected = models.PositiveIntegerField(_("账外"), default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["department"], condition=models.Q(status="OPEN"),
                                    name="stocktake_one_open_per_department"),
        ]
        verbose_name = _("清点")
        verbose_name_plural = _("清点")

    def __str__(self) -> str:
        return f"stocktake {self.pk}"


class StockTakeItem(models.Model):
    """One line of a stock-take: an expected copy (found / missing) or an unexpected one."""

    class Result(models.TextChoices):
        PENDING = "PENDING", _("未清点")
        FOUND = "FOUND", _("在位")
        MISSING = "MISSING", _("缺失")
        UNEXPECTED = "UNEXPECTED", _("账外")

    stocktake = models.ForeignKey(StockTake, on_delete=models.CASCADE, related_name="items")
    copy = models.ForeignKey(CarrierCopy, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    carrier_number = models.CharField(_("编号"), max_length=30)
    copy_no = models.PositiveIntegerField(_("份号"))
    level = models.CharField(_("密级"), max_length=20, blank=True)
    custodian = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("保管人"))
    expected = models.BooleanField(_("应在"), default=True)
    result = models.CharField(_("清点结果"), max_length=10, choices=Result.choices,
                              default=Result.PENDING)
    checked_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("核对人"))
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    incident_ref = models.CharField(_("丢失报告"), max_length=30, blank=True)

    class Meta:
        ordering = ["stocktake", "carrier_number", "copy_no", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "carrier_number", "copy_no"],
                                    name="stocktake_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.stocktake_id}:{self.carrier_number}#{self.copy_no}"
