"""What the demo company keeps: carrier kinds of every level, with Chinese titles.

Each entry names a level, a kind, the category (定密依据, R-CLS-4) by its number in the
policy file, the departments that draft it, a weight, and title templates. Every
(level, kind) pair the default policy allows has at least one entry (R-CLS-1).
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = ("office", "rd", "finance", "marketing", "production", "hr")


@dataclass(frozen=True)
class Entry:
    level: str
    kind: str
    category: str  # number of the category in the policy file, e.g. "1.1"
    units: tuple[str, ...]
    weight: float
    titles: tuple[str, ...]
    controlled: bool = False  # 受控文件 (R-CLS-7)


def _e(level: str, kind: str, category: str, units: tuple[str, ...] | str, weight: float,
       *titles: str, controlled: bool = False) -> Entry:
    unit_tuple = (units,) if isinstance(units, str) else units
    return Entry(level, kind, category, unit_tuple, weight, titles, controlled)


TS, C, S, G, INT, PUB = "TOP_SECRET", "CONFIDENTIAL", "SECRET", "GENERAL", "INTERNAL", "PUBLIC"
DOC, DRW, MED, DEV, SMP = "DOCUMENT", "DRAWING", "MEDIUM", "DEVICE", "SAMPLE"

CATALOGUE: tuple[Entry, ...] = (
    # 绝密 — drafted by the board and the GM (only they hold 核心 clearance)
    _e(TS, DOC, "4.1", "office", 3, "公司股权结构调整方案({y}年)", "{p}项目新技术开发总体方案",
       "对{partner}投资可行性研究报告"),
    _e(TS, DOC, "4.2", "office", 3, "{y}—{y2}年公司发展战略规划", "{cust}重大项目商务谈判底线方案",
       "{y}年营销总体策略"),
    _e(TS, DOC, "4.3", "office", 2, "董事会决议及会议记录({y}年)", "{y}年第{n}次董事会会议记录",
       "股东会决议档案({y}年)"),
    _e(TS, DRW, "4.1", "office", 1.5, "{p}新一代整机总体设计图"),
    _e(TS, MED, "4.1", "office", 1.5, "{p}核心算法源代码备份盘"),
    _e(TS, DEV, "4.1", "office", 1.5, "{p}原型机主控单元"),
    _e(TS, SMP, "4.1", "office", 1.5, "{p}新材料配方样品"),
    # 机密
    _e(C, DOC, "1.1", "finance", 8, "{y}年{q}财务分析报告", "{y}年度财务分析报告",
       "{y}年{m}月经营财务分析"),
    _e(C, DOC, "1.2", "hr", 2, "{y}年度高层管理者考核报告", "{y}年{q}高管绩效考核结果"),
    _e(C, DOC, "1.3", "hr", 2, "{y}年高层管理者薪酬分配方案", "{y}年高管年终奖金分配方案",
       "{y}年高管薪酬调整方案"),
    _e(C, DOC, "1.4", ("finance", "rd", "production"), 6, "{p}项目成本利润论证报告",
       "{product}量产成本测算报告"),
    _e(C, DOC, "1.5", ("office", "rd", "marketing"), 8, "{p}项目核心技术资料",
       "{y}年经营战略决策实施方案", "{product}核心工艺参数汇编"),
    _e(C, DOC, "1.6", "office", 2, "与{partner}重大诉讼应对方案"),
    _e(C, DRW, "1.5", "rd", 5, "{p}主控板原理图", "{product}核心模块结构图"),
    _e(C, MED, "1.5", ("rd", "production"), 3, "{p}项目资料加密移动硬盘",
       "{product}工艺参数U盘"),
    _e(C, DEV, "1.5", "rd", 2.5, "{p}测试工装", "{product}工程样机"),
    _e(C, SMP, "1.5", ("rd", "production"), 2.5, "{product}工程样品(EVT)", "{p}新配方试制样品"),
    # 秘密
    _e(S, DOC, "2.1", "office", 4, "公司注册及工商变更文件汇编({y}年)", "资质证书及注册文件副本"),
    _e(S, DRW, "2.2", "rd", 14, "{product}爆炸图", "{product}电路原理图", "{p}新项目ID外观图",
       "{product}{part}结构图"),
    _e(S, DOC, "2.3", ("rd", "production"), 10, "{p}项目立项报告",
       "{p}产品开发进度分析报告({y}年{q})"),
    _e(S, DOC, "2.4", ("finance", "production", "rd"), 12, "{product} BOM 成本分析表",
       "{product}含价物料清单(BOM)", "{y}年{q}采购成本分析表"),
    _e(S, DOC, "2.5", ("marketing", "office"), 10, "与{partner}合作协议", "{cust}销售合同({y}年)",
       "与{partner}往来函件汇编"),
    _e(S, DOC, "2.6", ("marketing", "finance"), 9, "{partner}对账单({y}年{m}月)",
       "{cust}订单汇总({y}年{q})", "{partner}联合技术方案"),
    _e(S, DOC, "2.7", "rd", 8, "专利申请材料:{patent}", "{patent}发明专利申请文件"),
    _e(S, DOC, "2.8", ALL, 10, "{y}年{q}供应商评审记录", "内部审计工作底稿({y}年)",
       "{unit}{y}年保密自查报告"),
    _e(S, MED, "2.8", ("rd", "production", "finance"), 8, "{unit}涉密U盘({n}号)",
       "{product}图纸资料光盘"),
    _e(S, DEV, "2.8", ("rd", "finance", "office"), 6, "{unit}涉密笔记本电脑({n}号)",
       "{unit}涉密计算机({n}号)"),
    _e(S, SMP, "2.8", ("rd", "production"), 5, "{product}试制样品", "{partner}来料样件"),
    # 一般 — drawings only (R-CLS-1)
    _e(G, DRW, "D.1", ("rd", "production"), 18, "{product}{part}零件图", "{product}装配工艺图",
       "{product}{part}生产图纸(第{rev}版)"),
    _e(G, DRW, "D.2", ("rd", "production"), 12, "{part}外协加工图纸({partner})",
       "{product}{part}外协图"),
    # 内部
    _e(INT, DOC, "3.1", ("office", "production", "hr"), 8, "质量管理体系程序文件(第{rev}版)",
       "保密管理制度汇编({y}年版)", "员工手册({y}年版)", "{unit}作业指导书(第{rev}版)",
       controlled=True),
    _e(INT, DOC, "3.2", ALL, 8, "关于{topic}的函", "{unit}业务往来文件({y}年{m}月)"),
    _e(INT, DOC, "3.3", ALL, 20, "{unit}{y}年{m}月例会会议纪要", "关于{topic}的通知",
       "{y}年第{n}期工作简报"),
    _e(INT, DOC, "3.4", ("office", "hr"), 6, "{y}年行政工作计划", "{y}年行政工作总结",
       "{y}年{q}行政工作报告", "{unit}{y}年度工作总结"),
    _e(INT, DOC, "3.5", ALL, 14, "{unit}{y}年{m}月工作总结", "{unit}{y}年{q}工作计划"),
    _e(INT, DOC, "3.6", ("hr", "office"), 5, "关于{unit}负责人任免的通知", "{y}年干部定级名单",
       "关于{unit}人员调配的通知({y}年{m}月)"),
    _e(INT, DOC, "3.7", ("office", "finance", "hr"), 5, "固定资产交接清单({y}年{m}月)",
       "档案移交凭证({y}年)"),
    _e(INT, MED, "3.3", ALL, 6, "{unit}内部资料U盘({n}号)", "{y}年培训课件光盘"),
    _e(INT, DEV, "3.7", ALL, 5, "{unit}办公计算机({n}号)"),
    _e(INT, SMP, "3.2", ("production", "marketing"), 4, "{product}展示样品"),
    # 非密
    _e(PUB, DOC, "0.1", ("marketing", "office", "hr"), 10, "{product}产品宣传册",
       "公司简介({y}年版)", "{y}年校园招聘简章", "{product}用户手册(第{rev}版)",
       "{product}技术白皮书(公开版)", "{y}年{q}新闻稿"),
    _e(PUB, MED, "0.1", "marketing", 5, "{y}年展会宣传视频光盘", "{product}产品演示视频光盘",
       "{product}安装教程光盘"),
    _e(PUB, DEV, "0.1", "marketing", 4, "展厅演示终端({n}号)"),
    _e(PUB, SMP, "0.1", "marketing", 5, "{product}展会样品"),
)

#: words the title templates draw from
VOCAB: dict[str, tuple[str, ...]] = {
    "p": ("天枢", "北辰", "玄武", "青鸾", "昆仑", "星河"),
    "product": ("BX-200 控制器", "BX-300 控制器", "HT-5 伺服驱动器", "SL-8 智能网关",
                "KM-12 变频模块", "TS-1 边缘计算终端"),
    "part": ("外壳", "主板支架", "散热器", "前面板", "电源模块", "线束", "底座"),
    "partner": ("华岳精密", "恒通电子", "瑞丰材料", "东方智造", "启明软件", "宏达物流"),
    "cust": ("南方电网某供电局", "华东某汽车厂", "北方重工集团", "西部能源公司",
             "滨海港务集团"),
    "patent": ("一种伺服驱动器散热结构", "一种边缘计算终端的数据同步方法",
               "一种变频模块过流保护电路", "一种多轴运动控制算法",
               "一种网关设备的安全启动方法"),
    "topic": ("调整作息时间", "开展年度保密自查", "年度体检安排", "办公区域消防检查",
              "报送月度报表", "开展保密教育培训", "规范办公用品领用"),
    "q": ("第一季度", "第二季度", "第三季度", "第四季度"),
    "y": ("2024", "2025"),
    "m": tuple(str(n) for n in range(1, 13)),
    "n": tuple(str(n) for n in range(1, 13)),
    "rev": ("A", "B", "C", "D"),
}

#: the confirmer's notes when sending a draft back (退回修改)
RETURN_NOTES: tuple[str, ...] = (
    "定密依据选择不准确,请核对后重新提交。",
    "知悉范围过宽,请只列与内容直接有关的人员。",
    "请补充定密理由。",
    "份数与分发计划不符,请核对。",
    "标题未体现项目阶段,请补充。",
)
