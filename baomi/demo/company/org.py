"""The demo company: six departments and 61 people (data only, no database access).

Ranks and clearances follow the posts (R-ACC-2): board members and the supervisor are
BOARD with 核心 clearance, the GM 核心, deputy GMs, directors and project managers 重要,
department managers 一般 or 重要, staff mostly 一般 or 非涉密. Each department has one
part-time secrecy officer (兼职保密员); 总经办 is the secrecy office (保密办).
"""

from __future__ import annotations

from dataclasses import dataclass

#: the one password of every demo login; it passes Django's validators (length ≥ 10,
#: not common, not numeric). Demo only — never load the demo into a production database.
DEMO_PASSWORD = "Baomi-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    number: int  # first digit of the staff numbers of the unit
    is_secrecy_office: bool = False


@dataclass(frozen=True)
class PersonSpec:
    key: str  # login name when `login`, else an internal key
    name: str
    unit: str
    post: str  # 职务, shown by demo_logins
    rank: str
    clearance: str
    login: bool = False
    officer: bool = False  # 兼职保密员


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("office", "总经办", 1, is_secrecy_office=True),
    UnitSpec("rd", "研发中心", 2),
    UnitSpec("finance", "财务部", 3),
    UnitSpec("marketing", "市场部", 4),
    UnitSpec("production", "生产部", 5),
    UnitSpec("hr", "人力资源部", 6),
)

_B, _G, _D, _DR, _PM, _M, _S = (
    "BOARD", "GM", "DEPUTY_GM", "DIRECTOR", "PROJECT_MANAGER", "DEPT_MANAGER", "STAFF",
)
_CORE, _IMP, _GEN, _NONE = "CORE", "IMPORTANT", "GENERAL", "NONE"


def _p(key: str, name: str, unit: str, post: str, rank: str, clearance: str, *,
       login: bool = False, officer: bool = False) -> PersonSpec:
    return PersonSpec(key, name, unit, post, rank, clearance, login, officer)


