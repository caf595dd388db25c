"""The customers module's demo (篇十一, R-CUS-1..6), loaded by `baomi demo_load` when the
module is on (`[modules] customers`). Demo only — never load it into a production database.

Everything goes through the services, so every write is checked and audited as in real
use: a customer-service unit (客户服务部, the first code of `[customers] service_units`,
unless the demo company already has a unit of those codes) with three logins; two agencies
and six agents, one deactivated with a reason; about 300 policies imported as a file would
be (`policies_import`), a few rows refused; the suspicious-list scan; one item closed with
findings and an evidence file; mis-selling complaints that take one agent to the re-check
threshold; one verified policy query.

`plan_customers(seed=…, today=…)` is pure and deterministic for a seed: realistic names,
valid GB 11643 ID numbers, addresses, mobile numbers and Luhn-valid bank cards, with a
few planted shared values — a family using the daughter's mobile, an agent's own mobile
given for four customers, a couple sharing a mobile, a couple sharing a card, and an agent
paying two customers' premiums from one card.

Timestamps are the services' own (the moment of loading). The scan is run for *today's*
business date: the policies are entered today, and a scan for an earlier date counts only
customers entered before it, so it would list nothing. The nightly `customers_scan`
(yesterday by default) then finds nothing new for the demo data.
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from stdnum import luhn
from stdnum.cn import ric

from baomi.core.errors import ApplicationError
from baomi.customers import crypto
from baomi.customers.identity import normalise_phone
from baomi.customers.models import (
    Agent,
    Complaint,
    InsurancePolicy,
    PolicyQuery,
    Recheck,
    SuspiciousItem,
)
from baomi.customers.records import LABELS
from baomi.customers.services.agents import (
    agency_create,
    agent_create,
    agent_set_active,
)
from baomi.customers.services.checks import (
    complaint_record,
    complaint_verify,
    policy_query,
)
from baomi.customers.services.registry import policies_import
from baomi.customers.services.scan import EvidenceFile, item_close, suspicious_scan
from baomi.people.demo.org import DEMO_PASSWORD, UNITS, PersonSpec
from baomi.people.models import OrgUnit
from baomi.people.services import orgunit_create, person_create
from baomi.policy.customers import module_on
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from baomi.customers.services.registry import ImportResult
    from baomi.people.models import Person

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


@dataclass(frozen=True)
class DemoPerson:
    name: str
    male: bool
    birth: datetime.date
    id_number: str  # "" for a minor insured without one (R-CUS-1)
    phone: str = ""
    account: str = ""
    address: str = ""


@dataclass
class CustomersPlan:
    """The import rows (line numbers as in a file: the header is line 1) and the facts
    the loader needs: which rows are refused, which values are shared, whom to query."""

    rows: list[dict[str, str]] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)   # policy number → what is wrong
    family_phone: str = ""          # closed as 已排除 (家庭成员共用)
    family: tuple[str, ...] = ()
    shared_phones: tuple[str, ...] = ()
    shared_accounts: tuple[str, ...] = ()
    query: tuple[str, str, str] = ("", "", "")   # policy number, asker's name, ID number

    @property
    def good(self) -> int:
        return len(self.rows) - len(self.refused)


class _People:
    """Unique, valid identities drawn from one random generator."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self._ids: set[str] = set()
        self._phones: set[str] = set()
        self._cards: set[str] = set()

    def day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def name(self, male: bool, birth: datetime.date, surname: str = "") -> str:
        older = birth.year < NAMES_CUT
        given = self.rng.choice((MALE_OLDER if older else MALE_YOUNGER) if male
                                else (FEMALE_OLDER if older else FEMALE_YOUNGER))
        return (surname or self.rng.choice(SURNAMES)) + given

    def id_number(self, birth: datetime.date, male: bool) -> str:
        while True:
            region = self.rng.choice(REGIONS)
            order = self.rng.randrange(500) * 2 + (1 if male else 0)   # odd: male
            body = f"{region}{birth:%Y%m%d}{order:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self._ids and ric.is_valid(number):
                self._ids.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10 ** 8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def card(self) -> str:
        while True:
            prefix, length = self.rng.choice(CARD_BINS)
            body = prefix + "".join(str(self.rng.randrange(10))
                                    for _ in range(length - len(prefix) - 1))
            number = body + luhn.calc_check_digit(body)
            if number not in self._cards:
                self._cards.add(number)
                return number

    def address(self) -> str:
        city, streets = self.rng.choice(CITIES)
        r = self.rng.randint
        return (f"{city}{self.rng.choice(streets)}{r(1, 399)}号{r(1, 20)}栋{r(1, 6)}单元"
                f"{r(1, 32)}{r(1, 4):02d}室")

    def person(self, *, male: bool, birth: datetime.date, surname: str = "",
               phone: str | None = None, account: str | None = "", address: str = "",
               id_number: bool = True) -> DemoPerson:
        """A person; `phone` and `account` None: a new one, "": none."""
        return DemoPerson(
            name=self.name(male, birth, surname), male=male, birth=birth,
            id_number=self.id_number(birth, male) if id_number else "",
            phone=self.mobile() if phone is None else phone,
            account=self.card() if account is None else account, address=address)

    def holder(self, *, male: bool | None = None, born: tuple[int, int] = (1956, 2000),
               phone: str | None = None, account: str | None = None, address: str = "",
               surname: str = "") -> DemoPerson:
        """A policyholder: every R-CUS-1 key field, and a card the premiums are paid from."""
        male = self.rng.random() < 0.5 if male is None else male
        birth = self.day(datetime.date(born[0], 1, 1), datetime.date(born[1], 12, 31))
        return self.person(male=male, birth=birth, surname=surname, phone=phone,
                           account=account, address=address or self.address())


