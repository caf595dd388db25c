"""Who may work with customer records, see their identifiers, keep the working-day
calendar and close suspicious items (篇十一, RULES.md §10, R-CUS-1..6).

Every function returns a `Decision` with the rule id and the clause of 篇十一 it rests on.
The reasons (who is allowed as what, why a refusal) are marked for translation but kept in
Chinese in the `Decision`: they are written to the audit log and the query log as they
are, and the pages translate them when they show them (`{% translate decision.reason %}`).
The clauses quote the regulation and are never translated.
The clauses are kept here, beside the rules, so that the customers module can be switched
off (`[modules] customers = false`) without leaving anything behind in shared tables.

Separation of duties (R-ACC-4): the secrecy office and the leaders oversee the suspicious
list and see customers *masked*; full ID numbers, phones and bank accounts are shown only
to the customer-service units that need them (`[customers] reveal_units`) and to the
person assigned to an open item about that customer.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_noop

from baomi.policy.clauses import clause_for
from baomi.policy.decision import Decision
from baomi.policy.runtime import get_policy

CUSTOMER_CLAUSES: dict[str, str] = {
    "R-CUS-1": "客户关键信息资料应至少包括:(1)投保人的姓名、性别、出生日期、证件号码、联系地址、电话;(2)被保险人的姓名、性别、出生日期、证件号码(未成年被保险人除外)。(篇十一 第五条)",
    "R-CUS-2": "系统应对客户性别、出生日期、身份证号码等关键字段设置必要的校验,确保其身份证号码符合身份证编码规则,性别、出生日期与身份证号码无逻辑错误。(篇十一 第六条)",
    "R-CUS-3": "客户信息资料的可疑线索包括“同一电话、同一银行账号在2个不同客户的信息资料中重复出现”。渠道内勤应在3个工作日内完成可疑排查。(篇十一 第七条、第十三条)",
    "R-CUS-4": "对一年内被投诉并经查实有销售误导行为2次及以上的营销员、银保专管员或代理机构,客户服务部应对其销售的保单客户资料进行重新核查。(篇十一 第十四条)",
    "R-CUS-5": "回答电话查询应先核实查询人的身份,在确认查询人为我公司人身保险保单的投保人、被保险人和受益人后方能提供查询服务。(篇十一 第十七条)防止任何第三方人员在未经保单投保人、被保险人或受益人同意的情况下,非法获取客户的保单及赔案(给付)信息。(第二十一条)",
    "R-CUS-6": "对提供虚假客户资料的营销员、银保专管员应及时报告分公司合规,并按季度汇总相关情况提交综合办公室。(篇十一 第二十二条、第二十三条)",
}


class Viewer(Protocol):
    rank: str
    status: str
    is_secrecy_officer: bool

    @property
    def unit(self) -> _Unit: ...


class _Unit(Protocol):
    code: str
    is_secrecy_office: bool


def customer_clause(rule: str) -> str:
    return CUSTOMER_CLAUSES.get(rule) or clause_for(rule)


def _allow(rule: str, reason: str = "") -> Decision:
    return Decision(True, rule, customer_clause(rule), reason)


def _deny(rule: str, reason: str) -> Decision:
    return Decision(False, rule, customer_clause(rule), reason)


def module_on() -> bool:
    return get_policy().modules.on("customers")


def _in_secrecy_office(viewer: Viewer) -> bool:
    return bool(viewer.is_secrecy_officer or viewer.unit.is_secrecy_office)


def _in_service(viewer: Viewer) -> bool:
    return viewer.unit.code in get_policy().customers.service_units


def may_work_with_customers(viewer: Viewer | None) -> Decision:
    """List, register, import and look up customers and policies (R-CUS-5, 第二十一条)."""
    if viewer is None or viewer.status == "LEFT":
        return _deny("R-CUS-5", gettext_noop("人员不在岗"))
    settings = get_policy().customers
    if _in_service(viewer):
        return _allow("R-CUS-5", gettext_noop("客户服务部门"))
    if viewer.rank in settings.service_ranks:
        return _allow("R-CUS-5", gettext_noop("分管领导"))
    if _in_secrecy_office(viewer):
        return _allow("R-CUS-5", gettext_noop("保密办(监督,只见掩码)"))
    return _deny("R-CUS-5", gettext_noop("只有客户服务部门、分管领导和保密办可以查看客户资料"))


def may_reveal_identifiers(viewer: Viewer | None, *, investigating: bool = False) -> Decision:
    """Full ID number, phone and bank account instead of the mask (R-CUS-5, R-ACC-4).

    `investigating`: the viewer is assigned to an open suspicious item about the customer
    (渠道内勤 doing the 可疑排查 needs the real numbers, 第十三条).
    """
    return _full_numbers(viewer, investigating=investigating, rule="R-CUS-5", refusal=gettext_noop(
        "只显示掩码:监督与查阅分离,不需要完整号码"))


def may_correct_customer(viewer: Viewer | None, *, investigating: bool = False) -> Decision:
    """Correct a stored customer's phone, bank account or address (R-CUS-3).

    The correction is what an investigation concludes as 资料已更正 (第七条, 第十三条), so
    its refusal names R-CUS-3. The same people as for full numbers: the person assigned to
    an open suspicious item about the customer (`investigating`) and the customer-service
    units of `[customers] reveal_units`. Overseers (the secrecy office, the leaders) see
    masks and do not correct (R-ACC-4). Someone who may not work with customer records at
    all is refused by that gate (R-CUS-5, 第二十一条).
    """
    return _full_numbers(viewer, investigating=investigating, rule="R-CUS-3", refusal=gettext_noop(
        "只有客户服务部门和可疑排查的承办人可以更正客户资料"))


def _full_numbers(viewer: Viewer | None, *, investigating: bool, rule: str,
                  refusal: str) -> Decision:
    """Who works with a customer's full numbers: the investigator of an open item about
    them (R-CUS-3) or the `reveal_units`; `rule` and `refusal` name the act refused."""
    work = may_work_with_customers(viewer)
    if not work:
        return work
    if investigating:
        return _allow("R-CUS-3", gettext_noop("可疑排查的承办人"))
    if viewer is not None and viewer.unit.code in get_policy().customers.reveal_units:
        return _allow(rule, gettext_noop("客户服务部门"))
    return _deny(rule, refusal)


def may_oversee_list(viewer: Viewer | None) -> Decision:
    """Assign suspicious items, record and verify complaints, run reports (R-CUS-3/4/6)."""
    if viewer is None or viewer.status == "LEFT":
        return _deny("R-CUS-3", gettext_noop("人员不在岗"))
    if viewer.rank in get_policy().customers.service_ranks or _in_secrecy_office(viewer):
        return _allow("R-CUS-3")
    if _in_service(viewer) and viewer.rank != "STAFF":
        return _allow("R-CUS-3", gettext_noop("客户服务部门负责人"))
    return _deny("R-CUS-3", gettext_noop("只有分管领导、客户服务部门负责人和保密办可以分派和汇总"))


def may_close_item(viewer: Viewer | None, *, assignee_id: int | None,
                   viewer_id: int | None) -> Decision:
    """The assignee closes an item with findings and evidence; overseers may too (R-CUS-3)."""
    if viewer is not None and viewer_id is not None and viewer_id == assignee_id \
            and viewer.status != "LEFT":
        return _allow("R-CUS-3", gettext_noop("承办人"))
    oversee = may_oversee_list(viewer)
    if oversee:
        return oversee
    return _deny("R-CUS-3", gettext_noop("只有承办人或负责人可以办结可疑件"))


def may_keep_calendar(viewer: Viewer | None) -> Decision:
    """The working-day calendar is kept by the secrecy office (R-CUS-3 deadlines)."""
    if viewer is not None and viewer.status != "LEFT" and _in_secrecy_office(viewer):
        return _allow("R-CUS-3", gettext_noop("保密办维护工作日历"))
    return _deny("R-CUS-3", gettext_noop("工作日历由保密办维护"))


def may_answer_query(*, asker_is_party: bool, name_matches: bool) -> Decision:
    """A policy query is answered only for its policyholder, insured or beneficiary (R-CUS-5)."""
    if not asker_is_party:
        return _deny("R-CUS-5", gettext_noop("查询人不是该保单的投保人、被保险人或受益人"))
    if not name_matches:
        return _deny("R-CUS-5", gettext_noop("查询人姓名与证件号码不符"))
    return _allow("R-CUS-5", gettext_noop("已核实查询人身份"))
