"""Readable names of audit actions, for history tables and the audit pages.

The names are the labels of `actions.Action` (one list for every app's actions, in
zh-hans with English in locale/en); an action missing there is shown by its code.
"""

from __future__ import annotations

from baomi.audit.actions import Action

_LABELS = dict(Action.choices)


def action_label(action: str) -> str:
    """The action's label in the active language, or the action itself if unknown."""
    return str(_LABELS.get(action, action))
