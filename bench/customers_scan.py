"""Benchmark: the suspicious-customer scan (issue 7, R-CUS-3) and the import rate.

Generates N customers (default 10,000,000) with realistic duplication — about 0.5 % of
customers share a phone and 0.2 % share a bank account with someone else — as blind-index
columns (HMAC, as the product stores them), then in a fresh process times:

* ours_group   — the scan's own search: the shared values the database recorded as the
  customers were stored (triggers, services/shared.py), each counted before the cut-off;
* ours_regroup — the same answer from scratch: GROUP BY … HAVING COUNT(*) >= 2 over each
  column's covering index (what `customers_scan --full` does to check the triggers);
* ours_scan  — the whole `suspicious_scan` (search, members, items, assignment, audit);
* anchor     — DuckDB grouping the same columns from a Parquet file (threads = cores),
  what a data engineer would reach for;
* peak memory of the scan process (ru_maxrss);
* import     — `policies_import` of M generated valid rows (all checks, encryption,
  blind indexes, one transaction per batch): rows/s; and, as its anchor, storing the same
  shape of rows alone with the import's own statements (`storage_floor`, rolled back).

Prints one JSON line per figure on stdout; progress on stderr.

    .venv/bin/python bench/customers_scan.py                          # 10M, SQLite
    .venv/bin/python bench/customers_scan.py --rows 1000000 --import-rows 20000
    DATABASE_URL=postgres://… .venv/bin/python bench/customers_scan.py --backend postgres
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from customersscan.data import build, export_parquet  # noqa: E402
from customersscan.measure import (  # noqa: E402
    anchor,
    import_rate,
    ours_group,
    ours_regroup,
    ours_scan,
    storage_floor,
)
from customersscan.setup import OUT, ensure_pg_database, log, setup_django  # noqa: E402


def phase_scan(args: argparse.Namespace) -> None:
    setup_django(args.backend, args.rows)
    from django.db import connection

    info = json.loads((OUT / f"customers-{args.rows}-{connection.vendor}.json").read_text())
    parquet = export_parquet(args.rows)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    group_s, groups = ours_group()
    regroup_s, regroups = ours_regroup()
    scan_s, run = ours_scan()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    anchor_s, anchor_groups = anchor(parquet)
    expected = info["phone_groups"] + info["account_groups"]
    assert groups == regroups == anchor_groups == expected == run.new_items, (
        groups, regroups, anchor_groups, expected, run.new_items)
    note = args.note or ""
    common = {"backend": connection.vendor, "rows": args.rows, "groups": groups}
    out = [
        {"bench": "customers_scan.group", "ours": round(group_s, 3), "anchor": round(anchor_s, 3),
         "ratio": round(group_s / anchor_s, 2), "unit": "s", **common},
        {"bench": "customers_scan.regroup", "ours": round(regroup_s, 3),
         "anchor": round(anchor_s, 3), "ratio": round(regroup_s / anchor_s, 2), "unit": "s",
         **common},
        {"bench": "customers_scan.full", "ours": round(scan_s, 3), "anchor": round(anchor_s, 3),
         "ratio": round(scan_s / anchor_s, 2), "unit": "s", **common},
        {"bench": "customers_scan.peak_memory", "ours": round(peak_mb, 1), "anchor": 2048,
         "ratio": round(peak_mb / 2048, 3), "unit": "MB", "before_scan_mb":
         round(base_rss / 1024, 1), **common},
    ]
    if args.import_rows:
        rate = import_rate(args.import_rows)
        floor = storage_floor(args.import_rows)
        out.append({"bench": "customers_import.rate", "ours": round(rate), "anchor": 50000,
                    "ratio": round(rate / 50000, 3), "unit": "rows/s",
                    "rows": args.import_rows, "backend": connection.vendor})
        # the anchor here is the database itself: storing the same rows with nothing else
        out.append({"bench": "customers_import.vs_storage_alone", "ours": round(rate),
                    "anchor": round(floor), "ratio": round(rate / floor, 3), "unit": "rows/s",
                    "rows": args.import_rows, "backend": connection.vendor,
                    "goal": 50000})
    for line in out:
        if note:
            line["note"] = note
        print(json.dumps(line, ensure_ascii=False), flush=True)
    with (OUT / f"customers_scan-{connection.vendor}-{args.rows}.jsonl").open("w") as fh:
        fh.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--import-rows", type=int, default=20_000)
    ap.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--note", default="")
    ap.add_argument("--phase", choices=("all", "build", "scan"), default="all")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.phase in ("all", "build"):
        if args.backend == "postgres":
            ensure_pg_database(args.rows)
        if args.phase == "build":
            setup_django(args.backend, args.rows)
            info = build(args.rows, args.seed)
            export_parquet(args.rows)   # here, so DuckDB's memory is not the scan's peak
            log(f"built: {info}")
            return
        # build in its own process so the scan's peak memory is the scan's own
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--phase", "build"],  # noqa: S603
                       check=True)
    phase_scan(args)


if __name__ == "__main__":
    main()
