"""Reasons of a decision: recorded in Chinese, shown in the reader's language.

A refusal's reason is written to the audit log, whose events are hashed into the Merkle
log: it must read the same whatever language the person who was refused had chosen. So
a reason is kept as its Chinese source string (a msgid marked with `gettext_noop`) and
its parameters; `reason_text` formats it in Chinese for the record, `reason_shown`
translates it at the moment it is shown (docs/decisions/0008-translated-reasons.md).

A parameter that is a string is translated too when shown (level and rank labels are in
the catalogue; a name or a number is not, and passes through unchanged); a list or tuple
of strings is translated item by item and joined with the language's list separator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext, pgettext

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: the list separator of the Chinese record; when shown it is translated ("、" → ", ")
SEPARATOR = "、"

Params = tuple[tuple[str, object], ...]


def _plain(value: object) -> object:
    if isinstance(value, list | tuple):
        return SEPARATOR.join(str(v) for v in value)
    return value


def _shown(value: object) -> object:
    if isinstance(value, list | tuple):
        separator = pgettext("separator between listed items", SEPARATOR)
        return separator.join(gettext(str(v)) if v else "" for v in value)
    if isinstance(value, str) and value:
        return gettext(value)
    return value


def freeze(params: Mapping[str, object]) -> Params:
    """Parameters as a hashable tuple (a `Decision` is frozen); lists become tuples."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())


def reason_text(msgid: str, params: Iterable[tuple[str, object]] = ()) -> str:
    """The reason in Chinese, as the audit log records it."""
    values = {k: _plain(v) for k, v in params}
    return msgid % values if values else msgid


def reason_shown(msgid: str, params: Iterable[tuple[str, object]] = ()) -> str:
    """The reason in the active language (the request's, the CLI's)."""
    if not msgid:
        return ""
    values = {k: _shown(v) for k, v in params}
    translated = gettext(msgid)
    return translated % values if values else translated
