"""Readable names of audit actions, for history tables and the audit pages.

One map for every app's actions; an action missing here is shown by its code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

ACTION_LABELS: dict[str, Promise | str] = {
    # carriers
    "carrier.draft": _("拟制"),
    "carrier.confirm": _("定密确认"),
    "carrier.return": _("退回修改"),
    "carrier.resubmit": _("重新提交"),
    "carrier.withdraw": _("作废草稿"),
    "carrier.view": _("查阅"),
    "carrier.reclassify": _("变更密级/期限"),
    # copies and custody
    "copies.make": _("复制份"),
    "copy.lend": _("借出签收"),
    "copy.return": _("归还签收"),
    "copy.handover": _("交接签收"),
    "copy.destroy": _("销毁"),
    "copy.lost": _("报失"),
    "copy.provide_external": _("对外提供"),
    "custody.correct": _("更正登记"),
    "incident.open": _("立案"),
    "incident.close": _("结案"),
    "stocktake.start": _("开始清点"),
    "stocktake.mark": _("清点登记"),
    "stocktake.unexpected": _("清点发现台账外份"),
    "stocktake.loss": _("清点报失"),
    "stocktake.close": _("清点归档"),
    "approvals.remind": _("发送提醒"),
    # approvals
    "approval.submit": _("提交申请"),
    "approval.approve": _("审批"),
    "approval.withdraw": _("撤回申请"),
    "approval.done": _("办结"),
    "approval.copy": _("复制登记"),
    "delegation.grant": _("授权"),
    "delegation.revoke": _("撤销授权"),
    # files
    "file.upload": _("上传文件"),
    "file.view": _("查看文件"),
    "file.download": _("下载文件"),
    "file.print": _("打印文件"),
    "file.remark": _("重新加印标识"),
    "file.trace": _("泄露追查"),
    # customers: agents and agencies (R-CUS-3/4)
    "agency.create": _("登记代理机构"),
    "agency.update": _("修改代理机构"),
    "agency.deactivate": _("停用代理机构"),
    "agency.reactivate": _("重新启用代理机构"),
    "agent.create": _("登记代理人"),
    "agent.update": _("修改代理人"),
    "agent.deactivate": _("停用代理人"),
    "agent.reactivate": _("重新启用代理人"),
    # customers: records, the suspicious list, complaints, queries (R-CUS-1..6)
    "policy.register": _("登记保单"),
    "customers.import": _("导入保单(一批)"),
    "customers.import.done": _("导入保单(完成)"),
    "customer.view": _("查看客户"),
    "customer.reveal": _("查看完整号码"),
    "customer.correct": _("更正客户联系资料"),
    "customers.scan": _("可疑客户扫描"),
    "suspicious.assign": _("分派可疑件"),
    "suspicious.close": _("办结可疑件"),
    "evidence.read": _("查看证明材料"),
    "complaint.record": _("登记投诉"),
    "complaint.verify": _("核实投诉"),
    "recheck.open": _("启动重新核查"),
    "recheck.entry": _("记录核查结果"),
    "policy.query": _("保单查询"),
    "customers.report": _("季度报告"),
    "calendar.seed": _("导入工作日历"),
    "calendar.day_set": _("设置节假日或调休"),
    "calendar.day_remove": _("删除节假日或调休"),
    "calendar.year_confirm": _("确认工作日历年度"),
    # people, policy, audit
    "person.create": _("新增人员"),
    "person.leaving": _("办理离岗"),
    "person.left": _("离职"),
    "orgunit.create": _("新增单位"),
    "policy.activate": _("启用策略"),
    "audit.view": _("查看审计"),
    "audit.export": _("导出审计"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
