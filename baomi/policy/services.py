"""Writes of the policy: recording the version in force ("policy changes are versioned and
audited", issue 2 item 2). The file itself is edited by the organisation and checked with
`baomi policy_check`; what the system records is which text was in force from when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from baomi.core.events import record_event
from baomi.policy.models import PolicyVersion

if TYPE_CHECKING:
    from baomi.policy.document import Policy

SOURCE_MAX = PolicyVersion._meta.get_field("source").max_length or 300
LABEL_MAX = PolicyVersion._meta.get_field("activated_by").max_length or 100


def policy_record(*, actor_label: str, policy: Policy) -> tuple[PolicyVersion, bool]:
    """Record `policy` as the version in force unless it already is (same sha256).

    Returns the latest version and whether it was created now. A new version and its
    "policy.activate" audit event are written in one transaction (R-ACC-6).
    """
    sha = policy.sha256
    label = (actor_label or "system")[:LABEL_MAX]
    with transaction.atomic():
        latest = PolicyVersion.objects.select_for_update().order_by("-id").first()
        if latest is not None and latest.sha256 == sha:
            return latest, False
        version = PolicyVersion.objects.create(
            sha256=sha,
            text=policy.text,
            source=policy.source[-SOURCE_MAX:],
            activated_at=timezone.now(),
            activated_by=label,
        )
        record_event(
            actor=None,
            actor_label=label,
            action="policy.activate",
            target=version,
            detail={
                "sha256": sha,
                "source": version.source,
                "previous_sha256": latest.sha256 if latest is not None else "",
                "levels": policy.level_codes(),
            },
        )
    return version, True
