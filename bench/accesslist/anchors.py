"""The anchors of bench/access_list.py: django-guardian tables and timings, bare SQL."""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

from accesslist.data import GUARDIAN_GROUP, log, meta_set, raw


def build_guardian() -> float:
    """Grant guardian 'view_carrier' so that it admits exactly what the access rule admits.

    Groups: one per (scope rank, level) class — a person joins every class their rank and
    clearance admit, so each confirmed carrier needs one group row (the cheapest layout that
    is still exact). Users: a row for every named person whose clearance admits the level
    (R-ACC-2 直接有关), and for drafter and confirmer of unconfirmed drafts (R-CLS-2).
    People who have left (INACTIVE) get nothing.
    """
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from baomi.carriers.models import Carrier
    from baomi.policy.runtime import get_policy

    policy = get_policy()
    ct = ContentType.objects.get_for_model(Carrier)
    perm = Permission.objects.get(content_type=ct, codename="view_carrier")
    con = raw()
    t0 = time.perf_counter()
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    con.execute("CREATE TEMP TABLE lw (clearance TEXT, level TEXT)")
    con.executemany("INSERT INTO lw VALUES (?, ?)",
                    [(c.code, lv) for c in policy.clearances
                     for lv in policy.levels_within(c.code)])
    con.execute("CREATE TEMP TABLE rb (rank TEXT, scope_rank TEXT)")
    con.executemany("INSERT INTO rb VALUES (?, ?)",
                    [(r.code, s) for r in policy.ranks for s in policy.ranks_at_or_below(r.code)])
    classes = [(s.code, lv.code) for s in policy.ranks for lv in policy.levels]
    con.executemany("INSERT INTO auth_group (name) VALUES (?)",
                    [(GUARDIAN_GROUP.format(scope_rank=s, level=lv),) for s, lv in classes])
    con.execute("""
        INSERT INTO auth_user_groups (user_id, group_id)
        SELECT p.user_id, g.id FROM people_person p
        JOIN rb ON rb.rank = p.rank JOIN lw ON lw.clearance = p.clearance
        JOIN auth_group g ON g.name = 'carrier-view:' || rb.scope_rank || ':' || lw.level
        WHERE p.status != 'LEFT' AND p.user_id IS NOT NULL""")
    con.execute("""
        INSERT INTO guardian_groupobjectpermission (object_pk, content_type_id, group_id,
                                                    permission_id)
        SELECT CAST(c.id AS TEXT), ?, g.id, ? FROM carriers_carrier c
        JOIN auth_group g ON g.name = 'carrier-view:' || c.scope_rank || ':' || c.level
        WHERE c.status NOT IN ('DRAFT', 'RETURNED')""", (ct.id, perm.id))
    con.execute("""
        INSERT OR IGNORE INTO guardian_userobjectpermission (object_pk, content_type_id, user_id,
                                                             permission_id)
        SELECT CAST(c.id AS TEXT), ?, p.user_id, ? FROM carriers_carrierscope s
        JOIN carriers_carrier c ON c.id = s.carrier_id
        JOIN people_person p ON p.id = s.person_id
        JOIN lw ON lw.clearance = p.clearance AND lw.level = c.level
        WHERE c.status NOT IN ('DRAFT', 'RETURNED') AND p.status != 'LEFT'
          AND p.user_id IS NOT NULL""", (ct.id, perm.id))
    for role in ("drafter_id", "confirmer_id"):
        con.execute(f"""
            INSERT OR IGNORE INTO guardian_userobjectpermission (object_pk, content_type_id,
                                                                 user_id, permission_id)
            SELECT CAST(c.id AS TEXT), ?, p.user_id, ? FROM carriers_carrier c
            JOIN people_person p ON p.id = c.{role}
            WHERE c.status IN ('DRAFT', 'RETURNED') AND p.status != 'LEFT'
              AND p.user_id IS NOT NULL""", (ct.id, perm.id))
    con.execute("COMMIT")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    seconds = time.perf_counter() - t0
    n_group = con.execute("SELECT count(*) FROM guardian_groupobjectpermission").fetchone()[0]
    n_user = con.execute("SELECT count(*) FROM guardian_userobjectpermission").fetchone()[0]
    log(f"guardian: {n_group:,} group and {n_user:,} user object permissions in {seconds:.1f}s")
    meta_set("guardian_s", f"{seconds:.1f}")
    meta_set("guardian_group_rows", n_group)
    meta_set("guardian_user_rows", n_user)
    meta_set("guardian_complete", 1)
    return seconds


