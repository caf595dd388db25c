"""Creates that happen once (rule of the house 1, docs/decisions/0005).

Every create form carries a one-time token (`{% submission_token %}`, issued when the
form is rendered); an API client sends an `Idempotency-Key` header. `create_once` runs
the create service and stores the token — unique per actor — in the same durable
transaction as the created row. A second post with the same token, whether it comes
after Back + submit, a double click or a retried API call, creates nothing and is
answered with the record the first post made.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.apps import apps
from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.errors import ApplicationError, PolicyDenied
from baomi.core.models import SubmissionToken
from baomi.core.writes import service_batch

if TYPE_CHECKING:
    from collections.abc import Callable

M = TypeVar("M", bound=Model)

#: the hidden field of create forms, and the API header
FIELD = "submission_token"
HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[A-Za-z0-9_\-:.]{8,64}$")


@dataclass(frozen=True)
class Created(Generic[M]):
    """What a create returned: the record, and whether it was made by an earlier post."""

    record: M
    replayed: bool


def new_token() -> str:
    return uuid.uuid4().hex


def clean_key(value: str | None) -> str:
    """'' when no token was sent; the token when well formed; ApplicationError otherwise."""
    value = (value or "").strip()
    if value and not _KEY.match(value):
        raise ApplicationError(_("提交编号格式不正确"), fields={
            FIELD: [_("应为 8 到 64 个字母、数字或 - _ : .")]})
    return value


def form_key(request: Any) -> str:
    """The one-time token a page form posted (`{% submission_token %}`)."""
    return clean_key(request.POST.get(FIELD))


def api_key(request: Any) -> str:
    """The `Idempotency-Key` header of an API request."""
    return clean_key(request.headers.get(HEADER))


def _actor_id(actor: Any) -> int | None:
    return getattr(actor, "pk", None)


def _earlier(*, actor: Any, key: str, scope: str) -> Model | None:
    token = SubmissionToken.objects.filter(actor_id=_actor_id(actor), key=key).first()
    if token is None:
        return None
    if token.scope != scope:
        raise ApplicationError(_("该提交编号已用于另一种表单"), fields={
            FIELD: [_("请刷新页面后重新填写")]})
    model = apps.get_model(token.target_model)
    return model._default_manager.filter(pk=token.target_id).first()


def create_once(*, actor: Any, key: str, scope: str, create: Callable[[], M]) -> Created[M]:
    """Run `create` once per (actor, key); later calls return the first call's record.

    Without a key it simply creates. The token row is written in the create's own durable
    transaction; when two posts with one token race, the loser's whole transaction rolls
    back (unique constraint) — or its service refuses because the winner's row now
    exists — and it is answered with the winner's record.
    """
    if not key:
        return Created(create(), replayed=False)
    earlier = _earlier(actor=actor, key=key, scope=scope)
    if earlier is not None:
        return Created(earlier, replayed=True)  # type: ignore[arg-type]
    try:
        with service_batch():
            record = create()
            SubmissionToken.objects.create(
                actor_id=_actor_id(actor), key=key, scope=scope,
                target_model=record._meta.label_lower, target_id=str(record.pk),
                created_at=timezone.now())
    except (IntegrityError, ApplicationError, PolicyDenied):
        earlier = _earlier(actor=actor, key=key, scope=scope)
        if earlier is None:
            raise
        return Created(earlier, replayed=True)  # type: ignore[arg-type]
    return Created(record, replayed=False)


def replayed_message() -> str:
    return _("此表单已经提交过,没有重复建立;下面是第一次提交建立的记录。")


def announce_created(request: Any, made: Created[Any], text: str = "", *,
                     level: int = messages.SUCCESS) -> None:
    """The page message of a create: `text` when the record was made now, the replay
    message when an earlier post of the same form made it (nothing when `text` is empty)."""
    if made.replayed:
        messages.info(request, replayed_message())
    elif text:
        messages.add_message(request, level, text)
