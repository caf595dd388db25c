"""Benchmark: the Merkle audit log (issue 5, "Performance").

On a fresh SQLite database (WAL, as in production) it times

* single — `audit_append` one event per transaction (goal ≥ 3,000/s);
* batched — `audit_append_many` in batches of 1,000 (goal ≥ 30,000/s);
* verify — `baomi audit_export` of the whole log, then the offline verifier over it
  (leaf hashes, the tree, the signed checkpoint, seq numbering) against the limit
  measured in the same run: raw `hashlib.sha256` over the same leaf bytes (goal ≤ 2×);
* proof — an inclusion proof from the database at the final size (goal ≤ 2 ms).

Prints one JSON line per figure on stdout; progress goes to stderr.

    .venv/bin/python bench/audit.py                       # 1,000,000 + 1,000,000 events
    .venv/bin/python bench/audit.py --single 20000 --batched 100000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def emit(bench: str, ours: float, anchor: float, unit: str, *, higher_is_better: bool,
         **extra: object) -> None:
    ratio = ours / anchor if higher_is_better else anchor / ours
    # the machine may be shared: the 1-minute load average tells how much it was
    print(json.dumps({"bench": bench, "ours": round(ours, 4), "anchor": round(anchor, 4),
                      "ratio": round(ratio, 3), "unit": unit, **extra,
                      "load": round(os.getloadavg()[0], 2)}), flush=True)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--single", type=int, default=1_000_000)
    parser.add_argument("--batched", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--proofs", type=int, default=2_000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="baomi-bench-audit-"))
    os.environ["BAOMI_DATA_DIR"] = str(work)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from baomi.audit import verifier
    from baomi.audit.checkpoints import audit_checkpoint_create
    from baomi.audit.keys import key_dir
    from baomi.audit.selectors import head, inclusion_proof
    from baomi.audit.services import audit_append, audit_append_many

    def detail(i: int) -> dict[str, object]:
        return {"number": f"BM-2026-{i % 1_000_000:06d}", "level": "SECRET"}

    log(f"single appends: {args.single:,} (one transaction each) in {work}")
    t0 = time.perf_counter()
    for i in range(args.single):
        with transaction.atomic():
            audit_append(actor=None, action="carrier.view", target=("carrier", i % 5000 + 1),
                         detail=detail(i), actor_label=f"人员{i % 61}")
        if i and i % 100_000 == 0:
            log(f"  {i:,} ({i / (time.perf_counter() - t0):,.0f}/s)")
    single = args.single / (time.perf_counter() - t0)
    emit("audit_append_single", single, 3000, "events/s", higher_is_better=True,
         events=args.single)

    log(f"batched appends: {args.batched:,} in batches of {args.batch:,}")
    t0 = time.perf_counter()
    done = 0
    while done < args.batched:
        n = min(args.batch, args.batched - done)
        audit_append_many(events=[{"actor": None, "action": "carrier.view",
                                   "target": ("carrier", (done + j) % 5000 + 1),
                                   "detail": detail(done + j), "actor_label": "批量"}
                                  for j in range(n)])
        done += n
    batched = args.batched / (time.perf_counter() - t0)
    emit("audit_append_batched", batched, 30000, "events/s", higher_is_better=True,
         events=args.batched, batch=args.batch)

    size = head().seq
    audit_checkpoint_create()
    export = work / "audit.jsonl"
    log(f"export of {size:,} events")
    t0 = time.perf_counter()
    call_command("audit_export", str(export), verbosity=0)
    export_s = time.perf_counter() - t0
    cp_file = key_dir() / "checkpoints" / "latest.txt"
    vkey = key_dir() / "ed25519.vkey"

    data = export.read_bytes()
    bodies = [line[9:-75] for line in data.split(b"\n")[1:] if line]
    t0 = time.perf_counter()
    sha = hashlib.sha256
    for body in bodies:
        sha(body).digest()
    raw_s = time.perf_counter() - t0
    del bodies, data
    log("verify (offline verifier, whole export)")
    t0 = time.perf_counter()
    reports = verifier.verify_files(export, [cp_file], vkey)
    verify_s = time.perf_counter() - t0
    assert reports[0].ok, reports[0].describe()
    emit("audit_verify_full", verify_s, 2 * raw_s, "s", higher_is_better=False,
         events=size, raw_sha256_s=round(raw_s, 3), export_s=round(export_s, 2),
         export_mb=round(export.stat().st_size / 1e6, 1))

    rng = random.Random(5)
    times = []
    for _ in range(args.proofs):
        seq = rng.randint(1, size)
        t0 = time.perf_counter()
        inclusion_proof(seq=seq)
        times.append((time.perf_counter() - t0) * 1000)
    emit("audit_inclusion_proof", statistics.median(times), 2.0, "ms",
         higher_is_better=False, events=size, p95_ms=round(sorted(times)[int(len(times) * .95)], 3))


if __name__ == "__main__":
    main()
