"""The demo organisation: a company of 61 people and ~300 carriers, loaded through the
services (`baomi demo_load`) so that every row is validated and audited. Demo only."""

from baomi.demo.company.load import (
    DEFAULT_CARRIERS,
    DEFAULT_SEED,
    DemoSummary,
    database_is_empty,
    load_demo,
)
from baomi.demo.company.logins import logins_table
from baomi.demo.company.org import DEMO_PASSWORD

__all__ = [
    "DEFAULT_CARRIERS",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DemoSummary",
    "database_is_empty",
    "load_demo",
    "logins_table",
]
