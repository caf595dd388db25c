"""The scoped list walks the newest-first index and stops at the page (bench/access_list.py).

An index that lets SQLite split the access rule's OR across indexes makes it fetch and sort
every visible carrier (seconds at a million rows): docs/performance.md.
"""

from __future__ import annotations

import pytest
from django.db import connection

from baomi.carriers.selectors import carrier_list


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite query plan")
@pytest.mark.parametrize("viewer", ["staff", "manager", "gm"])
def test_first_page_uses_the_newest_first_index(people, make_carrier, viewer):
    make_carrier(level="SECRET")
    sql, params = carrier_list(viewer=people[viewer])[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "carrier_newest" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
