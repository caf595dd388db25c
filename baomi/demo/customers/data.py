"""The customers demo's fixed data: the unit and its people, agencies and agents, names,
regions, numbers and products the plan draws from."""

from __future__ import annotations

from dataclasses import dataclass

from baomi.customers.models import (
    Agent,
)
from baomi.demo.company.org import UNITS, PersonSpec

DEFAULT_POLICIES = 300

# -- the customer-service unit and its people ------------------------------------------

UNIT_NAME = "客户服务部"
#: first digit of the unit's staff numbers (E7001…), after the six demo departments
UNIT_NUMBER = len(UNITS) + 1

#: head (oversees the list: agents, complaints), 渠道内勤 (imports, investigates) and a
#: 客服专员 who is also the unit's part-time secrecy officer, as in every demo department
PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("manager_cs", "葛宏伟", "customer_service", "客户服务部经理", "DEPT_MANAGER",
               "GENERAL", login=True),
    PersonSpec("staff_cs1", "苗佳琪", "customer_service", "渠道内勤", "STAFF", "GENERAL",
               login=True),
    PersonSpec("staff_cs2", "尹晓峰", "customer_service", "客服专员", "STAFF", "GENERAL",
               login=True, officer=True),
)

# -- agencies and agents ---------------------------------------------------------------

AGENCIES: tuple[tuple[str, str], ...] = (
    ("AG01", "安信保险代理有限公司"),
    ("AG02", "中国工商银行北京朝阳支行(兼业代理)"),
)


@dataclass(frozen=True)
class AgentSpec:
    code: str
    name: str
    kind: str
    agency: str  # agency code, "" for none
    weight: int  # share of the ordinary policies


AGENTS: tuple[AgentSpec, ...] = (
    AgentSpec("A001", "刘建军", Agent.Kind.SALES, "", 25),
    AgentSpec("A002", "陈美华", Agent.Kind.SALES, "", 20),
    AgentSpec("A003", "赵磊", Agent.Kind.SALES, "", 15),
    AgentSpec("B001", "孙丽", Agent.Kind.BANCASSURANCE, "AG02", 20),
    AgentSpec("D001", "周强", Agent.Kind.AGENCY_STAFF, "AG01", 12),
    AgentSpec("D002", "吴婷", Agent.Kind.AGENCY_STAFF, "AG01", 8),
)
COMPLAINED = "A002"    # verified complaints up to `complaint_threshold`: a re-check opens
PENDING = "D001"       # one complaint left 待核实
DEACTIVATED = "D002"   # left; deactivated after her policies were imported
DEACTIVATION_REASON = "已离职:代理机构书面通知终止代理关系"
UNKNOWN_AGENT = "A099"  # a refused row names an agent who was never registered

# -- people, numbers and addresses -----------------------------------------------------

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江"
            "尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤")
#: given names by generation: people born before `NAMES_CUT` get the older ones
NAMES_CUT = 1975
MALE_OLDER = ("建国", "建华", "国强", "志强", "志明", "卫国", "庆丰", "国平", "德明", "振华",
              "立新", "永刚", "春生", "宏亮", "建军", "伟", "强", "军", "勇", "明", "刚",
              "海涛")
MALE_YOUNGER = ("磊", "涛", "杰", "超", "斌", "鹏", "辉", "健", "俊杰", "晓东", "文博",
                "浩然", "宇航", "天宇", "思远", "一鸣", "博文", "家豪", "子轩", "浩宇",
                "梓睿", "沐辰")
FEMALE_OLDER = ("秀英", "桂英", "玉兰", "淑珍", "秀兰", "红霞", "凤英", "丽", "艳", "芳",
                "敏", "静", "春梅", "海燕", "丽娟", "美玲", "雅琴", "霞")
FEMALE_YOUNGER = ("娜", "婷", "雪", "琳", "丹", "慧", "佳怡", "欣怡", "梦琪", "雨涵",
                  "晓燕", "子涵", "诗琪", "婉婷", "若汐", "一诺", "语桐", "欣妍")
#: region codes of the ID numbers (birthplace); those not valid in a birth year (stdnum's
#: table) are skipped for that year
REGIONS = ("110101", "110105", "110108", "310104", "310110", "120101", "440106", "440305",
           "330106", "320102", "510107", "420106", "370202", "210202")
CITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("北京市朝阳区", ("建国路", "朝阳北路", "望京西路", "东三环中路", "安立路")),
    ("北京市海淀区", ("中关村大街", "学院路", "西三环北路", "万泉河路")),
    ("上海市浦东新区", ("世纪大道", "张杨路", "锦绣路", "东方路")),
    ("上海市徐汇区", ("漕溪北路", "肇嘉浜路", "虹桥路")),
    ("天津市和平区", ("南京路", "滨江道", "成都道")),
    ("广州市天河区", ("天河路", "体育西路", "黄埔大道西")),
    ("深圳市南山区", ("科技园南路", "南海大道", "深南大道")),
    ("杭州市西湖区", ("文三路", "天目山路", "古墩路")),
    ("南京市玄武区", ("中山路", "北京东路", "龙蟠路")),
    ("成都市武侯区", ("人民南路四段", "武侯祠大街", "科华北路")),
    ("武汉市武昌区", ("中南路", "中北路", "武珞路")),
)
#: mobile prefixes of the CN numbering plan (phonenumbers accepts them)
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "153", "155", "156", "157", "158", "159", "176", "177",
                   "180", "181", "182", "183", "185", "186", "187", "188", "189", "199")
#: debit-card BINs (issuer prefix, card length)
CARD_BINS = (("622202", 19), ("621700", 19), ("622848", 19), ("621661", 19),
             ("622588", 16), ("622262", 19))

PRODUCTS_ADULT = ("终身寿险", "定期寿险", "重大疾病保险", "两全保险", "年金保险",
                  "百万医疗保险")
PRODUCTS_BANK = ("年金保险", "两全保险", "分红型终身寿险")
PRODUCTS_CHILD = ("少儿教育金保险", "少儿重大疾病保险", "学生意外伤害保险")
PRODUCTS_ELDER = ("防癌医疗保险", "老年意外伤害保险")
LIFE = ("终身寿险", "定期寿险", "两全保险", "分红型终身寿险")

COMPLAINTS = (
    "投保人反映:代理人介绍产品时称“保本保息、随时可以全额退保”,未说明前五年退保的现金价值损失。",
    "投保人反映:代理人将分红型产品说成银行存款,承诺年收益 5%,未提示分红的不确定性。",
    "投保人反映:代理人未如实告知等待期和责任免除条款,称“什么病都能赔”。",
)
COMPLAINT_FINDINGS = "调取投保录音录像和回访记录,代理人确有夸大收益、未提示退保损失的情况,经查属实。"
PENDING_COMPLAINT = "投保人反映:代理人未说明十五天犹豫期,签单后称保单不能退。"


