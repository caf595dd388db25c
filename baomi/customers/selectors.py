"""Reads of the customers app, scoped to the viewer (rule of the house 2).

Only people who may work with customer records see any (R-CUS-5); lists show masks.
Exact look-ups by ID number, phone or bank account go through the blind index.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from baomi.customers import crypto
from baomi.customers.identity import (
    IdProblem,
    normalise_account,
    normalise_phone,
    parse_id_number,
)
from baomi.customers.models import (
    Agency,
    Agent,
    CalendarDay,
    CalendarYear,
    Complaint,
    Customer,
    Evidence,
    InsurancePolicy,
    PolicyQuery,
    Recheck,
    RecheckEntry,
    ScanRun,
    SuspiciousItem,
)
from baomi.customers.services import require
from baomi.policy.customers import may_work_with_customers

if TYPE_CHECKING:
    import datetime

    from django.core.paginator import Page

    from baomi.people.models import Person

PAGE_SIZE = 50


def _gate(viewer: Person | None, action: str = "customer.list") -> None:
    require(may_work_with_customers(viewer), actor=viewer, action=action)


def lookup_q(term: str) -> Q:
    """An exact ID number, phone or bank account (blind index), else a name prefix."""
    term = term.strip()
    clauses = Q(name__startswith=term)
    with contextlib.suppress(IdProblem):
        clauses |= Q(id_bi=crypto.blind_index("id", parse_id_number(term).number))
    for column, normalise in (("phone", normalise_phone), ("account", normalise_account)):
        with contextlib.suppress(ValueError):
            clauses |= Q(**{f"{column}_bi": crypto.blind_index(column, normalise(term))})
    return clauses


def customer_page(*, viewer: Person, term: str = "", page: Any = 1) -> Page[Customer]:
    _gate(viewer)
    qs = Customer.objects.all()
    if term.strip():
        qs = qs.filter(lookup_q(term))
    return Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(page)


def customer_get(*, viewer: Person, pk: int) -> Customer | None:
    _gate(viewer, "customer.view")
    return Customer.objects.filter(pk=pk).first()


def customer_policies(customer: Customer) -> list[tuple[str, InsurancePolicy]]:
    """(role, policy) for every policy the customer is in."""
    out: list[tuple[str, InsurancePolicy]] = []
    qs = InsurancePolicy.objects.select_related("agent", "agent__agency")
    out += [("投保人", p) for p in qs.filter(policyholder=customer)]
    out += [("被保险人", p) for p in qs.filter(insured=customer)]
    out += [("受益人", p) for p in qs.filter(beneficiaries=customer)]
    return out


def agents() -> QuerySet[Agent]:
    return Agent.objects.select_related("agency")


def agencies() -> QuerySet[Agency]:
    return Agency.objects.all()


def agent_by_code(code: str) -> Agent | None:
    return Agent.objects.filter(code=code).first()


def suspicious_items(*, viewer: Person, status: str = "", mine: bool = False,
                     overdue: bool = False) -> QuerySet[SuspiciousItem]:
    _gate(viewer, "suspicious.list")
    qs = SuspiciousItem.objects.select_related("assignee")
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assignee=viewer)
    if overdue:
        qs = qs.filter(status=SuspiciousItem.Status.OPEN, due_on__lt=timezone.localdate())
    return qs


def suspicious_get(*, viewer: Person, pk: int) -> SuspiciousItem | None:
    _gate(viewer, "suspicious.view")
    return SuspiciousItem.objects.select_related("assignee", "closed_by",
                                                 "responsible_agent").filter(pk=pk).first()


def item_involved(item: SuspiciousItem) -> list[dict[str, Any]]:
    """Each customer of the item with their policies (role, number, agent, agency)."""
    rows = []
    for customer in item.customers.order_by("id"):
        rows.append({"customer": customer, "policies": customer_policies(customer)})
    return rows


def item_agents(item: SuspiciousItem) -> list[Agent]:
    ids = list(item.customers.values_list("id", flat=True))
    return list(Agent.objects.filter(
        Q(policies__policyholder__in=ids) | Q(policies__insured__in=ids)
        | Q(policies__beneficiaries__in=ids)).distinct().order_by("code"))


def evidence_get(*, viewer: Person, pk: int) -> Evidence | None:
    _gate(viewer, "evidence.read")
    return Evidence.objects.filter(pk=pk).first()


def last_scan() -> ScanRun | None:
    return ScanRun.objects.first()


def calendar_days(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(day__year=year)


def calendar_years() -> QuerySet[CalendarYear]:
    return CalendarYear.objects.all()


def calendar_gaps(today: datetime.date | None = None) -> list[int]:
    """This year, and next year from October (when the notice is due), if not entered."""
    today = today or timezone.localdate()
    wanted = {today.year} | ({today.year + 1} if today.month >= 10 else set())
    have = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return sorted(wanted - have)


def complaints(*, viewer: Person) -> QuerySet[Complaint]:
    _gate(viewer, "complaint.list")
    return Complaint.objects.select_related("agent", "policy")


def rechecks(*, viewer: Person) -> QuerySet[Recheck]:
    _gate(viewer, "recheck.list")
    return Recheck.objects.select_related("agent", "agent__agency").annotate(
        total=Count("entries"),
        pending=Count("entries", filter=Q(entries__result=RecheckEntry.Result.PENDING)),
        false_data=Count("entries", filter=Q(entries__result=RecheckEntry.Result.FALSE_DATA)),
    ).order_by("-created_at", "-id")


def complaint_get(*, viewer: Person, pk: int) -> Complaint | None:
    _gate(viewer, "complaint.view")
    return Complaint.objects.select_related(
        "agent", "agent__agency", "policy", "recorded_by", "verified_by").filter(pk=pk).first()


def recheck_get(*, viewer: Person, pk: int) -> Recheck | None:
    return rechecks(viewer=viewer).filter(pk=pk).first()


def recheck_entries(recheck: Recheck) -> QuerySet[RecheckEntry]:
    return recheck.entries.select_related("customer").order_by("id")


def recheck_entry_get(*, viewer: Person, recheck: Recheck, pk: int) -> RecheckEntry | None:
    _gate(viewer, "recheck.entry")
    return recheck.entries.filter(pk=pk).first()


def agent_page(*, viewer: Person, term: str = "", page: Any = 1,
               active: bool | None = None) -> Page[Any]:
    """Agents with their agency, complaint counts and open re-check (R-CUS-4);
    `active` True/False lists only agents in use / deactivated."""
    _gate(viewer, "agent.list")
    qs = agents()
    if active is not None:
        qs = qs.filter(active=active)
    qs = qs.annotate(
        complaint_count=Count("complaints", distinct=True),
        verified_count=Count("complaints", distinct=True,
                             filter=Q(complaints__status=Complaint.Status.VERIFIED)),
        open_rechecks=Count("rechecks", distinct=True,
                            filter=Q(rechecks__status=Recheck.Status.OPEN)))
    term = term.strip()
    if term:
        qs = qs.filter(Q(code__startswith=term) | Q(name__startswith=term)
                       | Q(agency__name__startswith=term))
    return Paginator(qs.order_by("code"), PAGE_SIZE).get_page(page)


def agency_list(*, viewer: Person, active: bool | None = None) -> QuerySet[Agency]:
    _gate(viewer, "agency.list")
    qs = agencies()
    if active is not None:
        qs = qs.filter(active=active)
    return qs.annotate(agent_count=Count("agents")).order_by("code")


def agent_get(*, viewer: Person, pk: int) -> Agent | None:
    _gate(viewer, "agent.view")
    return agents().filter(pk=pk).first()


def agency_get(*, viewer: Person, pk: int) -> Agency | None:
    _gate(viewer, "agency.view")
    return agencies().filter(pk=pk).first()


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def query_log(*, viewer: Person) -> QuerySet[PolicyQuery]:
    _gate(viewer, "policy.query_log")
    return PolicyQuery.objects.select_related("staff")


def policy_by_number(number: str) -> InsurancePolicy | None:
    return InsurancePolicy.objects.filter(number=number.strip()).first()
