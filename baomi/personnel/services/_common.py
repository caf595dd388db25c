"""Shared helpers of the personnel services: validation and the secrecy office check
(refusals go through `baomi.policy.require`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError
from baomi.personnel.selectors import manages_people
from baomi.policy.decision import require

if TYPE_CHECKING:
    from baomi.people.models import Person


def clean(obj: object, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise ApplicationError(_("请更正标出的字段"), fields=exc.message_dict) from exc


def require_office(actor: Person, action: str, target: object = None) -> None:
    """R-PPL-1: the secrecy office runs it — the same `manages_people` the pages ask."""
    require(manages_people(actor), actor=actor, action=action, target=target)


def bad(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})
