"""Customers, agents, policies and the records of 篇十一 (RULES.md §10, R-CUS-1..6).

ID numbers, phones and bank accounts are stored encrypted (`*_enc`, AES-256-GCM), with a
keyed blind index (`*_bi`, 64-bit HMAC) for equality look-ups and the scan, and a mask
(`*_masked`) for lists; see crypto.py.
"""

from baomi.customers.models.calendar import CalendarDay, CalendarYear
from baomi.customers.models.checks import Complaint, PolicyQuery, Recheck, RecheckEntry
from baomi.customers.models.parties import (
    Agency,
    Agent,
    Customer,
    Gender,
    InsurancePolicy,
)
from baomi.customers.models.scan import (
    Evidence,
    ScanRun,
    SharedValue,
    SuspiciousItem,
    SuspiciousMember,
)

__all__ = ["Agency", "Agent", "CalendarDay", "CalendarYear", "Complaint", "Customer", "Evidence", "Gender", "InsurancePolicy", "PolicyQuery", "Recheck", "RecheckEntry", "ScanRun", "SharedValue", "SuspiciousItem", "SuspiciousMember"]
