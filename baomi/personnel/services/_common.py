"""Shared helpers of the personnel services: validation, denials, the secrecy office check."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from django.core.exceptions import ValidationError

from baomi.audit.services import audit_denial
from baomi.core.errors import ApplicationError
from baomi.people.selectors import in_secrecy_office
from baomi.policy.personnel import may_manage_people

if TYPE_CHECKING:
    from baomi.people.models import Person
    from baomi.policy.decision import Decision


def clean(obj: object, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise ApplicationError("请更正标出的字段", fields=exc.message_dict) from exc


def deny(actor: Person | None, action: str, target: object, decision: Decision) -> NoReturn:
    """Audit the refusal (R-ACC-6), then raise PolicyDenied with rule and clause."""
    audit_denial(actor=actor, action=action, target=target, rule=decision.rule,
                 reason=decision.reason)
    raise decision.error()


def require_office(actor: Person, action: str, target: object = None) -> None:
    decision = may_manage_people(actor, viewer_in_office=in_secrecy_office(actor))
    if not decision:
        deny(actor, action, target, decision)


def bad(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})