def _years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _row(*, agent: str, product: str, signed: datetime.date, holder: DemoPerson,
         relation: str = "本人", insured: DemoPerson | None = None,
         beneficiary: DemoPerson | None = None) -> dict[str, str]:
    def gender(p: DemoPerson) -> str:
        return "男" if p.male else "女"

    row = dict.fromkeys(LABELS, "")
    row.update(agent_code=agent, product=product, signed_on=signed.isoformat(),
               holder_name=holder.name, holder_gender=gender(holder),
               holder_birth_date=holder.birth.isoformat(), holder_id_number=holder.id_number,
               holder_address=holder.address, holder_phone=holder.phone,
               holder_account=holder.account, insured_relation=relation)
    if insured is not None:
        row.update(insured_name=insured.name, insured_gender=gender(insured),
                   insured_birth_date=insured.birth.isoformat(),
                   insured_id_number=insured.id_number, insured_phone=insured.phone)
    if beneficiary is not None:
        row.update(beneficiary_name=beneficiary.name,
                   beneficiary_id_number=beneficiary.id_number,
                   beneficiary_phone=beneficiary.phone)
    return row


class _Planner:
    def __init__(self, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)  # noqa: S311 — demo data, not cryptography
        self.today = today
        self.people = _People(self.rng, today)
        self.agents = [a.code for a in AGENTS]
        self.weights = [a.weight for a in AGENTS]

    def signed(self) -> datetime.date:
        """A signing day in the last three years."""
        return self.today - datetime.timedelta(days=self.rng.randrange(20, 1100))

    def ordinary(self, holder: DemoPerson | None = None) -> dict[str, str]:
        """A policy of the ordinary business: the holder insures self, spouse, a child or
        a parent; life policies of a self-insured holder often name the spouse as
        beneficiary. A returning customer (`holder` given) insures self, no beneficiary."""
        rng, people = self.rng, self.people
        agent = rng.choices(self.agents, self.weights)[0]
        returning = holder is not None
        holder = holder or people.holder()
        signed = self.signed()
        relation = "本人" if returning else rng.choices(("本人", "配偶", "子女", "父母"),
                                                      (45, 20, 25, 10))[0]
        insured: DemoPerson | None = None
        if relation == "子女":
            first = _years(holder.birth, 22)
            last = min(_years(holder.birth, 40), signed - datetime.timedelta(days=60))
            if first <= last:
                birth = people.day(first, last)
                minor = _years(birth, get_policy().customers.adult_age) > signed
                insured = people.person(
                    male=rng.random() < 0.5, birth=birth, surname=holder.name[0],
                    phone="" if minor else None,
                    id_number=not minor or rng.random() < 0.7)   # R-CUS-1: a minor may lack it
        elif relation == "父母":
            first = max(_years(holder.birth, -34), datetime.date(1936, 1, 1))
            last = _years(holder.birth, -22)
            if first <= last:
                male = rng.random() < 0.5
                insured = people.person(male=male, birth=people.day(first, last),
                                        surname=holder.name[0] if male else "",
                                        phone="" if rng.random() < 0.5 else None)
        elif relation == "配偶":
            insured = self.spouse(holder, phone="" if rng.random() < 0.3 else None)
        if insured is None:
            relation = "本人"
        products: tuple[str, ...]
        if agent == "B001":
            products = PRODUCTS_BANK
        elif relation == "子女":
            products = PRODUCTS_CHILD
        elif relation == "父母":
            products = PRODUCTS_ELDER
        else:
            products = PRODUCTS_ADULT
        product = rng.choice(products)
        beneficiary = None
        if relation == "本人" and not returning and product in LIFE and rng.random() < 0.6:
            beneficiary = self.spouse(holder, phone="")
        return _row(agent=agent, product=product, signed=signed, holder=holder,
                    relation=relation, insured=insured, beneficiary=beneficiary)

    def spouse(self, holder: DemoPerson, *, phone: str | None) -> DemoPerson:
        first = _years(holder.birth, -4)
        last = min(_years(holder.birth, 4), _years(self.today, -20))
        return self.people.person(male=not holder.male, birth=self.people.day(first, last),
                                  phone=phone)

    def planted(self, plan: CustomersPlan) -> list[dict[str, str]]:
        """The shared values the scan is meant to find (R-CUS-3)."""
        people, rows = self.people, []
        # a family: the parents gave their daughter's mobile (closed as 已排除)
        daughter = people.holder(male=False, born=(1978, 1984), surname="李")
        father = people.holder(male=True, born=(1950, 1954), surname="李",
                               phone=daughter.phone, address=daughter.address)
        mother = people.holder(male=False, born=(1952, 1956), phone=daughter.phone,
                               address=daughter.address)
        rows += [_row(agent="A001", product="重大疾病保险", signed=self.signed(), holder=daughter),
                 _row(agent="A001", product="防癌医疗保险", signed=self.signed(), holder=father),
                 _row(agent="A001", product="老年意外伤害保险", signed=self.signed(),
                      holder=mother)]
        plan.family_phone = daughter.phone
        plan.family = (father.name, mother.name, daughter.name)
        # an agent's own mobile given as four unrelated customers' phone
        agent_phone = people.mobile()
        rows += [_row(agent="A003", product=self.rng.choice(PRODUCTS_ADULT),
                      signed=self.signed(), holder=people.holder(phone=agent_phone))
                 for _ in range(4)]
        # a couple sharing one mobile
        husband = people.holder(male=True, born=(1975, 1985))
        wife = people.holder(male=False, born=(1977, 1987), phone=husband.phone,
                             address=husband.address)
        rows += [_row(agent="D001", product="定期寿险", signed=self.signed(), holder=husband),
                 _row(agent="D001", product="重大疾病保险", signed=self.signed(), holder=wife)]
        # a couple paying from one card
        card = people.card()
        husband2 = people.holder(male=True, born=(1965, 1975), account=card)
        wife2 = people.holder(male=False, born=(1967, 1977), account=card,
                              address=husband2.address)
        rows += [_row(agent="A002", product="年金保险", signed=self.signed(), holder=husband2),
                 _row(agent="A002", product="两全保险", signed=self.signed(), holder=wife2)]
        # a bancassurance agent paying two customers' premiums from one card
        agent_card = people.card()
        rows += [_row(agent="B001", product=self.rng.choice(PRODUCTS_BANK),
                      signed=self.signed(), holder=people.holder(account=agent_card))
                 for _ in range(2)]
        plan.shared_phones = (daughter.phone, agent_phone, husband.phone)
        plan.shared_accounts = (card, agent_card)
        return rows

    def refused(self) -> list[tuple[dict[str, str], str]]:
        """Rows the import refuses (R-CUS-1, R-CUS-2, an unknown agent)."""
        out = []
        row = self.ordinary()
        number = row["holder_id_number"]
        wrong = "0" if number[-1] == "X" else str((int(number[-1]) + 1) % 10)
        row["holder_id_number"] = number[:-1] + wrong
        out.append((row, "证件号码校验码错误"))
        row = self.ordinary()
        row["holder_address"] = ""
        out.append((row, "缺少投保人联系地址"))
        row = self.ordinary()
        row["holder_gender"] = "女" if row["holder_gender"] == "男" else "男"
        out.append((row, "性别与证件号码不符"))
        row = self.ordinary()
        row["agent_code"] = UNKNOWN_AGENT
        out.append((row, "代理人工号未登记"))
        return out


