"""Who is behind a login or a name — a port (docs/decisions/0007-layers.md).

People are kept by `baomi.people`, which sits above core, policy and audit; those floors
must not import it. `baomi.people` registers its lookups here when the app is ready
(`PeopleConfig.ready`), as `baomi.audit` registers the denial recorder in
`baomi.core.writes`. What comes back is a `people.Person` (or None); below people it is
read only through the attributes a policy rule's Protocol names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PersonForUser = Callable[[Any], Any]
PersonNamed = Callable[[str], Any]
_lookups: dict[str, Callable[..., Any]] = {}


def set_person_lookups(*, for_user: PersonForUser, named: PersonNamed) -> None:
    """Called once by the people app: `for_user(user)` is the person behind a login,
    `named(ident)` the person with that login name or staff number (or None)."""
    _lookups["for_user"] = for_user
    _lookups["named"] = named


def _lookup(name: str) -> Callable[..., Any]:
    try:
        return _lookups[name]
    except KeyError:  # pragma: no cover - the people app is always installed
        raise RuntimeError("no person lookup registered (is baomi.people installed?)") from None


def person_for(user: Any) -> Any:
    """The person behind a login, or None (an account without a person sees nothing)."""
    return _lookup("for_user")(user)


def person_named(ident: str) -> Any:
    """The person with this login name or, failing that, this staff number, or None."""
    return _lookup("named")(ident)