# --- the three ways to answer ----------------------------------------------------------------
def ours(viewer: Any) -> tuple[list[int], int]:
    from baomi.carriers.selectors import carrier_page

    page = carrier_page(viewer=viewer, page=1, per_page=50)
    rows = list(page.object_list)
    return [c.id for c in rows], page.paginator.count


def guardian_qs(user: Any) -> Any:
    from guardian.shortcuts import get_objects_for_user

    from baomi.carriers.models import Carrier
    from baomi.people.models import Person
    from baomi.policy.access import UNCONFIRMED
    from baomi.policy.supervision import oversees

    qs = get_objects_for_user(user, "carriers.view_carrier", klass=Carrier)
    person = Person.objects.select_related("unit").get(user=user)
    if oversees(person):
        # A supervisor or auditor also sees every confirmed carrier's metadata (R-ACC-4,
        # decision 0006): no per-object grant expresses "all confirmed", so the anchor adds
        # it as the plain status filter.
        qs = qs | Carrier.objects.exclude(status__in=UNCONFIRMED)
    return (qs.select_related("department", "drafter", "confirmer")
            .order_by("-created_at", "-id"))


def guardian(user: Any) -> tuple[list[int], int]:
    qs = guardian_qs(user)
    rows = list(qs[:50])
    return [c.id for c in rows], qs.count()


BARE_PAGE = """SELECT id, number, title, kind, level, category, reason, term_years, term_ends,
    scope_rank, controlled, department_id, drafter_id, confirmer_id, copies_planned, status,
    return_note, created_at, confirmed_at, updated_at
    FROM carriers_carrier ORDER BY created_at DESC, id DESC LIMIT 50"""
BARE_COUNT = "SELECT count(*) FROM carriers_carrier"


def bare() -> tuple[list[int], int]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(BARE_PAGE)
        rows = cur.fetchall()
        cur.execute(BARE_COUNT)
        total = cur.fetchone()[0]
    return [r[0] for r in rows], total


def timeit(fn: Any, arg: Any, *, warmup: int, reps: int) -> dict[str, float]:
    for _ in range(warmup):
        fn(*arg)
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(*arg)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, math.ceil(0.95 * len(samples)) - 1)]
    return {"p50": round(statistics.median(samples), 2), "p95": round(p95, 2)}


def pick_viewers() -> dict[str, Any]:
    """A typical active STAFF (一般), a DEPT_MANAGER and the GM (核心)."""
    from django.db.models import Count

    from baomi.people.models import Person

    def typical(qs: Any) -> Any:
        ranked = list(qs.annotate(n=Count("drafted_carriers")).order_by("n", "id"))
        return ranked[len(ranked) // 2]

    active = Person.objects.filter(status="ACTIVE").select_related("user")
    return {
        "staff": typical(active.filter(rank="STAFF", clearance="GENERAL")),
        "dept_manager": typical(active.filter(rank="DEPT_MANAGER", clearance="GENERAL")),
        "gm": active.get(rank="GM", clearance="CORE"),
    }


def explain(viewer: Any) -> None:
    """EXPLAIN QUERY PLAN of every query `carrier_page` runs, on stderr."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        ours(viewer)
    for q in ctx.captured_queries:
        log(f"  {q['sql'][:160]}…")
        with connection.cursor() as cur:
            cur.execute("EXPLAIN QUERY PLAN " + q["sql"])
            for row in cur.fetchall():
                log(f"      {row[-1]}")


def full_check(name: str, viewer: Any) -> None:
    """The whole visible set, not just the first page: guardian = ours = may_view's filter."""
    from baomi.carriers.selectors import carrier_list

    mine = set(carrier_list(viewer=viewer).values_list("id", flat=True))
    theirs = set(guardian_qs(viewer.user).values_list("id", flat=True))
    assert mine == theirs, f"{name}: sets differ ({len(mine ^ theirs)} ids)"
    log(f"check {name}: full visible set equal ({len(mine):,} ids)")

