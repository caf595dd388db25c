"""Benchmark: the first page of the scoped carrier list (issue 2, "Performance").

Builds (or reuses) a SQLite database with 1,000,000 carriers and 5,000 people, then times
`carrier_page(viewer=…, page=1, per_page=50)` (50 rows newest first + total) for a staff
member, a department manager and the GM against two anchors measured in the same run:

* guardian — the same answer from django-guardian per-object permissions
  (`get_objects_for_user(user, "carriers.view_carrier", klass=Carrier)`), tables filled
  so that they grant exactly what `baomi.policy.access` allows (checked before timing);
* bare_sql — the limit: the newest 50 rows and `count(*)` with no access rule at all.

Prints one JSON line per figure on stdout; progress goes to stderr.

    .venv/bin/python bench/access_list.py                       # 1,000,000 / 5,000
    .venv/bin/python bench/access_list.py --carriers 20000 --people 500
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accesslist.anchors import (  # noqa: E402
    bare,
    build_guardian,
    explain,
    full_check,
    guardian,
    ours,
    pick_viewers,
    timeit,
)
from accesslist.data import BUILD_VERSION, OUT, build, log, meta_get, setup_django  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--carriers", type=int, default=1_000_000)
    ap.add_argument("--people", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--reps", type=int, default=50, help="timed repetitions (ours, bare)")
    ap.add_argument("--guardian-reps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true", help="ignore a cached database")
    ap.add_argument("--no-full-check", action="store_true",
                    help="compare only first page and count with guardian, not the whole set")
    ap.add_argument("--explain", action="store_true", help="print query plans to stderr")
    args = ap.parse_args()
    if min(args.reps, args.guardian_reps) < 1:
        ap.error("repetitions must be positive")

    OUT.mkdir(parents=True, exist_ok=True)
    key = f"v{BUILD_VERSION}-c{args.carriers}-p{args.people}-s{args.seed}"
    db_path = OUT / f"access_list-{key}.sqlite3"
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    setup_django(db_path)
    from django.core.management import call_command

    if meta_get("complete") != "1":
        from django.db import connection

        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        log(f"building {db_path.name} …")
        build(args.carriers, args.people, args.seed)
    else:
        log(f"reusing {db_path.name}")
        call_command("migrate", verbosity=0)  # new indexes land on the cached database
    if meta_get("guardian_complete") != "1":
        build_guardian()

    build_info = {k: meta_get(k) for k in ("migrate_s", "load_s", "tally_s", "guardian_s",
                                            "scope_rows", "guardian_group_rows",
                                            "guardian_user_rows")}
    log(f"build: {build_info}")
    viewers = pick_viewers()

    # same answer three ways before anything is timed
    for name, viewer in viewers.items():
        ids, total = ours(viewer)
        g_ids, g_total = guardian(viewer.user)
        assert (ids, total) == (g_ids, g_total), f"{name}: ours {total} vs guardian {g_total}"
        log(f"check {name} ({viewer.rank}/{viewer.clearance}): first page ids equal, "
            f"count {total:,} == guardian {g_total:,}")
        if not args.no_full_check:
            full_check(name, viewer)
        if args.explain:
            explain(viewer)

    results = []
    bare_t = timeit(bare, (), warmup=args.warmup, reps=args.reps)
    log(f"bare_sql: {bare_t}")
    for name, viewer in viewers.items():
        ours_t = timeit(ours, (viewer,), warmup=args.warmup, reps=args.reps)
        guard_t = timeit(guardian, (viewer.user,), warmup=min(args.warmup, 2),
                         reps=args.guardian_reps)
        log(f"{name}: ours {ours_t}  guardian {guard_t}")
        ours_ok = ours_t["p95"] <= 30
        extra = {"viewer": f"{viewer.rank}/{viewer.clearance}", "carriers": args.carriers,
                 "people": args.people}
        results.append({
            "bench": f"access_list.{name}.vs_guardian", "ours": ours_t["p95"],
            "anchor": guard_t["p95"], "ratio": round(guard_t["p95"] / ours_t["p95"], 1),
            "unit": "ms", "ours_p50": ours_t["p50"], "anchor_p50": guard_t["p50"],
            "note": "ours/anchor are p95 ms; ratio = anchor/ours (times faster than "
                    "django-guardian get_objects_for_user); goal: ratio >= 20, ours <= 30 ms",
            "goal_met": ours_ok and guard_t["p95"] / ours_t["p95"] >= 20,
            "guardian_build_s": float(build_info["guardian_s"] or 0), **extra})
        results.append({
            "bench": f"access_list.{name}.vs_bare_sql", "ours": ours_t["p95"],
            "anchor": bare_t["p95"], "ratio": round(ours_t["p95"] / bare_t["p95"], 2),
            "unit": "ms", "ours_p50": ours_t["p50"], "anchor_p50": bare_t["p50"],
            "note": "ours/anchor are p95 ms; ratio = ours/anchor (times the bare indexed "
                    "query with no access rule); goal: ratio <= 3, ours <= 30 ms",
            "goal_met": ours_ok and ours_t["p95"] / bare_t["p95"] <= 3, **extra})
    with open(OUT / f"access_list-{key}.jsonl", "w", encoding="utf-8") as fh:
        for row in results:
            line = json.dumps(row, ensure_ascii=False)
            print(line, flush=True)
            fh.write(line + "\n")


if __name__ == "__main__":
    main()
