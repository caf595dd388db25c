"""The demo's rows, planned without the database: `plan_customers(seed=…, today=…)`."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from stdnum import luhn
from stdnum.cn import ric

from baomi.customers.records import LABELS
from baomi.demo.customers.data import (
    AGENTS,
    CARD_BINS,
    CITIES,
    DEFAULT_POLICIES,
    FEMALE_OLDER,
    FEMALE_YOUNGER,
    LIFE,
    MALE_OLDER,
    MALE_YOUNGER,
    MOBILE_PREFIXES,
    NAMES_CUT,
    PRODUCTS_ADULT,
    PRODUCTS_BANK,
    PRODUCTS_CHILD,
    PRODUCTS_ELDER,
    REGIONS,
    SURNAMES,
    UNKNOWN_AGENT,
)
from baomi.policy.runtime import get_policy


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


