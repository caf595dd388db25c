"""Versions of the policy in force: every change is recorded and audited."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    source = models.CharField(max_length=300)
    activated_at = models.DateTimeField(_("启用时间"))
    activated_by = models.CharField(_("启用人"), max_length=100)

    class Meta:
        ordering = ["-activated_at", "-id"]
        verbose_name = _("策略版本")

    def __str__(self) -> str:
        return f"{self.sha256[:12]} @ {self.activated_at:%Y-%m-%d %H:%M}"
