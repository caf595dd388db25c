"""Delegation (授权人): explicit, time-limited and audited (R-DOC-4, R-ACC-4)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baomi.approvals.models import ApprovalRequest, Delegation
from baomi.audit.services import audit_append
from baomi.core.errors import ApplicationError
from baomi.core.writes import durable_service
from baomi.people.models import Person
from baomi.policy.approval_actions import (
    may_delegate,
    may_delegate_to,
    may_revoke_delegation,
)
from baomi.policy.decision import require
from baomi.policy.runtime import get_policy

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime


@durable_service
def delegation_grant(*, actor: Person, delegate: Person, kinds: Iterable[str],
                     ends_at: datetime, reason: str = "",
                     starts_at: datetime | None = None) -> Delegation:
    """`actor` lets `delegate` approve `kinds` in their place until `ends_at`.

    Only the kinds the policy lists as delegable; at most `delegation_max_days` long;
    never to oneself; the delegate must be active.
    """
    policy = get_policy()
    kinds = list(dict.fromkeys(kinds))
    now = timezone.now()
    starts_at = starts_at or now
    errors: dict[str, list[str]] = {}
    bad = [k for k in kinds if k not in ApprovalRequest.Kind.values]
    if not kinds or bad:
        errors["kinds"] = [_("请选择授权事项")]
    not_delegable = [k for k in kinds if k not in policy.approvals.delegable_actions]
    if not bad:
        with translation.override("zh-hans"):  # the audit records the Chinese labels
            labels = [str(ApprovalRequest.Kind(k).label) for k in not_delegable]
        require(may_delegate(labels),
                actor=actor, action="delegation.grant", target=delegate)
    require(may_delegate_to(actor_id=actor.pk, delegate_id=delegate.pk), actor=actor,
            action="delegation.grant", target=delegate)
    if delegate.status != Person.Status.ACTIVE:
        errors["delegate"] = [_("被授权人不在岗")]
    longest = policy.approvals.delegation_max_days
    if ends_at <= starts_at or ends_at > starts_at + timedelta(days=longest):
        errors["ends_at"] = [_("授权期限应在 %(n)s 天以内") % {"n": longest}]
    if errors:
        raise ApplicationError(_("请更正标出的字段"), fields=errors)
    delegation = Delegation.objects.create(
        grantor=actor, delegate=delegate, kinds="," + ",".join(kinds) + ",",
        starts_at=starts_at, ends_at=ends_at, reason=reason.strip()[:500], created_at=now)
    audit_append(actor=actor, action="delegation.grant", target=delegation, rule="R-ACC-4",
                 detail={"delegate": delegate.staff_no, "kinds": kinds,
                         "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()})
    return delegation


@durable_service
def delegation_revoke(*, actor: Person, delegation: Delegation) -> Delegation:
    require(may_revoke_delegation(actor_id=actor.pk, grantor_id=delegation.grantor_id),
            actor=actor, action="delegation.revoke", target=delegation)
    current = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if current.revoked_at is None:
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit_append(actor=actor, action="delegation.revoke", target=current,
                     rule="R-ACC-4", detail={"delegate": current.delegate_id})
    return current
