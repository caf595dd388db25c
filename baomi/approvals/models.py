"""Approval requests and their decision chains, delegations, notifications, incidents.

A request (审批单) has a kind, a carrier (and a copy where it concerns one), a requester,
a reason and a chain of steps resolved from the policy by level. Each step is signed by
one person, or by two different people for two-person actions (R-ACC-5).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalRequest(models.Model):
    class Kind(models.TextChoices):
        BORROW = "BORROW", _("查阅/借阅")
        COPY = "COPY", _("复制")
        PRINT = "PRINT", _("打印")
        DISTRIBUTE = "DISTRIBUTE", _("分发")
        NETWORK = "NETWORK", _("网络传输")
        EXTERNAL = "EXTERNAL", _("对外提供")
        DESTROY = "DESTROY", _("销毁")
        DECLASSIFY = "DECLASSIFY", _("解密")
        EXTEND = "EXTEND", _("延长保密期限")
        CHANGE_LEVEL = "CHANGE_LEVEL", _("变更密级")

    class Status(models.TextChoices):
        PENDING = "PENDING", _("审批中")
        APPROVED = "APPROVED", _("已批准")
        REJECTED = "REJECTED", _("已驳回")
        WITHDRAWN = "WITHDRAWN", _("已撤回")
        DONE = "DONE", _("已办结")

    number = models.CharField(_("审批单号"), max_length=30, unique=True, null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    carrier = models.ForeignKey("carriers.Carrier", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("载体"))
    copy = models.ForeignKey("carriers.CarrierCopy", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+", verbose_name=_("份"))
    level = models.CharField(_("密级"), max_length=20)
    requester = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                                  related_name="approval_requests", verbose_name=_("申请人"))
    reason = models.TextField(_("事由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    due_back = models.DateField(_("归还日期"), null=True, blank=True)
    count = models.PositiveIntegerField(_("份数"), default=1)
    recipient = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("收件人"))
    party = models.CharField(_("接收单位"), max_length=200, blank=True)
    nda_signed = models.BooleanField(_("已签订保密协议"), default=False)
    nda_ref = models.CharField(_("保密协议编号"), max_length=100, blank=True)
    new_level = models.CharField(_("新密级"), max_length=20, blank=True)
    new_term_years = models.PositiveSmallIntegerField(_("新保密期限(年)"), null=True, blank=True)
    created_at = models.DateTimeField(_("申请时间"))
    decided_at = models.DateTimeField(_("审批完成时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    #: set by `request_get`: the carrier's title as the viewer may read it (decision 0006)
    shown_title: str

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requester", "-created_at"], name="approval_requester"),
                   models.Index(fields=["status", "kind"], name="approval_status")]
        verbose_name = _("审批单")
        verbose_name_plural = _("审批单")

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class ApprovalStep(models.Model):
    class Status(models.TextChoices):
        WAITING = "WAITING", _("未开始")
        PENDING = "PENDING", _("待审批")
        APPROVED = "APPROVED", _("已同意")
        REJECTED = "REJECTED", _("已驳回")
        CANCELLED = "CANCELLED", _("已取消")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    seq = models.PositiveSmallIntegerField(_("序号"))
    role = models.CharField(_("审批角色"), max_length=20)
    #: ",GM,BOARD," — matched with `contains` on every database
    ranks = models.CharField(_("审批职级"), max_length=200, blank=True)
    signatures_required = models.PositiveSmallIntegerField(_("所需签字人数"), default=1)
    rule = models.CharField(_("规则"), max_length=20)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.WAITING)
    due_at = models.DateTimeField(_("审批时限"), null=True, blank=True)
    decided_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["request", "seq"]
        constraints = [models.UniqueConstraint(fields=["request", "seq"], name="step_unique_seq")]
        indexes = [models.Index(fields=["status", "due_at"], name="step_status_due")]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.seq}"

    @property
    def rank_list(self) -> list[str]:
        return [r for r in self.ranks.split(",") if r]


class ApprovalSignature(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "APPROVE", _("同意")
        REJECT = "REJECT", _("驳回")

    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("签字人"))
    on_behalf_of = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("授权人"))
    decision = models.CharField(_("意见"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("理由"), max_length=500, blank=True)
    reauthenticated = models.BooleanField(_("已验证身份"), default=False)
    at = models.DateTimeField(_("签字时间"))

    class Meta:
        ordering = ["step", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["step", "signer"],
                                               name="signature_once_per_step")]

    def __str__(self) -> str:
        return f"{self.step_id}:{self.signer_id}:{self.decision}"


class Delegation(models.Model):
    """授权人: `grantor` lets `delegate` approve the listed request kinds in their place,
    from `starts_at` to `ends_at` (R-DOC-4 总经理或其授权人; R-ACC-4)."""

    grantor = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("授权人"))
    delegate = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("被授权人"))
    kinds = models.CharField(_("授权事项"), max_length=200)  # ",BORROW,"
    starts_at = models.DateTimeField(_("生效时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    reason = models.CharField(_("授权说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["delegate", "ends_at"], name="delegation_delegate")]

    def __str__(self) -> str:
        return f"{self.grantor_id}->{self.delegate_id}"


class Notification(models.Model):
    """An in-app notice. Never classified content: ids and levels only (R-DOC-3)."""

    recipient = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=120)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"],
                                               name="notification_once")]

    def __str__(self) -> str:
        return self.key


class Incident(models.Model):
    """An incident (事件) opened by a loss report (R-DOC-7)."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("处理中")
        CLOSED = "CLOSED", _("已结案")

    kind = models.CharField(_("类型"), max_length=20, default="LOSS")
    carrier = models.ForeignKey("carriers.Carrier", on_delete=models.PROTECT, related_name="+")
    copy = models.ForeignKey("carriers.CarrierCopy", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    level = models.CharField(_("密级"), max_length=20)
    reporter = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("情况说明"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    created_at = models.DateTimeField(_("报告时间"))
    findings = models.TextField(_("调查结论"), blank=True)
    closed_by = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("结案人"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"incident {self.pk}"
