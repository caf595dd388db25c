"""Helpers shared by the approval services: notifications (refusals go through
`baomi.policy.require`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from baomi.approvals.models import Notification

if TYPE_CHECKING:
    from collections.abc import Iterable

    from baomi.people.models import Person


def notify(*, recipients: Iterable[Person], kind: str, key: str, text: str,
           link: str = "") -> int:
    """Post one in-app notice per recipient, at most once per `key` (idempotent).

    `text` must never hold classified content: callers pass ids and levels only (R-DOC-3).
    Returns how many notices were new.
    """
    made = 0
    now = timezone.now()
    for person in {p.pk: p for p in recipients}.values():
        try:
            with transaction.atomic():
                _, created = Notification.objects.get_or_create(
                    recipient=person, key=key[:120],
                    defaults={"kind": kind, "text": text[:300], "link": link[:200],
                              "created_at": now})
        except IntegrityError:  # a concurrent run posted it first
            created = False
        made += int(created)
    return made
