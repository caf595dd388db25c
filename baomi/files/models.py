"""Files of carriers: encrypted blobs, the file records, and every copy handed out.

A `CarrierFile` belongs to one carrier and is visible only to people who may see that
carrier. Its bytes live in `EncryptedBlob`s (ciphertext in the storage, wrapped data key
here): the original as uploaded, the PDF converted from it (for PDFs the original itself)
and the marked PDF that carries the level mark on every page (R-CLS-6/7, R-DOC-1).
Every view, download and print is a `FileCopy` with its own trace code.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class EncryptedBlob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("存储名"), max_length=200, unique=True)
    wrapped_key = models.BinaryField(_("包装后的数据密钥"))
    kid = models.CharField(_("主密钥编号"), max_length=16, db_index=True)
    plain_size = models.BigIntegerField(_("明文大小"))
    sha256 = models.CharField(_("明文 SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("加密存储块")
        verbose_name_plural = _("加密存储块")

    def __str__(self) -> str:
        return str(self.id)


class CarrierFile(models.Model):
    class Kind(models.TextChoices):
        PDF = "PDF", "PDF"
        PNG = "PNG", "PNG"
        JPEG = "JPEG", "JPEG"
        DOCX = "DOCX", "Word (.docx)"
        DOC = "DOC", "Word 97-2003 (.doc)"
        XLSX = "XLSX", "Excel (.xlsx)"
        PPTX = "PPTX", "PowerPoint (.pptx)"

    carrier = models.ForeignKey("carriers.Carrier", on_delete=models.PROTECT,
                                related_name="files", verbose_name=_("载体"))
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=6, choices=Kind.choices)
    size = models.BigIntegerField(_("原文件大小"))
    pages = models.PositiveIntegerField(_("页数"))
    original = models.ForeignKey(EncryptedBlob, on_delete=models.PROTECT, related_name="+")
    base_pdf = models.ForeignKey(EncryptedBlob, on_delete=models.PROTECT, related_name="+")
    marked_pdf = models.ForeignKey(EncryptedBlob, on_delete=models.PROTECT, related_name="+")
    # what the marks on `marked_pdf` say; re-marked when the carrier changes (R-CLS-6)
    marked_level = models.CharField(_("标识密级"), max_length=20)
    marked_text = models.CharField(_("标识内容"), max_length=200)
    uploaded_by = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        ordering = ["carrier", "uploaded_at", "id"]
        verbose_name = _("载体文件")
        verbose_name_plural = _("载体文件")

    def __str__(self) -> str:
        return f"{self.carrier_id}:{self.name}"


class FileCopy(models.Model):
    """One copy handed out: who, when, which 份号, and the trace code it carries."""

    class Purpose(models.TextChoices):
        VIEW = "VIEW", _("在线查看")
        DOWNLOAD = "DOWNLOAD", _("下载")
        PRINT = "PRINT", _("打印")

    file = models.ForeignKey(CarrierFile, on_delete=models.PROTECT, related_name="copies",
                             verbose_name=_("文件"))
    serial = models.PositiveIntegerField(_("副本序号"))
    purpose = models.CharField(_("用途"), max_length=10, choices=Purpose.choices)
    recipient = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("接收人"))
    copy_label = models.CharField(_("份号"), max_length=20)
    issued_at = models.DateTimeField(_("发出时间"))
    approval_ref = models.CharField(_("审批单号"), max_length=30, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["file", "serial"], name="filecopy_unique_serial"),
        ]
        indexes = [models.Index(fields=["recipient", "-issued_at"], name="filecopy_recipient")]
        verbose_name = _("文件副本")
        verbose_name_plural = _("文件副本")

    def __str__(self) -> str:
        return f"{self.file_id}#{self.serial}"
