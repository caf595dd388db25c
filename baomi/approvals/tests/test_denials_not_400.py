"""Refusals that used to be ApplicationError (400) are denials (issue 11): delegating one's
approvals to oneself (R-ACC-4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from baomi.approvals.models import Delegation
from baomi.approvals.services import delegation_grant
from baomi.audit.models import AuditEvent
from baomi.core.errors import PolicyDenied

pytestmark = pytest.mark.django_db


def test_r_acc_4_nobody_delegates_to_themself(people):
    with pytest.raises(PolicyDenied) as refused:
        delegation_grant(actor=people["gm"], delegate=people["gm"], kinds=["BORROW"],
                         ends_at=timezone.now() + timedelta(days=5))
    assert refused.value.rule == "R-ACC-4" and "自己" in refused.value.reason
    assert not Delegation.objects.exists()
    event = AuditEvent.objects.filter(action="delegation.grant").order_by("-seq").first()
    assert event is not None and (event.allowed, event.rule) == (False, "R-ACC-4")