def plan_customers(*, seed: int, today: datetime.date,
                   policies: int = DEFAULT_POLICIES) -> CustomersPlan:
    """The demo's import rows: `policies` good ones and four refused (pure)."""
    plan = CustomersPlan()
    planner = _Planner(seed, today)
    good = planner.planted(plan)
    repeat: list[DemoPerson] = []
    while len(good) < policies:
        holder = None
        if repeat and planner.rng.random() < 0.05:   # a customer with a second policy
            holder = repeat.pop(planner.rng.randrange(len(repeat)))
        row = planner.ordinary(holder)
        if holder is None and len(repeat) < 20:
            repeat.append(DemoPerson(
                name=row["holder_name"], male=row["holder_gender"] == "男",
                birth=datetime.date.fromisoformat(row["holder_birth_date"]),
                id_number=row["holder_id_number"], phone=row["holder_phone"],
                account=row["holder_account"], address=row["holder_address"]))
        good.append(row)
    planner.rng.shuffle(good)
    bad = planner.refused()
    rows = list(good)
    for index, (row, _) in enumerate(bad):   # spread through the file
        rows.insert((index * 2 + 1) * len(good) // (2 * len(bad)) + index, row)
    reasons = {id(row): reason for row, reason in bad}
    for n, row in enumerate(rows, start=1):
        signed = datetime.date.fromisoformat(row["signed_on"])
        row["policy_number"] = f"P{signed:%Y%m%d}{n:04d}"
        if id(row) in reasons:
            plan.refused[row["policy_number"]] = reasons[id(row)]
    plan.rows = rows
    query = next(r for r in rows if r["policy_number"] not in plan.refused
                 and r["insured_relation"] == "本人" and r["agent_code"] == "A001")
    plan.query = (query["policy_number"], query["holder_name"], query["holder_id_number"])
    return plan


# -- loading ---------------------------------------------------------------------------


@dataclass
class CustomersDemoSummary:
    unit: str = ""
    unit_added: bool = False
    people: int = 0
    logins: int = 0
    agencies: int = 0
    agents: int = 0
    inactive_agents: int = 0
    rows: int = 0
    stored: int = 0
    refused: int = 0
    scan_date: datetime.date | None = None
    open_items: int = 0
    closed_items: int = 0
    complaints: int = 0
    rechecks: int = 0
    queries: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        return "\n".join([
            f"客户信息演示已装入 / Customers demo loaded ({self.seconds:.1f} s)",
            f"  {self.unit} people: {self.people}"
            f"{'(新增单位 new unit)' if self.unit_added else ''}"
            f"   代理机构 agencies: {self.agencies}"
            f"   代理人 agents: {self.agents}(停用 inactive {self.inactive_agents})",
            f"  保单 policies: {self.stored}   导入拒绝 refused rows: {self.refused}"
            f" / {self.rows}",
            f"  可疑件 suspicious ({self.scan_date}): 待排查 open {self.open_items}、"
            f"已办结 closed {self.closed_items}   投诉 complaints: {self.complaints}"
            f"   重新核查 re-checks: {self.rechecks}   查询 queries: {self.queries}",
        ])


@dataclass
class _Staff:
    head: Person
    clerk: Person
    desk: Person


def _service_people(summary: CustomersDemoSummary) -> _Staff:
    """The customer-service unit of the policy, and its three people."""
    codes = get_policy().customers.service_units
    unit = OrgUnit.objects.filter(code__in=codes).order_by("sort", "id").first()
    if unit is None:
        company = OrgUnit.objects.filter(parent__isnull=True).order_by("id").first()
        unit = orgunit_create(actor=None, name=UNIT_NAME, code=codes[0], parent=company,
                              sort=UNIT_NUMBER * 10)
        summary.unit_added = True
    summary.unit = unit.name
    people = []
    for n, spec in enumerate(PEOPLE, start=1):
        people.append(person_create(
            actor=None, name=spec.name, staff_no=f"E{UNIT_NUMBER}{n:03d}", unit=unit,
            rank=spec.rank, clearance=spec.clearance,
            username=spec.key if spec.login else None,
            password=DEMO_PASSWORD if spec.login else None,
            is_secrecy_officer=spec.officer))
        summary.logins += spec.login
    summary.people = len(people)
    return _Staff(*people)


def _agents(head: Person, summary: CustomersDemoSummary) -> dict[str, Agent]:
    agencies = {code: agency_create(actor=head, code=code, name=name)
                for code, name in AGENCIES}
    agents = {spec.code: agent_create(actor=head, code=spec.code, name=spec.name,
                                      kind=spec.kind,
                                      agency=agencies[spec.agency] if spec.agency else None)
              for spec in AGENTS}
    summary.agencies, summary.agents = len(agencies), len(agents)
    return agents


def _check_import(result: ImportResult, plan: CustomersPlan) -> None:
    """The demo's rows are designed: any other outcome is a bug in the plan."""
    lines = {n for n, row in enumerate(plan.rows, start=2)
             if row["policy_number"] in plan.refused}
    if result.stored != plan.good or {b.line for b in result.bad} != lines:
        raise ApplicationError("演示保单导入结果与设计不符", fields={
            "import": [f"第 {b.line} 行: {';'.join(b.reasons)}" for b in result.bad]})


def _close_family_item(plan: CustomersPlan) -> None:
    """The family's shared mobile, closed by its assignee as 已排除 with a report."""
    key = crypto.blind_index("phone", normalise_phone(plan.family_phone))
    item = (SuspiciousItem.objects.select_related("assignee__unit")
            .get(kind=SuspiciousItem.Kind.PHONE, key_bi=key, status=SuspiciousItem.Status.OPEN))
    assignee = item.assignee
    if assignee is None:
        raise ApplicationError("可疑件没有承办人", fields={"assignee": [item.number]})
    father, mother, daughter = plan.family
    today = timezone.localdate()
    findings = (f"电话回访 {daughter} 本人并核对户籍资料:{father}、{mother} 为其父母,"
                f"二人年事已高、不常用手机,投保时留了女儿的手机号码。家庭成员共用,资料属实。")
    report = "\n".join([
        "可疑客户信息资料排查报告", "",
        f"可疑件:{item.number}(同一电话 {item.masked})",
        f"涉及客户:{father}(父)、{mother}(母)、{daughter}(女)",
        f"排查情况:{findings}",
        "结论:已排除(家庭成员共用)。",
        f"承办人:{assignee.name}    日期:{today:%Y-%m-%d}", ""])
    item_close(actor=assignee, item=item, outcome=SuspiciousItem.Outcome.CLEARED,
               findings=findings,
               evidence=[EvidenceFile(name=f"排查报告-{item.number}.txt",
                                      content=report.encode("utf-8"),
                                      content_type="text/plain; charset=utf-8")])


def _complaints(staff: _Staff, agents: dict[str, Agent]) -> Recheck | None:
    """`complaint_threshold` verified mis-selling complaints against one agent (the last
    opens the re-check, R-CUS-4) and one complaint against another agent, pending."""
    today = timezone.localdate()
    threshold = get_policy().customers.complaint_threshold
    agent = agents[COMPLAINED]
    received = [today - datetime.timedelta(days=12 + 29 * (threshold - 1 - n))
                for n in range(threshold)]
    policies = list(InsurancePolicy.objects.filter(agent=agent, signed_on__lt=received[0])
                    .order_by("signed_on", "number")[:threshold])
    recheck = None
    for n in range(threshold):
        complaint = complaint_record(actor=staff.clerk, agent=agent, received_on=received[n],
                                     summary=COMPLAINTS[n % len(COMPLAINTS)],
                                     policy=policies[n] if n < len(policies) else None)
        # verified in the order received: the threshold-th one opens the re-check
        _, recheck = complaint_verify(actor=staff.head, complaint=complaint,
                                      mis_selling=True, findings=COMPLAINT_FINDINGS)
    other = agents[PENDING]
    complaint_record(actor=staff.desk, agent=other,
                     received_on=today - datetime.timedelta(days=3),
                     summary=PENDING_COMPLAINT,
                     policy=InsurancePolicy.objects.filter(agent=other)
                     .order_by("number").first())
    return recheck


def load_customers_demo(*, seed: int,
                        policies: int = DEFAULT_POLICIES) -> CustomersDemoSummary | None:
    """Load the customers demo (one transaction); None when the module is off or the
    policy names no customer-service unit."""
    if not module_on() or not get_policy().customers.service_units:
        return None
    started = time.perf_counter()
    today = timezone.localdate()
    plan = plan_customers(seed=seed, today=today, policies=policies)
    summary = CustomersDemoSummary(rows=len(plan.rows))
    with transaction.atomic():
        staff = _service_people(summary)
        agents = _agents(staff.head, summary)
        result = policies_import(actor=staff.clerk, rows=enumerate(plan.rows, start=2),
                                 parallel=False)
        _check_import(result, plan)
        summary.stored, summary.refused = result.stored, len(result.bad)
        agent_set_active(actor=staff.head, agent=agents[DEACTIVATED], active=False,
                         reason=DEACTIVATION_REASON)
        summary.inactive_agents = 1
        summary.scan_date = today
        suspicious_scan(scan_date=today)
        _close_family_item(plan)
        recheck = _complaints(staff, agents)
        number, name, id_number = plan.query
        policy_query(actor=staff.desk, policy_number=number, asker_name=name,
                     asker_id_number=id_number, channel=PolicyQuery.Channel.PHONE)
    items = list(SuspiciousItem.objects.values_list("status", flat=True))
    summary.open_items = sum(s == SuspiciousItem.Status.OPEN for s in items)
    summary.closed_items = sum(s == SuspiciousItem.Status.CLOSED for s in items)
    summary.complaints = Complaint.objects.count()
    summary.rechecks = int(recheck is not None)
    summary.queries = PolicyQuery.objects.count()
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["DEFAULT_POLICIES", "PEOPLE", "CustomersDemoSummary", "CustomersPlan",
           "load_customers_demo", "plan_customers"]
