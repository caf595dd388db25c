"""Append-only audit events, each carrying the hash of the one before (R-ACC-6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("操作人"))
    actor_label = models.CharField(_("操作人"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=10, default="web")
    action = models.CharField(_("动作"), max_length=60)
    target_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    target_id = models.CharField(_("对象"), max_length=40, blank=True)
    allowed = models.BooleanField(_("允许"), default=True)
    rule = models.CharField(_("规则"), max_length=20, blank=True)
    detail = models.JSONField(_("详情"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "seq"]),
            models.Index(fields=["actor", "seq"]),
            models.Index(fields=["action", "seq"]),
        ]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """One row: the last sequence number and hash. Locked by every append."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
