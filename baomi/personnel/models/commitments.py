"""Commitments (保密承诺书, R-PPL-1) and posts (涉密岗位) that wait for them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.people.models import Clearance, Person

#: the eight clauses every commitment carries (篇十, 《关于组织保密承诺书签订工作的通知》)
EIGHT_CLAUSES = (
    "认真遵守保密法律、法规和规章制度,自觉履行保密义务",
    "不提供虚假个人信息,自愿接受保密审查",
    "不违规记录、存储、复制国家秘密信息",
    "不违规留存国家秘密载体",
    "不以任何方式泄露所接触和知悉的国家秘密",
    "未经批准,不擅自发表涉及未公开工作内容的文章、著述",
    "离岗离职后自愿接受脱密期管理",
    "违反保密承诺,自愿承担一切法律后果",
)


class CommitmentTemplate(models.Model):
    """One version of the commitment text. A new version supersedes the old one; people who
    signed the old one must renew (R-PPL-1)."""

    title = models.CharField(_("标题"), max_length=100, default="涉密人员保密承诺书")
    version = models.PositiveIntegerField(_("版本"), unique=True)
    clauses = models.JSONField(_("基本条款"), default=list)
    #: extra clauses per clearance code: {"CORE": ["…"], …}
    extra_clauses = models.JSONField(_("按涉密等级补充条款"), default=dict, blank=True)
    is_current = models.BooleanField(_("现行"), default=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("保密承诺书模板")
        verbose_name_plural = _("保密承诺书模板")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def clauses_for(self, clearance: str) -> list[str]:
        return [*self.clauses, *self.extra_clauses.get(clearance, [])]


class Commitment(models.Model):
    class Status(models.TextChoices):
        PENDING = "PENDING", _("待签")
        SIGNED = "SIGNED", _("已签")
        SUPERSEDED = "SUPERSEDED", _("已失效")

    class Reason(models.TextChoices):
        POST = "POST", _("上岗/调岗")
        RENEWAL = "RENEWAL", _("模板更新续签")
        LEAVING = "LEAVING", _("离岗再签")
        FOREIGN = "FOREIGN", _("对外科技交流")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commitments")
    template = models.ForeignKey(CommitmentTemplate, on_delete=models.PROTECT,
                                 related_name="commitments")
    reason = models.CharField(_("事由"), max_length=12, choices=Reason.choices,
                              default=Reason.POST)
    clearance = models.CharField(_("涉密等级"), max_length=20, choices=Clearance.choices)
    post = models.CharField(_("岗位"), max_length=100, blank=True)
    clauses = models.JSONField(_("条款"), default=list)
    #: a commitment naming a classified matter is itself classified at that level (R-PPL-1)
    matter = models.CharField(_("涉密事项"), max_length=200, blank=True)
    level = models.CharField(_("密级"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    second_factor = models.CharField(_("第二因素"), max_length=20, blank=True)
    signature = models.CharField(_("签名摘要"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("保密承诺书")
        verbose_name_plural = _("保密承诺书")

    def __str__(self) -> str:
        return f"{self.person} {self.get_reason_display()} v{self.template.version}"


class CommitmentArchive(models.Model):
    """The two archive copies of a signed commitment (HR and secrecy office, R-PPL-1)."""

    class Copy(models.TextChoices):
        HR = "HR", _("人事部门")
        SECRECY_OFFICE = "SECRECY_OFFICE", _("保密办")

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT,
                                   related_name="archives")
    copy = models.CharField(_("存档份"), max_length=20, choices=Copy.choices)
    location = models.CharField(_("存放位置"), max_length=100)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commitment", "copy"],
                                               name="personnel_archive_once")]
        verbose_name = _("承诺书存档")
        verbose_name_plural = _("承诺书存档")

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.copy}"


class PostAssignment(models.Model):
    """A post with a clearance (涉密岗位). It takes effect only when the commitment is signed
    (R-PPL-1), the post certificate is valid (R-PPL-2) and, for technical staff, the IP/NDA
    agreement is signed (R-PPL-5). The rows are the person's clearance history."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("待生效")
        EFFECTIVE = "EFFECTIVE", _("已生效")
        CANCELLED = "CANCELLED", _("已撤销")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts")
    post = models.CharField(_("岗位"), max_length=100)
    from_clearance = models.CharField(_("原涉密等级"), max_length=20, choices=Clearance.choices)
    clearance = models.CharField(_("涉密等级"), max_length=20, choices=Clearance.choices)
    technical = models.BooleanField(_("科技人员"), default=False)
    project = models.CharField(_("重大项目"), max_length=100, blank=True)
    project_ends = models.DateField(_("项目结束日期"), null=True, blank=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.PENDING)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    effective_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("涉密岗位")
        verbose_name_plural = _("涉密岗位")

    def __str__(self) -> str:
        return f"{self.person} {self.post}"
