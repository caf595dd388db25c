"""The audit log: events as leaves of an RFC 6962 Merkle tree (R-ACC-6).

`AuditEvent` rows are the leaves (leaf index = seq − 1) with their stored leaf hash;
`AuditNode` keeps the hashes of perfect subtrees from level `NODE_MIN_LEVEL` up, so
that any proof needs O(log n) look-ups; `AuditHead` is the single locked row holding
the size, the root and the compact range (frontier) of the tree; `AuditCheckpoint`
keeps every signed tree head.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: perfect subtrees below this level are recomputed from ≤ 2**level leaf hashes
NODE_MIN_LEVEL = 4
#: AuditNode.id = level << NODE_LEVEL_SHIFT | index
NODE_LEVEL_SHIFT = 56


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    # no index of its own: the (actor, seq) index below serves every look-up by actor
    actor = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("操作人"), db_index=False)
    actor_label = models.CharField(_("操作人"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=10, default="web")
    action = models.CharField(_("动作"), max_length=60)
    target_type = models.CharField(_("对象类型"), max_length=40, blank=True)
    target_id = models.CharField(_("对象"), max_length=40, blank=True)
    allowed = models.BooleanField(_("允许"), default=True)
    rule = models.CharField(_("规则"), max_length=20, blank=True)
    detail = models.JSONField(_("详情"), default=dict)
    leaf_hash = models.CharField(_("叶子哈希"), max_length=64, default="")

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "seq"]),
            models.Index(fields=["actor", "seq"]),
            models.Index(fields=["action", "seq"]),
            # no index on `at`: the date search compares `at`'s date (a function of the
            # column, which no plain index serves) and scans in seq order anyway
        ]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    @property
    def index(self) -> int:
        """The leaf index in the Merkle tree."""
        return self.seq - 1


class AuditHead(models.Model):
    """One row: size, root and frontier of the tree. Locked by every append."""

    seq = models.PositiveBigIntegerField(default=0)  # the tree size
    root = models.CharField(max_length=64, default="")
    frontier = models.TextField(default="", blank=True)  # hex hashes, largest subtree first
    hash_algorithm = models.CharField(max_length=10, default="", blank=True)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditNode(models.Model):
    """The hash of one perfect subtree: id = level << 56 | index."""

    id = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return f"node {self.id >> NODE_LEVEL_SHIFT}/{self.id & ((1 << NODE_LEVEL_SHIFT) - 1)}"


class AuditCheckpoint(models.Model):
    """A signed tree head in the C2SP tlog-checkpoint format."""

    size = models.PositiveBigIntegerField(_("树大小"))
    root = models.CharField(_("根哈希"), max_length=64)
    hash_algorithm = models.CharField(_("哈希算法"), max_length=10)
    signature_algorithm = models.CharField(_("签名算法"), max_length=10)
    signed_at = models.DateTimeField(_("签署时间"))
    note = models.TextField(_("签名检查点"))

    class Meta:
        ordering = ["-size", "-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["size", "signature_algorithm"],
                                    name="audit_checkpoint_once_per_size"),
        ]
        verbose_name = _("检查点")
        verbose_name_plural = _("检查点")

    def __str__(self) -> str:
        return f"checkpoint {self.size}"
