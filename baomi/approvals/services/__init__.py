"""Writes of the approvals app (rule of the house 1), one module per concern.

Other apps import from here, never from the private `_common` (`notify` is the in-app
notice other apps send too).
"""

from baomi.approvals.services._common import notify
from baomi.approvals.services.decide import step_decide
from baomi.approvals.services.delegation import delegation_grant, delegation_revoke
from baomi.approvals.services.execute import (
    loss_report,
    request_apply,
    request_destroy,
    request_provide,
    request_return,
    request_sign_for,
)
from baomi.approvals.services.incidents import incident_close, stocktake_loss_report
from baomi.approvals.services.remind import remind_run
from baomi.approvals.services.requests import (
    PendingRequestExists,
    request_submit,
    request_withdraw,
)

__all__ = [
    "PendingRequestExists",
    "delegation_grant", "delegation_revoke", "incident_close", "loss_report", "notify", "remind_run", "request_apply",
    "request_destroy", "request_provide", "request_return", "request_sign_for",
    "request_submit", "request_withdraw", "step_decide", "stocktake_loss_report",
]
