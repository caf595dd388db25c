"""Offline verifier: an export, a signed checkpoint and the public key — no database.

    python -m baomi.audit.verifier --export audit.jsonl --checkpoint checkpoint.txt \
        --key audit.vkey

No Django import: an inspector can copy `merkle.py`, `note.py`, `scan.py` and this
file (the package `baomi/audit/`) and run them with Python 3.11 and `cryptography` (plus `gmssl`
for SM2 checkpoints). It re-computes every leaf hash from the event's canonical JSON,
the whole RFC 6962 tree and its root at the checkpoint's size, checks the checkpoint's
signature, and names the first bad index (0-based leaf index; event seq = index + 1).

Export format (JSON lines): a header line
`{"baomi_audit_export":1,"hash":"sha256","origin":…,"size":N}` and one line per event,
`{"event":<canonical JSON>,"leaf":"<hex leaf hash as stored>"}`, in seq order. The
event text between `{"event":` and `,"leaf":"` is exactly the leaf's bytes.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baomi.audit.merkle import (
    Hasher,
    ProofError,
    build_levels,
    canonical,
    levels_perfect,
    range_hash,
    verify_consistency,
    verify_inclusion,
)
from baomi.audit.note import Checkpoint, NoteError, open_checkpoint, parse_vkey
from baomi.audit.scan import HEAD, TAIL, scan_export

EXPORT_VERSION = 1


def event_line(body: bytes, leaf_hash: bytes) -> bytes:
    """One export line for an event whose canonical bytes are `body`."""
    return HEAD + body + TAIL + leaf_hash.hex().encode() + b'"}'


def header_line(*, hash_algorithm: str, origin: str, size: int) -> bytes:
    return json.dumps({"baomi_audit_export": EXPORT_VERSION, "hash": hash_algorithm,
                       "origin": origin, "size": size}, sort_keys=True).encode()


@dataclass
class Report:
    ok: bool
    size: int
    checkpoint_size: int
    index: int | None = None  # the first bad leaf index, when one can be named
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.ok:
            extra = self.size - self.checkpoint_size
            tail = f";其后另有 {extra} 条事件未被此检查点覆盖" if extra else ""
            return (f"通过 OK: {self.checkpoint_size} 条事件与签名检查点一致"
                    f"(根哈希、签名、逐条叶子哈希){tail}。")
        where = (f"索引 {self.index}(事件 #{self.index + 1})"
                 if self.index is not None else "无法定位到单条事件")
        return f"失败 FAILED at index {self.index}: {where} — {self.reason}"


def _header(line: bytes) -> dict[str, Any]:
    if not line:
        raise ValueError("export is empty")
    try:
        header = json.loads(line)
    except ValueError as exc:
        raise ValueError(f"export header is not JSON: {exc}") from exc
    if not isinstance(header, dict) or header.get("baomi_audit_export") != EXPORT_VERSION:
        raise ValueError("not a baomi audit export (header line missing)")
    return header


def _split(data: bytes) -> tuple[dict[str, Any], list[bytes]]:
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        raise ValueError("export is empty")
    return _header(lines[0]), lines[1:]


def _line_problem(hasher: Hasher, line: bytes, index: int) -> str:
    """Why one line is bad (the slow path, run only for the first suspect)."""
    try:
        obj = json.loads(line)
        event, stored = obj["event"], obj["leaf"]
    except (ValueError, KeyError, TypeError):
        return "该行不是有效的导出格式 / line is not valid export JSON"
    if not isinstance(event, dict) or event.get("seq") != index + 1:
        got = event.get("seq") if isinstance(event, dict) else None
        return (f"序号应为 {index + 1},实为 {got}(事件被删除、插入或调换) / "
                f"seq should be {index + 1}, found {got}: an event was removed, "
                "inserted or moved")
    try:
        if hasher.leaf(canonical(event)).hex() != stored:
            return "事件内容与其叶子哈希不符(事件被改动) / event content does not match its leaf hash"
    except (KeyError, TypeError):
        return "事件缺少字段 / event lacks fields"
    return "事件行不是规范格式 / event line is not in canonical form"


def verify_export_lines(hasher: Hasher, lines: list[bytes], checkpoint: Checkpoint) -> Report:
    """Check every event line against itself, its neighbours and the checkpoint's root."""
    n, size = len(lines), checkpoint.size
    bodies = [line[9:-75] for line in lines]
    leaves = hasher.leaves(bodies)
    stored = [line[-66:-2] for line in lines]
    computed = [leaf.hex().encode() for leaf in leaves]
    seq_ok = [line[:9] == HEAD and line[-75:-66] == TAIL
              and (b',"seq":%d,"target_id":' % (i + 1)) in body
              for i, (line, body) in enumerate(zip(lines, bodies, strict=True))]
    first_line_bad = None
    if computed != stored or not all(seq_ok):
        first_line_bad = next(i for i in range(n)
                              if computed[i] != stored[i] or not seq_ok[i])
    levels = build_levels(hasher, leaves)
    perfect = levels_perfect(levels)
    if n >= size:
        root_ok = range_hash(hasher, 0, size, perfect) == checkpoint.root
    else:
        root_ok = False
    report = Report(ok=False, size=n, checkpoint_size=size)
    if first_line_bad is not None and first_line_bad <= size:
        blamed = _blame(hasher, leaves, first_line_bad, checkpoint)
        if blamed < size:
            report.index = blamed
            report.reason = (_line_problem(hasher, lines[blamed], blamed)
                             if blamed == first_line_bad else
                             "插入的事件:去掉它,其余事件与签名检查点一致 / an inserted event: "
                             "without it the rest matches the signed checkpoint")
            return report
    if n < size:
        report.index = n
        report.reason = (f"导出只有 {n} 条事件,检查点有 {size} 条(日志被截断) / "
                         f"the export has {n} events, the checkpoint {size}: truncated")
        return report
    if not root_ok:
        report.reason = (f"前 {size} 条事件的根哈希与检查点不符:事件及其哈希被一并改写 / "
                         f"the root of the first {size} events differs from the checkpoint: "
                         "events were rewritten together with their hashes")
        return report
    report.ok = True
    if first_line_bad is not None:
        report.notes.append(f"检查点之后的索引 {first_line_bad} 有问题: "
                            + _line_problem(hasher, lines[first_line_bad], first_line_bad))
    return report


