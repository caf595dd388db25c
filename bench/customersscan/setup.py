"""Paths, dates and Django set-up of the customers benchmark."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "bench" / "out"
SCAN_DATE = datetime.date(2026, 3, 2)
CREATED = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def setup_django(backend: str, rows: int) -> None:
    os.environ["BAOMI_DATA_DIR"] = str(OUT)
    os.environ.setdefault("BAOMI_CUSTOMER_ENC_KEY", "YmVuY2gtb25seS1rZXktbm90LWEtc2VjcmV0LTAwMDA=")
    os.environ.setdefault("BAOMI_CUSTOMER_INDEX_KEY", "YmVuY2gtb25seS1pbmRleC1ub3QtYS1zZWNyZXQtMDA=")
    import django
    from django.conf import settings

    from config.settings import base

    conf = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        db = dict(base.DATABASES["default"], NAME=str(OUT / f"customers-{rows}.sqlite3"))
        db["ENGINE"] = "django.db.backends.sqlite3"
    else:
        import dj_database_url

        db = dj_database_url.parse(os.environ["DATABASE_URL"])
        db["NAME"] = f"baomi_bench_customers_{rows}"
    conf.update(SECRET_KEY="bench-only-not-a-secret", DEBUG=False,  # noqa: S106
                DATABASES={"default": db}, LOGGING_CONFIG=None)
    settings.configure(**conf)
    django.setup()


def ensure_pg_database(rows: int) -> None:
    import dj_database_url
    import psycopg

    conf = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"baomi_bench_customers_{rows}"
    with psycopg.connect(host=conf["HOST"], port=conf["PORT"] or 5432, user=conf["USER"],
                         password=conf["PASSWORD"], dbname=conf["NAME"],
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


