"""One rule book (issue 11): every Decision is made in baomi/policy, and every refusal is
raised through `require` — read from the source with `ast`, so a new inline
`Decision.deny(...)` or a new private deny helper fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import baomi

ROOT = Path(baomi.__file__).parent

#: the direct uses of `audit_denial` that are not policy refusals, each with its reason
NOT_POLICY = {
    # a refused look-up answered as 404, never a 403 naming a rule (house rule 3)
    ("carriers/services.py", "carrier_view"),
    # failed re-authentication of a signer: bad input (400), recorded as a denial event
    ("carriers/custody.py", "_signed"),
    ("approvals/services/decide.py", "_reauthenticated"),
    # stored ciphertext failed its authentication: an integrity failure, raised as itself
    ("files/services.py", "_integrity_refused"),
}


def _sources(*, include_policy: bool = False) -> list[tuple[str, ast.Module]]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        parts = rel.split("/")
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[0] == "policy" and not include_policy:
            continue
        out.append((rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)))
    return out


def _makes_decision(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name) and func.id == "Decision":
        return True
    return (isinstance(func, ast.Attribute) and func.attr in ("allow", "deny")
            and isinstance(func.value, ast.Name) and func.value.id == "Decision")


def _decisions_made_outside_policy() -> list[str]:
    return [f"{rel}:{node.lineno}" for rel, tree in _sources() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _makes_decision(node)]


def test_no_decision_is_made_outside_policy():
    """Rule of the house 2: `Decision.allow/deny` and `Decision(...)` only in baomi/policy."""
    assert _decisions_made_outside_policy() == []


def test_the_check_sees_an_inline_decision(tmp_path):
    """The walk above finds the forms it forbids (so an empty result means something)."""
    tree = ast.parse("d = Decision.deny('R-DOC-8', 'x')\ne = Decision(False, 'R', '')\n"
                     "f = policy.Decision.allow('R')\n")
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _makes_decision(n)]
    assert len(found) == 2  # a qualified `policy.Decision.allow` is not the bare name
    assert _sources(), "no source parsed"


def _calls(node: ast.AST, name: str) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            called = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if called == name:
                return True
    return False


def _raises(node: ast.AST) -> bool:
    return any(isinstance(sub, ast.Raise) for sub in ast.walk(node))


def _audited_then_raised(sources: list[tuple[str, ast.Module]]) -> list[str]:
    """Functions outside policy that call `audit_denial` and raise: a private deny helper."""
    found = []
    for rel, tree in sources:
        if rel == "audit/services.py":
            continue  # where audit_denial is defined
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (rel, node.name) in NOT_POLICY:
                continue
            if _calls(node, "audit_denial") and (_raises(node) or _calls(node, "error")):
                found.append(f"{rel}:{node.name}")
    return found


def test_no_refusal_is_audited_and_raised_outside_require():
    """A refusal is raised only by `require` (it audits, then raises PolicyDenied)."""
    assert _audited_then_raised(_sources()) == []


def test_the_check_sees_a_private_deny_helper():
    helper = ast.parse("def _deny(actor, decision):\n"
                       "    audit_denial(actor=actor, rule=decision.rule)\n"
                       "    raise decision.error()\n")
    assert _audited_then_raised([("carriers/services.py", helper)]) == [
        "carriers/services.py:_deny"]


def test_the_remaining_direct_uses_of_audit_denial_are_the_listed_ones():
    """Every function still calling `audit_denial` directly is a listed non-policy event,
    and every listed one still exists (the list does not rot)."""
    users = {(rel, node.name) for rel, tree in _sources() if rel != "audit/services.py"
             for node in ast.walk(tree)
             if isinstance(node, ast.FunctionDef) and _calls(node, "audit_denial")}
    assert users == NOT_POLICY


def test_no_service_raises_decision_error_itself():
    """`decision.error()` is raised by `require` alone (it is the audited path)."""
    found = [f"{rel}:{node.lineno}" for rel, tree in _sources() for node in ast.walk(tree)
             if isinstance(node, ast.Raise) and node.exc is not None
             and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Attribute)
             and node.exc.func.attr == "error"]
    assert found == []