def _blame(hasher: Hasher, leaves: list[bytes], suspect: int, checkpoint: Checkpoint) -> int:
    """A repeated seq: the earlier line may be the inserted one; ask the signed root."""
    if suspect == 0:
        return 0
    size = checkpoint.size
    without = leaves[:suspect - 1] + leaves[suspect:]
    if len(without) >= size:
        levels = build_levels(hasher, without[:size])
        if range_hash(hasher, 0, size, levels_perfect(levels)) == checkpoint.root:
            return suspect - 1
    return suspect


def verify_files(export: Path, checkpoints: list[Path], key: Path) -> list[Report]:
    """Verify one export against each checkpoint (all signed by `key`).

    One streaming pass (`scan.scan_export`) checks every line and computes the roots at
    the checkpoints' sizes. Only when something does not match is the export read whole
    and re-examined by `verify_export_lines`, which names the first bad index.
    """
    verifier = parse_vkey(key.read_text(encoding="utf-8"))
    opened = [open_checkpoint(path.read_text(encoding="utf-8"), verifier)
              for path in checkpoints]
    with export.open("rb") as stream:
        header = _header(stream.readline().rstrip(b"\n"))
        body = stream.tell()
    hasher = Hasher(str(header.get("hash", "sha256")))
    for checkpoint in opened:
        if checkpoint.suite[0] != hasher.algorithm:
            raise NoteError(f"checkpoint hashes with {checkpoint.suite[0]}, the export "
                            f"with {hasher.algorithm}")
    ok, count, roots = scan_export(export, hasher, {cp.size for cp in opened}, body)
    reports: list[Report | None] = [
        Report(ok=True, size=count, checkpoint_size=cp.size)
        if ok and roots.get(cp.size) == cp.root else None for cp in opened]
    if None in reports:  # the slow path: all lines in memory, each check one by one
        _, lines = _split(export.read_bytes())
        reports = [report or verify_export_lines(hasher, lines, cp)
                   for report, cp in zip(reports, opened, strict=True)]
    return [report for report in reports if report is not None]


def verify_proof(doc: dict[str, Any], checkpoint: Checkpoint) -> None:
    """Check an `audit_prove` document against a verified checkpoint (RFC 9162)."""
    hasher = Hasher(checkpoint.suite[0])
    b64 = base64.b64decode
    try:
        proof = [b64(p, validate=True) for p in doc["proof"]]
        if doc["type"] == "inclusion":
            if int(doc["tree_size"]) != checkpoint.size:
                raise ProofError("proof is for another tree size than the checkpoint")
            verify_inclusion(hasher, int(doc["leaf_index"]), checkpoint.size,
                             b64(doc["leaf_hash"]), proof, checkpoint.root)
        elif doc["type"] == "consistency":
            if int(doc["second_size"]) != checkpoint.size:
                raise ProofError("proof ends at another tree size than the checkpoint")
            verify_consistency(hasher, int(doc["first_size"]), checkpoint.size,
                               b64(doc["first_root"]), checkpoint.root, proof)
        else:
            raise ProofError(f"unknown proof type {doc['type']!r}")
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        if isinstance(exc, ProofError):
            raise
        raise ProofError(f"malformed proof document: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baomi.audit.verifier",
        description="审计日志离线核验 / verify an audit export against signed checkpoints")
    parser.add_argument("--export", type=Path, required=True, help="audit_export JSON lines")
    parser.add_argument("--checkpoint", type=Path, action="append", required=True,
                        help="signed checkpoint (repeatable)")
    parser.add_argument("--key", type=Path, required=True, help="verifier key (.vkey)")
    parser.add_argument("--proof", type=Path, help="also check an audit_prove JSON document")
    args = parser.parse_args(argv)
    try:
        reports = verify_files(args.export, args.checkpoint, args.key)
        if args.proof:
            verifier = parse_vkey(args.key.read_text(encoding="utf-8"))
            checkpoint = open_checkpoint(args.checkpoint[-1].read_text(encoding="utf-8"),
                                         verifier)
            verify_proof(json.loads(args.proof.read_text(encoding="utf-8")), checkpoint)
            print("证明通过 proof OK")
    except (OSError, ValueError) as exc:  # NoteError, ProofError are ValueErrors
        print(f"无法核验 cannot verify: {exc}", file=sys.stderr)
        return 2
    for path, report in zip(args.checkpoint, reports, strict=True):
        print(f"{path}: {report.describe()}")
        for note in report.notes:
            print(f"  注意: {note}")
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
