"""The organisation's policy and the pure rules. Every rule returns a `Decision`;
services refuse only through `require`."""

from baomi.policy.decision import Decision, require

__all__ = ["Decision", "require"]
