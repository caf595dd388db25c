"""`baomi policy_show`: the policy in force, in Chinese (or `--json` for machines)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.command import BaomiCommand
from baomi.core.table import pad
from baomi.policy.labels import clearance_label, level_label, policy_label, rank_label
from baomi.policy.runtime import get_policy
from baomi.policy.selectors import policy_as_dict, policy_latest_version

if TYPE_CHECKING:
    from django.core.management.base import CommandParser

    from baomi.policy.document import LevelSpec, Policy


def _ranks(policy: Policy, codes: tuple[str, ...] | list[str]) -> str:
    return "、".join(rank_label(c, policy=policy) for c in codes) or _("无须审批")


def _level_lines(policy: Policy, spec: LevelSpec) -> list[str]:
    term = _("不超过 %(max_term_years)s 年") % {"max_term_years": spec.max_term_years} if spec.max_term_years else _("不设保密期限")
    confirm = _ranks(policy, spec.confirm_ranks)
    if spec.confirm_same_department:
        confirm += _("(须为发文部门人员)")
    copy = (_("允许,审批: %(copy_approver_ranks)s") % {"copy_approver_ranks": _ranks(policy, spec.copy_approver_ranks)} if spec.copy_allowed
            else _("禁止"))
    mark = spec.mark or _("无")
    if spec.controlled_mark:
        mark += _("(受控文件: %(controlled_mark)s)") % {"controlled_mark": spec.controlled_mark}
    placement = policy_label("placement", spec.mark_placement)
    return [
        f"  {level_label(spec.code, policy=policy)}  {spec.code}  权重 {spec.weight}",
        _("    保密期限    %(term)s") % {"term": term},
        _("    知悉范围    %(rank)s及以上,另加列名的直接有关人员") % {"rank": rank_label(spec.scope_rank, policy=policy)},
        _("    定密        %(confirm)s") % {"confirm": confirm},
        _("    查阅审批    %(view_approver_ranks)s") % {"view_approver_ranks": _ranks(policy, spec.view_approver_ranks)},
        _("    复制        %(copy)s") % {"copy": copy},
        _("    标识        %(mark)s;%(placement)s") % {"mark": mark, "placement": placement},
        _("    适用载体    %(kinds)s") % {"kinds": '、'.join(policy_label('kind', k) for k in spec.kinds)},
    ]


def render(policy: Policy) -> str:
    org = policy.organisation
    lines = [
        f"单位      {org.get('name', '')}(载体编号前缀 {org.get('number_prefix', '')})",
        _("策略文件  %(source)s") % {"source": policy.source},
        f"SHA-256   {policy.sha256}",
    ]
    latest = policy_latest_version()
    if latest is None:
        lines.append(_("版本      尚未记录(运行 baomi policy_sync)"))
    elif latest.sha256 == policy.sha256:
        since = timezone.localtime(latest.activated_at)
        lines.append(_("版本      #%(pk)s,%(since)s 起施行")
                     % {"pk": latest.pk, "since": f"{since:%Y-%m-%d %H:%M}"})
    else:
        lines.append(_("版本      与最近记录的版本 #%(pk)s 不同(运行 baomi policy_sync)") % {"pk": latest.pk})
    lines += ["", _("密级(由高到低)")]
    for spec in policy.levels:
        lines += _level_lines(policy, spec)
    lines += ["", _("职级(由高到低)")]
    lines += [f"  {r.order + 1}. {pad(rank_label(r.code, policy=policy), 12)}{r.code}" for r in policy.ranks]
    lines += ["", _("涉密等级")]
    for c in policy.clearances:
        known = "、".join(level_label(code, policy=policy) for code in policy.levels_within(c.code))
        lines.append(_("  %(label)s%(code)s可知悉: %(known)s") % {"label": pad(clearance_label(c.code, policy=policy), 8), "code": pad(c.code, 11), "known": known or _("无")})
    lines += ["", _("定密依据")]
    for spec in policy.levels:
        values = policy.categories.get(spec.code, ())
        if values:
            lines.append(f"  {level_label(spec.code, policy=policy)}")
            lines += [f"    {v}" for v in values]
    lines += ["", _("其他"),
              _("  保密期限届满前 %(remind_days_before_end)s 天提醒") % {"remind_days_before_end": policy.remind_days_before_end},
              _("  每个载体最多 %(max_copies_per_carrier)s 份") % {"max_copies_per_carrier": policy.max_copies_per_carrier}]
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
