"""Printed documents of a person's file: the commitment (保密承诺书) with its signature
record, the reminder of duties on leaving (离岗保密提醒函) and forms 附表21–24.

Reuses the approval engine's PDF helpers (WenQuanYi Micro Hei embedded as a subset):
`form_pdf` for the approval forms, its paragraph styles for the letters.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from baomi.core.exports import form_pdf, pdf_styles
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.personnel.models import Commitment, ExitProcedure, ForeignForm


def _when(value: object) -> str:
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def _grid(rows: list[tuple[str, str]], st: dict) -> Table:  # type: ignore[type-arg]
    table = Table([[Paragraph(escape(k), st["field"]), Paragraph(escape(v or "—"), st["field"])]
                   for k, v in rows], colWidths=[40 * mm, 134 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f1f3f5")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _document(title: str, mark: str, story: list) -> bytes:  # type: ignore[type-arg]
    st = pdf_styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=title,
                            author=get_policy().organisation.get("name", ""))
    doc.build([Paragraph(escape(mark) or "&nbsp;", st["mark"]),
               Paragraph(escape(title), st["title"]), Spacer(1, 6 * mm), *story])
    return out.getvalue()


def commitment_pdf(commitment: Commitment) -> bytes:
    """The commitment with its clauses and signature record; marked at the level of the
    classified matter it names (R-PPL-1)."""
    st = pdf_styles()
    org = get_policy().organisation.get("name", "")
    person = commitment.person
    mark = get_policy().level(commitment.level).mark if commitment.level else ""
    story: list = [  # type: ignore[type-arg]
        _grid([("承诺人", f"{person.name}({person.staff_no})"),
               ("部门", person.unit.name), ("岗位", commitment.post),
               ("涉密等级", commitment.get_clearance_display()),
               ("事由", commitment.get_reason_display()),
               ("涉密事项", commitment.matter),
               ("模板版本", f"v{commitment.template.version}")], st),
        Spacer(1, 5 * mm),
        Paragraph(escape(f"本人自愿作出如下保密承诺({org}):"), st["field"]),
        Spacer(1, 2 * mm),
    ]
    for number, clause in enumerate(commitment.clauses, start=1):
        story.append(Paragraph(escape(f"{number}. {clause};"), st["field"]))
    story += [Spacer(1, 6 * mm), Paragraph("签署记录", st["field"]), Spacer(1, 2 * mm),
              _grid([("状态", commitment.get_status_display()),
                     ("签署时间", _when(commitment.signed_at)),
                     ("认证方式", "密码 + " + {"TOTP": "动态口令", "RECOVERY": "恢复码"}.get(
                         commitment.second_factor, "—") if commitment.signed_at else "—"),
                     ("签名摘要", commitment.signature)], st),
              Spacer(1, 4 * mm)]
    archives = [(a.get_copy_display(), f"{a.location} · {a.recorded_by.name} · "
                 f"{_when(a.recorded_at)}") for a in commitment.archives.all()]
    if archives:
        story += [Paragraph("存档(人事部门、保密办各一份)", st["field"]), Spacer(1, 2 * mm),
                  _grid(archives, st)]
    story += [Spacer(1, 6 * mm),
              Paragraph(escape(f"打印时间 {_when(timezone.now())} · 保密管理系统"), st["meta"])]
    return _document(commitment.template.title, mark, story)


def reminder_pdf(procedure: ExitProcedure) -> bytes:
    """离岗保密提醒函: the written reminder of duties (R-PPL-3, 篇十二 第十二条)."""
    st = pdf_styles()
    settings = get_policy().personnel
    org = get_policy().organisation.get("name", "")
    person = procedure.person
    years = procedure.decryption_years
    if not years:
        period = "无脱密期要求"
    elif procedure.decryption_ends:
        period = f"脱密期为 {years} 年(至 {procedure.decryption_ends.isoformat()})"
    else:
        period = f"脱密期为 {years} 年,自离岗之日起算"
    paragraphs = [
        f"{person.name} 同志:",
        f"您因“{procedure.reason}”离开{org}。根据保密法律法规和本单位规定,现以书面形式重申您的保密义务:",
        f"一、您的涉密等级为{procedure.get_clearance_display()},{period}。"
        "脱密期内应遵守脱密期管理规定,不得以任何方式泄露所知悉的秘密。",
        "二、离岗前须将全部涉密载体、技术资料、实验材料、实验设备和产品交回,"
        "不得擅自复制、发表、泄露、使用或转让(篇十二 第二十二条)。",
    ]
    if procedure.non_compete:
        paragraphs.append(f"三、按约定,离开本单位 {settings.non_compete_years} 年内负有竞业限制义务"
                          "(篇十二 第十一条)。")
    if procedure.new_employer:
        paragraphs.append(f"本单位已向您的新任职单位“{procedure.new_employer}”通报上述义务。")
    story: list = [Paragraph(escape(p), st["field"]) for p in paragraphs]  # type: ignore[type-arg]
    story += [Spacer(1, 8 * mm),
              _grid([("发函时间", _when(procedure.reminder_issued_at)),
                     ("本人签收", "")], st),
              Spacer(1, 6 * mm), Paragraph(escape(f"{org} 保密办"), st["field"])]
    return _document("离岗保密提醒函", "", story)


def foreign_pdf(form: ForeignForm) -> bytes:
    """附表21–24 as printed approval forms (R-FOR-1..3)."""
    from baomi.personnel.services.foreign import FIELDS

    fields = [("编号", form.number), ("人员", f"{form.person.name}({form.person.staff_no})")]
    fields += [(label, form.fields.get(key, "")) for key, label in FIELDS[form.kind]]
    if form.kind == "F22":
        fields.append(("拍照", "参观中严禁外宾拍照"))
    if form.kind == "F23":
        fields.append(("保密义务承诺", "本人在境外期间不在无保密措施的场合谈论秘密或起草秘密事项;"
                       "不利用国际电话、电子邮件、传真等通信手段谈及秘密内容;不携带涉密载体出境;"
                       "回国后如实汇报对外交流情况。(篇八 第十二条)"))
    if form.private:
        fields.append(("保密审查", f"{form.secrecy_reviewed_by.name if form.secrecy_reviewed_by else '—'} "
                                   f"{_when(form.secrecy_reviewed_at)}"))
    if form.debrief:
        fields.append(("回国汇报", form.debrief))
    steps = []
    if form.approver:
        steps.append(("领导签批", form.approver.name, form.get_status_display(),
                      form.decision_note, _when(form.decided_at)))
    marks = {level.label: level.mark for level in get_policy().levels}
    return form_pdf(title=form.get_kind_display(), mark=marks.get(form.fields.get("level", ""), ""),
                    fields=[(escape(k), escape(v)) for k, v in fields],
                    steps=[[escape(str(c)) for c in row] for row in steps],
                    footer=f"打印时间 {_when(timezone.now())}")
