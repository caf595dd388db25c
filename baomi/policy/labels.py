"""The one label function for policy codes: levels, ranks, clearances, carrier kinds, marks.

Labels are the organisation's own words (Chinese, from the policy file) and pass through
gettext, so the English interface translates every label the catalogue knows (the seed's
defaults, listed below for makemessages) and shows the organisation's own word for one it
does not. Pages (the template filters in `policy.templatetags.baomi_ui`), the API, the CLI
and registers and exports all call `policy_label` or one of its three wrappers.
An unknown code — one the policy no longer has — is shown as the code itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext, gettext_noop

from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.policy.document import Policy

Kind = Literal["level", "rank", "clearance", "kind", "placement"]

#: the seed's default labels, listed so that makemessages picks them up for translation
DEFAULT_LABELS = (
    gettext_noop("绝密"), gettext_noop("机密"), gettext_noop("秘密"), gettext_noop("一般"),
    gettext_noop("内部"), gettext_noop("非密"), gettext_noop("内部资料"),
    gettext_noop("受控文件"), gettext_noop("董事/监事"), gettext_noop("总经理"),
    gettext_noop("副总经理"), gettext_noop("总监(助理)"), gettext_noop("项目经理"),
    gettext_noop("部门经理"), gettext_noop("员工"), gettext_noop("核心"), gettext_noop("重要"),
    gettext_noop("非涉密"),
)

#: carrier kinds named in the policy file (baomi.policy.document.KINDS)
KIND_LABELS = {
    "DOCUMENT": gettext_noop("文件"),
    "DRAWING": gettext_noop("图纸"),
    "MEDIUM": gettext_noop("存储介质"),
    "DEVICE": gettext_noop("设备"),
    "SAMPLE": gettext_noop("样品"),
}

#: where a level's mark goes (R-CLS-7), in the words of 篇二 §3
PLACEMENT_LABELS = {
    "sealed_envelope": gettext_noop("档案袋密封,封口处加盖“机密文件章”"),
    "top_left_every_page": gettext_noop("每一页左上角加印"),
    "stamp": gettext_noop("加盖印章"),
    "none": gettext_noop("无需标识"),
}


def _source(kind: Kind, code: str, policy: Policy) -> str:
    if kind == "level":
        return policy.level(code).label
    if kind == "rank":
        return policy.rank(code).label
    if kind == "clearance":
        return policy.clearance(code).label
    if kind == "kind":
        return KIND_LABELS[code]
    return PLACEMENT_LABELS[code]


def policy_label(kind: Kind, code: str, *, policy: Policy | None = None) -> str:
    """The label of a policy code in the interface language (the code if unknown)."""
    try:
        return gettext(_source(kind, code, policy or get_policy()))
    except KeyError:
        return code


def level_label(code: str, *, policy: Policy | None = None) -> str:
    return policy_label("level", code, policy=policy)


def rank_label(code: str, *, policy: Policy | None = None) -> str:
    return policy_label("rank", code, policy=policy)


def clearance_label(code: str, *, policy: Policy | None = None) -> str:
    return policy_label("clearance", code, policy=policy)


__all__ = ["KIND_LABELS", "PLACEMENT_LABELS", "clearance_label", "level_label",
           "policy_label", "rank_label"]
