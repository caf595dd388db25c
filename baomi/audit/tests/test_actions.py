"""Every audit action written anywhere has a zh-hans and an English label (issue 11, 5).

The static scan reads every module of `baomi` (tests and migrations aside) with `ast` and
collects each action a call can write:

* a string given as `action=` to any call (`audit_append`, `audit_denial`, `require`,
  the apps' deny helpers …), both branches of `"a" if … else "b"`;
* a string in a dict under the key `"action"` (`audit_append_many(events=[…])`);
* a string assigned to a variable named `action`, or the default of a parameter named
  `action`;
* a string in the `action` position of a call to a helper that hands its `action` on
  to `audit_append`, `audit_denial` or `require`, or to another such helper
  (`deny(actor, "approval.apply", …)`; found by following the calls);
* the values of a dict assigned to a name ending in `_ACTIONS` (`PURPOSE_ACTIONS`).

Any other expression given as `action=` must be a variable of one of those kinds or be
listed in `DYNAMIC` with why it is not a new action; an f-string action must be listed
in `FSTRINGS` with every value it takes.
The run-time check loads the demo organisation through every app's services and asks
that every action in the log has a label.
"""

from __future__ import annotations

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from baomi.audit.actions import Action
from baomi.audit.labels import DETAIL_LABELS, action_label, detail_label
from baomi.audit.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]  # the package `baomi`

