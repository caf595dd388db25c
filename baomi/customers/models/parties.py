"""Who the records are about: agencies, agents, customers and their policies."""

from __future__ import annotations

from django.db import models
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
