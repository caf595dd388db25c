"""The anchors of `bench/audit.py`, each measured in the same run as ours.

* `PlainLog` — the limit: the same event row inserted into a copy of the event table
  (same columns, same indexes), with no hashing, no tree and no head row.
* `auditlog_update` — the peer: django-auditlog writing its `LogEntry` for a change of a
  registered model, exactly as its `pre_save` receiver does (it reads the old row,
  diffs the fields and inserts the entry).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from django.db.models import Model

PLAIN = "bench_plainevent"
_COLUMNS = ("seq, at, actor_id, actor_label, channel, action, target_type, target_id, "
            "allowed, rule, detail, leaf_hash")


class PlainLog:
    """A copy of `audit_auditevent` (SQLite DDL, indexes included) and its insert."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = "
                           "'audit_auditevent' AND sql IS NOT NULL")
            ddl = [sql for (sql,) in cursor.fetchall()]
            cursor.execute(f"DROP TABLE IF EXISTS {PLAIN}")
            for sql in ddl:
                sql = sql.replace('"audit_auditevent"', f'"{PLAIN}"')
                cursor.execute(re.sub(r'INDEX "(\w+)"', rf'INDEX "{PLAIN}_\1"', sql))
        self.seq = 0
        self.sql = (f"INSERT INTO {PLAIN} ({_COLUMNS}) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")

    def row(self, at: Any, action: str, target: tuple[str, str], detail_json: str,
            label: str) -> tuple[Any, ...]:
        self.seq += 1
        return (self.seq, at, None, label, "cli", action, target[0], target[1], True, "",
                detail_json, "0" * 64)

    def insert_one(self, row: tuple[Any, ...]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.sql + " RETURNING id", row)
            return int(cursor.fetchone()[0])

    def insert_many(self, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)


def auditlog_register(model: type[Model]) -> None:
    from auditlog.registry import auditlog

    auditlog.register(model)


def auditlog_update(model: type[Model], instance: Model) -> None:
    """django-auditlog's receiver for a changed `instance` (not saved itself)."""
    from auditlog.receivers import log_update

    log_update(sender=model, instance=instance)


def auditlog_count() -> int:
    from auditlog.models import LogEntry

    return LogEntry.objects.count()
