"""Organisation units and people: rank (职级), clearance (涉密等级), secrecy-officer flag."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    """A node of the organisation tree: the company, a department, an office."""

    name = models.CharField(_("名称"), max_length=100)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("上级单位"),
    )
    is_secrecy_office = models.BooleanField(_("保密办"), default=False)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "name"]
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")

    def __str__(self) -> str:
        return self.name


class Rank(models.TextChoices):
    BOARD = "BOARD", _("董事/监事")
    GM = "GM", _("总经理")
    DEPUTY_GM = "DEPUTY_GM", _("副总经理")
    DIRECTOR = "DIRECTOR", _("总监(助理)")
    PROJECT_MANAGER = "PROJECT_MANAGER", _("项目经理")
    DEPT_MANAGER = "DEPT_MANAGER", _("部门经理")
    STAFF = "STAFF", _("员工")


class Clearance(models.TextChoices):
    CORE = "CORE", _("核心")
    IMPORTANT = "IMPORTANT", _("重要")
    GENERAL = "GENERAL", _("一般")
    NONE = "NONE", _("非涉密")


class Person(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("在岗")
        LEAVING = "LEAVING", _("离岗中")
        LEFT = "LEFT", _("已离职")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="person",
    )
    name = models.CharField(_("姓名"), max_length=50)
    staff_no = models.CharField(_("工号"), max_length=20, unique=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="people",
                             verbose_name=_("部门"))
    rank = models.CharField(_("职级"), max_length=20, choices=Rank.choices, default=Rank.STAFF)
    clearance = models.CharField(_("涉密等级"), max_length=20, choices=Clearance.choices,
                                 default=Clearance.NONE)
    is_secrecy_officer = models.BooleanField(_("兼职保密员"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["staff_no"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return f"{self.name}({self.staff_no})"
