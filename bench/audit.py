"""Benchmark: the Merkle audit log against its peers (issues 5 and 11).

On a fresh SQLite database (WAL, as in production) it times, each against an anchor
measured in the same run and interleaved with it block by block (the machine is shared,
so its load moves both alike):

* single — `audit_append` of one event per transaction, recording a change of an org
  unit, against django-auditlog's receiver writing its `LogEntry` for the same change
  (goal: cost ≤ 1.5× django-auditlog's, and ≥ 3,000/s) and against the limit, a plain
  insert of the same row into a copy of the event table (same indexes, no hashing);
* batched — `audit_append_many` in batches of 1,000 against plain `executemany` inserts
  of the same rows (goal ≥ 30,000/s);
* export — `baomi audit_export` of the whole log against reading the same columns with
  a raw cursor (the limit of any export);
* verify — the offline verifier over that export (leaf hashes, the tree, the signed
  checkpoint, seq numbering) against raw `hashlib.sha256` over the same leaf bytes,
  alternating three times (medians; each round's ratio listed) (goal ≤ 2×);
* proof — an inclusion proof from the database at the final size against a plain indexed
  look-up of one event's leaf hash (goal ≤ 2 ms).

Prints one JSON line per figure on stdout (`ours`, `anchor`, `ratio` = ours ÷ anchor
for seconds, anchor ÷ ours for rates, i.e. how many times the anchor's cost ours is);
progress goes to stderr.

    .venv/bin/python bench/audit.py                       # 1,000,000 + 1,000,000 events
    .venv/bin/python bench/audit.py --single 50000 --batched 350000 --peer-single 50000
"""

from __future__ import annotations

import argparse
import hashlib
import io
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
sys.path.insert(0, str(ROOT / "bench"))

UNITS = 1000  #: org units whose renames the single appends record


