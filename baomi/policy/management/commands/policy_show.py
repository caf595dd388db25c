"""`baomi policy_show`: the policy in force, in Chinese (or `--json` for machines)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from baomi.core.command import BaomiCommand
from baomi.core.table import pad
from baomi.policy.labels import clearance_label, level_label, policy_label, rank_label
from baomi.policy.runtime import get_policy
from baomi.policy.selectors import policy_as_dict, policy_latest_version

if TYPE_CHECKING:
    from django.core.management.base import CommandParser

    from baomi.policy.document import LevelSpec, Policy


def _ranks(policy: Policy, codes: tuple[str, ...] | list[str]) -> str:
    return "、".join(rank_label(c, policy=policy) for c in codes) or "无须审批"


def _level_lines(policy: Policy, spec: LevelSpec) -> list[str]:
    term = f"不超过 {spec.max_term_years} 年" if spec.max_term_years else "不设保密期限"
    confirm = _ranks(policy, spec.confirm_ranks)
    if spec.confirm_same_department:
        confirm += "(须为发文部门人员)"
    copy = (f"允许,审批: {_ranks(policy, spec.copy_approver_ranks)}" if spec.copy_allowed
            else "禁止")
    mark = spec.mark or "无"
    if spec.controlled_mark:
        mark += f"(受控文件: {spec.controlled_mark})"
    placement = policy_label("placement", spec.mark_placement)
    return [
        f"  {level_label(spec.code, policy=policy)}  {spec.code}  权重 {spec.weight}",
        f"    保密期限    {term}",
        f"    知悉范围    {rank_label(spec.scope_rank, policy=policy)}及以上,另加列名的直接有关人员",
        f"    定密        {confirm}",
        f"    查阅审批    {_ranks(policy, spec.view_approver_ranks)}",
        f"    复制        {copy}",
        f"    标识        {mark};{placement}",
        f"    适用载体    {'、'.join(policy_label('kind', k) for k in spec.kinds)}",
    ]


def render(policy: Policy) -> str:
    org = policy.organisation
    lines = [
        f"单位      {org.get('name', '')}(载体编号前缀 {org.get('number_prefix', '')})",
        f"策略文件  {policy.source}",
        f"SHA-256   {policy.sha256}",
    ]
    latest = policy_latest_version()
    if latest is None:
        lines.append("版本      尚未记录(运行 baomi policy_sync)")
    elif latest.sha256 == policy.sha256:
        since = timezone.localtime(latest.activated_at)
        lines.append(f"版本      #{latest.pk},{since:%Y-%m-%d %H:%M} 起施行")
    else:
        lines.append(f"版本      与最近记录的版本 #{latest.pk} 不同(运行 baomi policy_sync)")
    lines += ["", "密级(由高到低)"]
    for spec in policy.levels:
        lines += _level_lines(policy, spec)
    lines += ["", "职级(由高到低)"]
    lines += [f"  {r.order + 1}. {pad(rank_label(r.code, policy=policy), 12)}{r.code}" for r in policy.ranks]
    lines += ["", "涉密等级"]
    for c in policy.clearances:
        known = "、".join(level_label(code, policy=policy) for code in policy.levels_within(c.code))
        lines.append(f"  {pad(clearance_label(c.code, policy=policy), 8)}{pad(c.code, 11)}可知悉: {known or '无'}")
    lines += ["", "定密依据"]
    for spec in policy.levels:
        values = policy.categories.get(spec.code, ())
        if values:
            lines.append(f"  {level_label(spec.code, policy=policy)}")
            lines += [f"    {v}" for v in values]
    lines += ["", "其他",
              f"  保密期限届满前 {policy.remind_days_before_end} 天提醒",
              f"  每个载体最多 {policy.max_copies_per_carrier} 份"]
    return "\n".join(lines)


class Command(BaomiCommand):
    help = "显示正在施行的保密策略 / show the policy in force"

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        policy = get_policy()
        if options["json"]:
            data = policy_as_dict(policy)
            data["source"] = policy.source
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(render(policy))