PEOPLE: tuple[PersonSpec, ...] = (
    # 总经办 — board, supervisor, GM, deputies and the secrecy office (保密办)
    _p("chairman", "陈国华", "office", "董事长", _B, _CORE, login=True),
    _p("board2", "林振宇", "office", "董事", _B, _CORE),
    _p("board3", "王丽君", "office", "独立董事", _B, _CORE),
    _p("supervisor", "赵建平", "office", "监事会主席", _B, _CORE, login=True),
    _p("gm", "张伟明", "office", "总经理", _G, _CORE, login=True),
    _p("deputy1", "李志强", "office", "副总经理(分管技术、生产)", _D, _IMP, login=True),
    _p("deputy2", "刘慧敏", "office", "副总经理(分管财务、市场)", _D, _IMP, login=True),
    _p("manager_office", "周晓燕", "office", "总经办主任", _M, _GEN, login=True),
    _p("secrecy_office", "吴静", "office", "保密专员", _S, _GEN, login=True, officer=True),
    _p("office_admin", "孙浩", "office", "行政专员", _S, _GEN),
    _p("office_clerk", "马丽", "office", "文员", _S, _NONE),
    # 研发中心 — the technical centre (R-DRW-1)
    _p("director_rd", "黄建国", "rd", "技术总监", _DR, _IMP, login=True),
    _p("pm_rd1", "郑凯", "rd", "项目经理(天枢项目)", _PM, _IMP, login=True),
    _p("pm_rd2", "何雪", "rd", "项目经理(北辰项目)", _PM, _IMP, login=True),
    _p("manager_rd", "许文涛", "rd", "研发部经理", _M, _IMP, login=True),
    _p("staff_rd1", "陈思远", "rd", "硬件工程师", _S, _GEN, login=True),
    _p("staff_rd2", "冯磊", "rd", "高级工程师", _S, _IMP, login=True),
    _p("staff_rd3", "谢雨晨", "rd", "实习生", _S, _NONE, login=True),
    _p("rd_officer", "朱琳", "rd", "测试工程师", _S, _GEN, officer=True),
    _p("rd_04", "杨帆", "rd", "结构工程师", _S, _GEN),
    _p("rd_05", "秦海洋", "rd", "软件工程师", _S, _GEN),
    _p("rd_06", "曹宇", "rd", "软件工程师", _S, _GEN),
    _p("rd_07", "彭博", "rd", "嵌入式工程师", _S, _GEN),
    _p("rd_08", "邓佳怡", "rd", "工业设计师", _S, _GEN),
    _p("rd_09", "韩雪松", "rd", "工艺工程师", _S, _GEN),
    _p("rd_10", "唐俊", "rd", "技术文档工程师", _S, _GEN),
    _p("rd_11", "袁媛", "rd", "研发助理", _S, _NONE),
    # 财务部
    _p("director_fin", "罗红梅", "finance", "财务总监", _DR, _IMP, login=True),
    _p("manager_fin", "蒋涛", "finance", "财务部经理", _M, _IMP, login=True),
    _p("staff_fin1", "沈佳", "finance", "主办会计", _S, _IMP, login=True),
    _p("fin_officer", "高远", "finance", "总账会计", _S, _GEN, officer=True),
    _p("fin_04", "魏琴", "finance", "出纳", _S, _GEN),
    _p("fin_05", "吕晨", "finance", "税务会计", _S, _GEN),
    _p("fin_06", "苏敏", "finance", "成本会计", _S, _GEN),
    _p("fin_07", "贾婷", "finance", "核算员", _S, _NONE),
    # 市场部
    _p("director_mkt", "程立新", "marketing", "营销总监", _DR, _IMP, login=True),
    _p("manager_mkt", "范晓东", "marketing", "市场部经理", _M, _GEN, login=True),
    _p("staff_mkt1", "方芳", "marketing", "大客户经理", _S, _GEN, login=True),
    _p("staff_mkt2", "任杰", "marketing", "市场专员", _S, _NONE, login=True),
    _p("mkt_officer", "姚倩", "marketing", "商务专员", _S, _GEN, officer=True),
    _p("mkt_05", "汪洋", "marketing", "销售代表", _S, _GEN),
    _p("mkt_06", "廖俊杰", "marketing", "销售代表", _S, _NONE),
    _p("mkt_07", "邹颖", "marketing", "品牌专员", _S, _NONE),
    _p("mkt_08", "熊丹", "marketing", "客服专员", _S, _NONE),
    # 生产部
    _p("director_prod", "石磊", "production", "生产总监", _DR, _IMP, login=True),
    _p("pm_prod", "龙海", "production", "项目经理(工艺改进)", _PM, _IMP, login=True),
    _p("manager_prod", "钱卫东", "production", "生产部经理", _M, _GEN, login=True),
    _p("staff_prod1", "萧然", "production", "工艺工程师", _S, _GEN, login=True),
    _p("prod_officer", "段志刚", "production", "质检主管", _S, _GEN, officer=True),
    _p("prod_05", "雷敏", "production", "生产计划员", _S, _GEN),
    _p("prod_06", "郝建军", "production", "装配班组长", _S, _GEN),
    _p("prod_07", "邵斌", "production", "设备工程师", _S, _GEN),
    _p("prod_08", "田野", "production", "装配工", _S, _NONE),
    _p("prod_09", "侯春梅", "production", "仓库管理员", _S, _NONE),
    # 人力资源部
    _p("manager_hr", "孟晓红", "hr", "人力资源部经理", _M, _IMP, login=True),
    _p("staff_hr1", "白雪", "hr", "薪酬专员", _S, _GEN, login=True),
    _p("hr_officer", "康宁", "hr", "招聘专员", _S, _GEN, officer=True),
    _p("hr_04", "毛志远", "hr", "培训专员", _S, _GEN),
    _p("hr_05", "黎明", "hr", "档案管理员", _S, _GEN),
    _p("hr_06", "常青", "hr", "绩效专员", _S, _GEN),
    _p("hr_07", "夏琳", "hr", "人事专员", _S, _NONE),
)


def unit_spec(code: str) -> UnitSpec:
    for unit in UNITS:
        if unit.code == code:
            return unit
    raise KeyError(code)


def staff_numbers() -> dict[str, str]:
    """Staff number (工号) per person key: E, the unit's digit, a running number (E2005)."""
    numbers: dict[str, str] = {}
    running: dict[str, int] = {}
    for spec in PEOPLE:
        running[spec.unit] = running.get(spec.unit, 0) + 1
        numbers[spec.key] = f"E{unit_spec(spec.unit).number}{running[spec.unit]:03d}"
    return numbers