def emit(bench: str, ours: float, anchor: float, unit: str, *, rate: bool,
         **extra: object) -> None:
    """`ratio` is always ours' cost over the anchor's (> 1: ours costs more)."""
    ratio = anchor / ours if rate else ours / anchor
    # the machine may be shared: the 1-minute load average tells how much it was
    print(json.dumps({"bench": bench, "ours": round(ours, 4), "anchor": round(anchor, 4),
                      "ratio": round(ratio, 3), "unit": unit, **extra,
                      "load": round(os.getloadavg()[0], 2)}, ensure_ascii=False), flush=True)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--single", type=int, default=1_000_000)
    parser.add_argument("--peer-single", type=int, default=100_000,
                        help="events each peer writes one per transaction")
    parser.add_argument("--batched", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=20,
                        help="blocks the single appends are interleaved in")
    parser.add_argument("--proofs", type=int, default=2_000)
    parser.add_argument("--verify-rounds", type=int, default=3,
                        help="verifications, each after a raw sha256 pass")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="baomi-bench-audit-"))
    os.environ["BAOMI_DATA_DIR"] = str(work)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "auditpeers.settings"
    import django

    django.setup()
    from auditpeers.peers import (
        PlainLog,
        auditlog_count,
        auditlog_register,
        auditlog_update,
    )
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from baomi.audit import verifier
    from baomi.audit.checkpoints import audit_checkpoint_create
    from baomi.audit.keys import key_dir
    from baomi.audit.merkle import canonical_detail
    from baomi.audit.selectors import head, inclusion_proof
    from baomi.audit.services import audit_append, audit_append_many
    from baomi.people.models import OrgUnit

    units = OrgUnit.objects.bulk_create(
        [OrgUnit(name=f"单位{i}", code=f"u{i}", sort=i) for i in range(UNITS)])
    auditlog_register(OrgUnit)
    plain = PlainLog()

    def change(i: int) -> tuple[OrgUnit, dict[str, object]]:
        unit = units[i % UNITS]
        new = f"单位{i % UNITS}·{i}"
        unit.name = new  # the change: not saved, each log records it from the old row
        return unit, {"name": [f"单位{i % UNITS}", new]}

    # --- single appends, interleaved with the peers in `rounds` blocks ----------------
    log(f"single: {args.single:,} ours, {args.peer_single:,} each peer, "
        f"{args.rounds} rounds, in {work}")
    spent = {"ours": 0.0, "plain": 0.0, "auditlog": 0.0}
    done = {"ours": 0, "plain": 0, "auditlog": 0}
    for r in range(args.rounds):
        mine = args.single * (r + 1) // args.rounds - done["ours"]
        peer = args.peer_single * (r + 1) // args.rounds - done["plain"]
        t0 = time.perf_counter()
        for i in range(done["ours"], done["ours"] + mine):
            unit, detail = change(i)
            with transaction.atomic():
                audit_append(actor=None, action="orgunit.update", target=unit,
                             detail=detail, actor_label=f"人员{i % 61}")
        spent["ours"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(done["plain"], done["plain"] + peer):
            unit, detail = change(i)
            row = plain.row(timezone.now(), "orgunit.update", ("orgunit", str(unit.pk)),
                            canonical_detail(detail), f"人员{i % 61}")
            with transaction.atomic():
                plain.insert_one(row)
        spent["plain"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(done["auditlog"], done["auditlog"] + peer):
            unit, _ = change(i)
            with transaction.atomic():
                auditlog_update(OrgUnit, unit)
        spent["auditlog"] += time.perf_counter() - t0
        done["ours"] += mine
        done["plain"] += peer
        done["auditlog"] += peer
        log(f"  round {r + 1}: ours {done['ours'] / spent['ours']:,.0f}/s, plain "
            f"{done['plain'] / spent['plain']:,.0f}/s, auditlog "
            f"{done['auditlog'] / spent['auditlog']:,.0f}/s")
    assert auditlog_count() == done["auditlog"]  # noqa: S101 - the peer wrote every entry
    rates = {name: done[name] / spent[name] for name in spent}
    emit("audit_append_single", rates["ours"], rates["auditlog"], "events/s", rate=True,
         anchor_name="django-auditlog LogEntry for the same change", events=args.single,
         peer_events=args.peer_single, goal="ratio <= 1.5 and ours >= 3000")
    emit("audit_append_single_vs_plain", rates["ours"], rates["plain"], "events/s",
         rate=True, anchor_name="plain insert of the same row", events=args.single)

    # --- batched appends, interleaved batch by batch with plain executemany -----------
    log(f"batched: {args.batched:,} in batches of {args.batch:,}")
    ours_s = plain_s = 0.0
    made = 0
    at = timezone.now()
    while made < args.batched:
        n = min(args.batch, args.batched - made)
        specs = [{"actor": None, "action": "carrier.view",
                  "target": ("carrier", (made + j) % 5000 + 1),
                  "detail": {"number": f"BM-2026-{(made + j) % 1_000_000:06d}",
                             "level": "SECRET"}, "actor_label": "批量"} for j in range(n)]
        t0 = time.perf_counter()
        audit_append_many(events=specs)
        ours_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = [plain.row(at, s["action"], ("carrier", str(s["target"][1])),
                          canonical_detail(s["detail"]), "批量") for s in specs]
        with transaction.atomic():
            plain.insert_many(rows)
        plain_s += time.perf_counter() - t0
        made += n
    emit("audit_append_batched", args.batched / ours_s, args.batched / plain_s, "events/s",
         rate=True, anchor_name="plain executemany of the same rows", events=args.batched,
         batch=args.batch, goal="ours >= 30000")

    # --- export, against reading the same columns -------------------------------------
    size = head().seq
    audit_checkpoint_create()
    export = work / "audit.jsonl"
    log(f"export of {size:,} events")
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, at, actor_id, actor_label, channel, action, target_type,"
                       " target_id, allowed, rule, detail, leaf_hash FROM audit_auditevent "
                       "ORDER BY seq")
        while cursor.fetchmany(5000):
            pass
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    call_command("audit_export", str(export), verbosity=0, stdout=io.StringIO())
    export_s = time.perf_counter() - t0
    emit("audit_export", export_s, read_s, "s", rate=False,
         anchor_name="raw cursor read of the same columns", events=size,
         export_mb=round(export.stat().st_size / 1e6, 1))

    # --- verify, against raw sha256 over the same bytes -------------------------------
    cp_file = key_dir() / "checkpoints" / "latest.txt"
    vkey = key_dir() / "ed25519.vkey"
    sha = hashlib.sha256
    raws, verifies = [], []
    log(f"verify (offline verifier, whole export) ×{args.verify_rounds}, "
        "alternating with raw sha256")
    for _ in range(args.verify_rounds):
        bodies = [line[9:-75] for line in export.read_bytes().split(b"\n")[1:] if line]
        t0 = time.perf_counter()
        for body in bodies:
            sha(body).digest()
        raws.append(time.perf_counter() - t0)
        # the verifier forks a second process: it should not inherit the bodies (a
        # parent 140 MB larger, its pages touched, slowed it by a third to two thirds)
        del bodies
        t0 = time.perf_counter()
        reports = verifier.verify_files(export, [cp_file], vkey)
        verifies.append(time.perf_counter() - t0)
        assert reports[0].ok, reports[0].describe()  # noqa: S101
    emit("audit_verify_full", statistics.median(verifies), statistics.median(raws), "s",
         rate=False, anchor_name="raw hashlib.sha256 over the same leaf bytes", events=size,
         export_s=round(export_s, 2), goal="ratio <= 2",
         ratios=[round(v / r, 2) for v, r in zip(verifies, raws, strict=True)])

    # --- proofs, against one indexed look-up ------------------------------------------
    rng = random.Random(5)
    ours_ms, plain_ms = [], []
    with connection.cursor() as cursor:
        for _ in range(args.proofs):
            seq = rng.randint(1, size)
            t0 = time.perf_counter()
            inclusion_proof(seq=seq)
            ours_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            cursor.execute("SELECT leaf_hash FROM audit_auditevent WHERE seq = %s", [seq])
            cursor.fetchone()
            plain_ms.append((time.perf_counter() - t0) * 1000)
    emit("audit_inclusion_proof", statistics.median(ours_ms), statistics.median(plain_ms),
         "ms", rate=False, anchor_name="indexed look-up of one leaf hash", events=size,
         p95_ms=round(sorted(ours_ms)[int(len(ours_ms) * .95)], 3), goal="ours <= 2 ms")


if __name__ == "__main__":
    main()
