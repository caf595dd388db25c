"""Pages of the approvals app: requests, their decisions, registers, notices and loss
reports (requests); incidents and delegations (oversight)."""

from __future__ import annotations

from baomi.approvals.views.oversight import (
    delegation_revoke,
    delegations,
    incident_detail,
)
from baomi.approvals.views.requests import (
    FORM_TITLES,
    PER_PAGE,
    inbox,
    incidents,
    loss_report,
    notifications,
    register,
    register_index,
    request_apply,
    request_decide,
    request_destroy,
    request_detail,
    request_list,
    request_new,
    request_pdf,
    request_provide,
    request_return,
    request_sign_for,
    request_withdraw,
)

__all__ = [
    "FORM_TITLES",
    "PER_PAGE",
    "delegation_revoke",
    "delegations",
    "inbox",
    "incident_detail",
    "incidents",
    "loss_report",
    "notifications",
    "register",
    "register_index",
    "request_apply",
    "request_decide",
    "request_destroy",
    "request_detail",
    "request_list",
    "request_new",
    "request_pdf",
    "request_provide",
    "request_return",
    "request_sign_for",
    "request_withdraw",
]
