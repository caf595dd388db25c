"""Pages of the customers app: customers, imports and checks (customers); agents,
complaints and re-checks (agents); corrections (correct)."""

from __future__ import annotations

from baomi.customers.views.agents import (
    agents_page,
    complaint_detail,
    complaints_page,
    recheck_detail,
    recheck_entry,
    rechecks_page,
)
from baomi.customers.views.correct import (
    customer_correct_page,
    detail_context,
)
from baomi.customers.views.customers import (
    calendar_page,
    customer_detail,
    customer_list,
    evidence_download,
    import_page,
    query_page,
    register_page,
    report_download,
    suspicious_assign,
    suspicious_detail,
    suspicious_list,
)

__all__ = [
    "agents_page",
    "calendar_page",
    "complaint_detail",
    "complaints_page",
    "customer_correct_page",
    "customer_detail",
    "customer_list",
    "detail_context",
    "evidence_download",
    "import_page",
    "query_page",
    "recheck_detail",
    "recheck_entry",
    "rechecks_page",
    "register_page",
    "report_download",
    "suspicious_assign",
    "suspicious_detail",
    "suspicious_list",
]