#: the functions that write an action to the log
ROOTS = {"audit_append", "audit_denial", "require"}
#: calls whose `action` argument is not an audit action
NOT_AUDIT = {
    "add_argument",  # argparse: action="store_true"
    "carrier_reclassify",  # action is the approved change (DECLASSIFY, EXTEND, …)
}
#: (module, expression) of non-literal actions that are not variables named `action`
DYNAMIC = {
    ("audit/services.py", "row[5]"),  # the append path passing the caller's action on
    ("audit/services.py", "event.action"),
    ("audit/selectors.py", "event.action"),
    ("approvals/services/execute.py", "current.kind"),  # carrier_reclassify's change
}
#: f-string actions and every value they take
FSTRINGS = {
    ("approvals/services/requests.py", "f'approval.{kind.lower()}'"):
        [f"approval.{kind.lower()}"  # no import: the audit app sits below approvals
         for kind in apps.get_model("approvals", "ApprovalRequest").Kind.values],
}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        found.append((relative, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_action(node: ast.expr) -> bool:
    """The variable `action` (a helper passing its own parameter on)."""
    return isinstance(node, ast.Name) and node.id == "action"


def _strings(node: ast.expr) -> list[str] | None:
    """The strings an expression can be, or None when it is not built of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


class Helpers:
    """Functions that write their `action` to the log, through the roots or each other,
    with the index of `action` among their positional parameters (-1: keyword only).
    A bare name called in a module means that module's own function of that name if it
    has one, else an imported one."""

    def __init__(self, modules: list[tuple[str, ast.Module]]) -> None:
        self.local: dict[str, set[str]] = {}
        self.index: dict[tuple[str, str], int] = {}
        functions = []
        for relative, tree in modules:
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.local.setdefault(relative, set()).add(node.name)
                    if node.name not in ROOTS and node.name not in NOT_AUDIT:
                        functions.append((relative, node))
        changed = True
        while changed:
            changed = False
            for relative, func in functions:
                names = [a.arg for a in [*func.args.posonlyargs, *func.args.args]]
                has = "action" in names or "action" in [a.arg for a in func.args.kwonlyargs]
                if (has and (relative, func.name) not in self.index
                        and self._passes_action_on(relative, func)):
                    self.index[relative, func.name] = (names.index("action")
                                                       if "action" in names else -1)
                    changed = True

    def lookup(self, relative: str, call: ast.Call) -> int | None:
        """For a call of a helper: the index of its `action` argument; else None."""
        name = _name(call.func)
        if name in ROOTS:
            return -1
        if not isinstance(call.func, ast.Name):
            return None
        if name in self.local.get(relative, set()):
            return self.index.get((relative, name))
        return next((i for (_, n), i in self.index.items() if n == name), None)

    def _passes_action_on(self, relative: str,
                          func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        for node in ast.walk(func):
            if not isinstance(node, ast.Call):
                continue
            index = self.lookup(relative, node)
            if index is None:
                continue
            if any(k.arg == "action" and _is_action(k.value) for k in node.keywords):
                return True
            if 0 <= index < len(node.args) and _is_action(node.args[index]):
                return True
        return False


def scan() -> tuple[dict[str, list[str]], list[str], list[str]]:
    """(action → where written, unlisted f-string actions, unexplained non-literals)."""
    modules = _modules()
    helpers = Helpers(modules)
    actions: dict[str, list[str]] = {}
    fstrings: list[str] = []
    unexplained: list[str] = []

    def add(node: ast.expr, where: str, relative: str) -> bool:
        if isinstance(node, ast.JoinedStr):
            expansion = FSTRINGS.get((relative, ast.unparse(node)))
            if expansion is None:
                fstrings.append(f"{where} {ast.unparse(node)}")
            for value in expansion or []:
                actions.setdefault(value, []).append(where)
            return True
        values = _strings(node)
        for value in values or []:
            actions.setdefault(value, []).append(where)
        return values is not None

    for relative, tree in modules:
        for node in ast.walk(tree):
            where = f"{relative}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and _name(node.func) not in NOT_AUDIT:
                for keyword in node.keywords:
                    value = keyword.value
                    if (keyword.arg == "action" and not add(value, where, relative)
                            and not _is_action(value)
                            and (relative, ast.unparse(value)) not in DYNAMIC):
                        unexplained.append(f"{where} action={ast.unparse(value)}")
                index = helpers.lookup(relative, node)
                if index is not None and 0 <= index < len(node.args):
                    value = node.args[index]
                    if not add(value, where, relative) and not _is_action(value):
                        unexplained.append(f"{where} {ast.unparse(node)}")
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "action":
                        add(value, where, relative)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                if "action" in names and node.value is not None:
                    add(node.value, where, relative)
                if (any(n.endswith("_ACTIONS") for n in names)
                        and isinstance(node.value, ast.Dict)):
                    for value in node.value.values:
                        add(value, where, relative)
            elif (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                  and (relative, node.name) in helpers.index):
                args = [*node.args.posonlyargs, *node.args.args]
                defaults = dict(zip([a.arg for a in args[len(args) - len(node.args.defaults):]],
                                    node.args.defaults, strict=True))
                defaults.update({a.arg: d for a, d in zip(node.args.kwonlyargs,
                                                          node.args.kw_defaults, strict=True)
                                 if d is not None})
                if "action" in defaults:
                    add(defaults["action"], where, relative)
    return actions, fstrings, unexplained


def test_every_action_written_in_the_code_has_a_label() -> None:
    actions, fstrings, unexplained = scan()
    # the scan sees the kinds of writing it claims to (one example of each)
    assert "carrier.draft" in actions  # action= literal
    assert "approval.apply" in actions  # positional, to an app's deny helper
    assert {"agency.reactivate", "agency.deactivate"} <= actions.keys()  # a conditional
    assert "file.download" in actions  # PURPOSE_ACTIONS
    assert "customer.list" in actions  # a parameter's default
    assert fstrings == []  # an action built at run time could never be labelled
    assert unexplained == []
    unlabelled = {a: where for a, where in actions.items() if a not in Action.values}
    assert unlabelled == {}


def detail_keys() -> dict[str, list[str]]:
    """Keys of the `detail={…}` dict literals given to any call that writes an action
    (plus `reason`, which `audit_denial` adds); a detail built elsewhere is not seen."""
    keys: dict[str, list[str]] = {"reason": ["audit/services.py"]}
    for relative, tree in _modules():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call)
                    and any(k.arg == "action" for k in node.keywords)):
                continue
            for keyword in node.keywords:
                if keyword.arg == "detail" and isinstance(keyword.value, ast.Dict):
                    for key in keyword.value.keys:
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            keys.setdefault(key.value, []).append(
                                f"{relative}:{key.lineno}")
    return keys


def test_every_detail_key_written_has_a_label() -> None:
    keys = detail_keys()
    assert {"number", "level", "copy_no", "reason"} <= keys.keys()
    assert {k: where for k, where in keys.items() if k not in DETAIL_LABELS} == {}
    with translation.override("zh-hans"):
        assert detail_label("copy_no") == "份号"
    with translation.override("en"):
        assert detail_label("copy_no") == "Copy no."
    assert detail_label("no_such_key") == "no_such_key"


def test_every_action_has_a_chinese_and_an_english_label() -> None:
    assert len(set(Action.values)) == len(Action.values)
    for action in Action:
        with translation.override("zh-hans"):
            chinese = action_label(action.value)
        with translation.override("en"):
            english = action_label(action.value)
        assert chinese != action.value and any("\u4e00" <= c <= "\u9fff" for c in chinese)
        assert english != chinese and english.isascii(), action.value


def test_action_label_keeps_unknown_actions_readable() -> None:
    assert action_label("carrier.draft") == "拟制"
    assert action_label(Action.CARRIER_DRAFT) == "拟制"
    assert action_label("no.such.action") == "no.such.action"


@pytest.mark.django_db
def test_every_action_the_demo_writes_has_a_label() -> None:
    call_command("demo_load", stdout=StringIO())
    written = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    assert len(written) >= 10  # the demo went through many services
    assert written - set(Action.values) == set()
