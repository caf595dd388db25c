"""Test helpers: requests made through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from baomi.approvals.services import request_submit

if TYPE_CHECKING:
    from baomi.approvals.models import ApprovalRequest
    from baomi.people.models import Person


def pw(person: Person) -> str:
    assert person.user is not None
    return f"pw-{person.user.username}"


def borrow(actor: Person, carrier: Any, days: int = 7, **kw: Any) -> ApprovalRequest:
    return request_submit(actor=actor, kind="BORROW", carrier=carrier, reason="项目评审需要",
                          due_back=timezone.localdate() + timedelta(days=days), **kw)
