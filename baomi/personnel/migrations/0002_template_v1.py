"""The first commitment template: the eight clauses of 篇十 (R-PPL-1)."""

from django.db import migrations

EIGHT_CLAUSES = [
    "认真遵守保密法律、法规和规章制度,自觉履行保密义务",
    "不提供虚假个人信息,自愿接受保密审查",
    "不违规记录、存储、复制国家秘密信息",
    "不违规留存国家秘密载体",
    "不以任何方式泄露所接触和知悉的国家秘密",
    "未经批准,不擅自发表涉及未公开工作内容的文章、著述",
    "离岗离职后自愿接受脱密期管理",
    "违反保密承诺,自愿承担一切法律后果",
]
EXTRA = {
    "CORE": ["不使用手机等现代通讯设备传递核心涉密信息,接受定期的行为审计和审查"],
    "IMPORTANT": ["因公因私出国(境)前报保密办审查,回国后汇报境外活动情况"],
}


def create(apps, schema_editor):
    template = apps.get_model("personnel", "CommitmentTemplate")
    if not template.objects.exists():
        template.objects.create(version=1, clauses=EIGHT_CLAUSES, extra_clauses=EXTRA)


class Migration(migrations.Migration):
    dependencies = [("personnel", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
