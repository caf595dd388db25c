"""Readable names of audit actions and of the keys of an event's detail, for history
tables and the audit pages.

Action names are the labels of `actions.Action` (one list for every app's actions, in
zh-hans with English in locale/en); an action missing there is shown by its code, and
so is a detail key missing from `DETAIL_LABELS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from baomi.audit.actions import Action

if TYPE_CHECKING:
    from django.utils.functional import Promise

_LABELS = dict(Action.choices)

#: the keys services write into an event's `detail` (tests/test_actions.py scans them)
DETAIL_LABELS: dict[str, Promise] = {
    "agencies": _("代理机构数"),
    "agency": _("代理机构"),
    "agent": _("代理人"),
    "agents": _("代理人数"),
    "amount": _("金额"),
    "approval": _("审批单"),
    "assignee": _("承办人"),
    "auto_approved": _("自动批准"),
    "carrier": _("载体"),
    "certifies": _("认证等级"),
    "change": _("变更事项"),
    "clearance": _("涉密等级"),
    "code": _("代码"),
    "commitment": _("承诺书"),
    "complaints": _("投诉"),
    "confirmer": _("定密人"),
    "copies": _("份数"),
    "copy": _("副本"),
    "copy_label": _("副本标识"),
    "copy_no": _("份号"),
    "count": _("数量"),
    "custodian": _("保管人"),
    "customers": _("客户数"),
    "date": _("日期"),
    "day": _("日期"),
    "days": _("天数"),
    "decryption_ends": _("脱密期截止"),
    "decryption_years": _("脱密期(年)"),
    "delegate": _("被授权人"),
    "department": _("部门"),
    "due_back": _("应还日期"),
    "due_on": _("办结期限"),
    "employer": _("新任职单位"),
    "ends_at": _("结束时间"),
    "entry": _("登记"),
    "evidence": _("证明材料"),
    "exam": _("考试"),
    "exit": _("离岗程序"),
    "expected": _("应有"),
    "factor": _("认证方式"),
    "fields": _("字段"),
    "file": _("文件"),
    "filters": _("筛选条件"),
    "findings": _("调查结论"),
    "forged": _("伪造"),
    "found": _("清点到"),
    "from": _("来自"),
    "groups": _("组数"),
    "incident": _("事件"),
    "integrity": _("完整性"),
    "item": _("清点项"),
    "items": _("项数"),
    "joined": _("并入"),
    "kind": _("类型"),
    "kinds": _("类型"),
    "late": _("逾期"),
    "level": _("密级"),
    "levels": _("密级"),
    "lines": _("行数"),
    "location": _("存放地点"),
    "mark": _("标识"),
    "method": _("方式"),
    "missing": _("缺少"),
    "name": _("名称"),
    "nda": _("保密协议"),
    "new": _("新值"),
    "new_items": _("新增项"),
    "non_compete": _("竞业限制"),
    "non_compete_ends": _("竞业限制截止"),
    "note": _("说明"),
    "number": _("编号"),
    "old": _("原值"),
    "on_behalf_of": _("代为审批"),
    "outcome": _("结果"),
    "pages": _("页数"),
    "passed": _("通过"),
    "policies": _("保单数"),
    "policy": _("保单"),
    "post": _("岗位"),
    "previous_blob": _("原文件"),
    "previous_sha256": _("原 SHA-256"),
    "private": _("因私"),
    "project": _("项目"),
    "proposed_level": _("拟定密级"),
    "quarter": _("季度"),
    "questions": _("题数"),
    "rank": _("职级"),
    "rating": _("考核结果"),
    "reason": _("理由"),
    "recheck": _("重新核查"),
    "recovery_codes": _("恢复码"),
    "ref": _("文号"),
    "refers_to": _("更正对象"),
    "refused": _("拒绝"),
    "registered": _("登记在册"),
    "renewals": _("续签"),
    "result": _("结果"),
    "rewrapped": _("重新封装"),
    "role": _("身份"),
    "rows": _("行数"),
    "rule": _("规则"),
    "rule_detail": _("规则说明"),
    "scope_rank": _("知悉范围"),
    "score": _("分数"),
    "serial": _("序号"),
    "sha256": _("SHA-256"),
    "signature": _("签名"),
    "signatures": _("签名数"),
    "source": _("来源"),
    "staff_no": _("工号"),
    "starts_at": _("开始时间"),
    "status": _("状态"),
    "sight": _("可见范围"),
    "was": _("原状态"),
    "step": _("步骤"),
    "steps": _("步骤数"),
    "stored": _("已存储"),
    "technical": _("技术岗位"),
    "term_years": _("保密期限(年)"),
    "title": _("标题"),
    "to": _("至"),
    "today": _("日期"),
    "unexpected": _("台账外"),
    "valid_until": _("有效期至"),
    "verified": _("已核实"),
    "version": _("版本"),
    "witness": _("监销人"),
    "year": _("年度"),
    "years": _("年度"),
}


def action_label(action: str) -> str:
    """The action's label in the active language, or the action itself if unknown."""
    return str(_LABELS.get(action, action))


def detail_label(key: str) -> str:
    """A detail key's label in the active language, or the key itself if unknown."""
    return str(DETAIL_LABELS.get(key, key))
