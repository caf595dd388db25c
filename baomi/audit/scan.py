"""The fast path of the offline verifier: one streaming pass over an export.

No Django import (see verifier.py). `scan_export` checks every event line exactly as
`verifier.verify_export_lines` does — the line starts with `{"event":`, its stored leaf
hash is the hash of its event bytes, its `,"leaf":"` marker is in place, and it holds
`,"seq":<index + 1>,"target_id":` — and computes the RFC 6962 roots at the wanted tree
sizes. It only ever answers "all good" (`Part.ok` and the roots); whatever does not
match is re-examined by the slow path, which names the index.

Cost. Per line the work is one leaf hash and, on average, one node hash: `hashlib`'s
per-call overhead (not SHA-256 itself) dominates both, so one process needs about 3.5×
the time of the bare leaf hashing (docs/performance.md, "Audit log"). Large exports are
therefore split in two at a line whose index is a multiple of 2**GROUP_LEVEL, and the
second half is scanned in a child process. Lines are read in 256 KiB blocks; per-line
steps other than the hashing are C-level (`map`, `join`, `chain`), and the tree is kept
as the roots of complete 2**GROUP_LEVEL-leaf subtrees plus the leaves after them
(`compose` folds them into a compact range).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from baomi.audit.merkle import Hasher, frontier_root, perfect_pieces

if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO

HEAD = b'{"event":'
TAIL = b',"leaf":"'
BLOCK = 1 << 18  #: bytes read at a time: small enough to stay in the CPU caches
GROUP_LEVEL = 12  #: leaves are hashed into subtrees of 2**12 before they are folded
PARALLEL_BYTES = 64 << 20  #: exports at least this large are scanned by two processes
_ENDS = itemgetter(slice(0, 9), slice(-75, None))
_FRAME = (HEAD + TAIL).decode()
_SEP = '"}' + _FRAME


def subtree_roots(hasher: Hasher, hashes: list[bytes], levels: int) -> list[bytes]:
    """Roots of consecutive perfect subtrees of 2**levels hashes each (RFC 6962 nodes)."""
    new = hasher.new
    for _ in range(levels):
        hashes = [new(b"\x01" + left + right).digest()
                  for left, right in zip(hashes[0::2], hashes[1::2], strict=True)]
    return hashes


@dataclass
class Part:
    """What one scan of a run of lines found, for `compose`."""

    start: int  # the leaf index of its first line (a multiple of 2**GROUP_LEVEL)
    ok: bool = True
    count: int = 0  # event lines seen
    groups: list[bytes] = field(default_factory=list)  # roots of complete groups
    pending: list[bytes] = field(default_factory=list)  # leaves after the last group
    #: for each wanted size in this part: the leaves from its group's start up to it
    prefixes: dict[int, list[bytes]] = field(default_factory=dict)


class Scan:
    def __init__(self, hasher: Hasher, sizes: set[int], start: int) -> None:
        self.hasher = hasher
        self.sizes = sizes
        self.part = Part(start)

    def run(self, stream: IO[bytes], stop: int | None = None) -> Part:
        """Scan from the stream's position to `stop` (or the end); lines end with \\n."""
        rest, left = b"", stop - stream.tell() if stop is not None else None
        while self.part.ok and (block := stream.read(BLOCK if left is None
                                                     else min(BLOCK, left))):
            if left is not None:
                left -= len(block)
            end = block.rfind(b"\n")
            if end < 0:
                rest += block
                continue
            lines = block.split(b"\n")
            lines[0] = rest + lines[0]
            rest = lines.pop()
            self.feed(lines)
        if self.part.ok and rest:
            self.feed([rest])
        return self.part

    def feed(self, lines: list[bytes]) -> None:
        part = self.part
        first = part.start + part.count
        new = self.hasher.new
        leaves = [new(b"\x00" + line[9:-75]).digest() for line in lines]
        # each line's first 9 and last 75 bytes: HEAD, TAIL, the stored hash, '"}'
        framing = _FRAME + _SEP.join(map(bytes.hex, leaves)) + '"}'
        # each line's numbering: ',"seq":<index + 1>,"target_id":' somewhere in it
        numbers = ',"target_id":\n,"seq":'.join(map(str, range(first + 1, first + len(lines) + 1)))
        seqs = (',"seq":' + numbers + ',"target_id":').encode().split(b"\n")
        part.ok = (part.ok
                   and b"".join(chain.from_iterable(map(_ENDS, lines))) == framing.encode()
                   and all(map(bytes.__contains__, lines, seqs)))
        part.count += len(lines)
        folded = part.start + (len(part.groups) << GROUP_LEVEL)
        part.pending += leaves
        for size in self.sizes:
            if folded <= size <= part.start + part.count and size not in part.prefixes:
                part.prefixes[size] = part.pending[:size - folded]
        whole = (len(part.pending) >> GROUP_LEVEL) << GROUP_LEVEL
        if whole:
            part.groups += subtree_roots(self.hasher, part.pending[:whole], GROUP_LEVEL)
            del part.pending[:whole]


def _push(hasher: Hasher, frontier: list[bytes], size: int, level: int, h: bytes) -> None:
    """Append a perfect subtree of 2**level leaves at `size` (a multiple of 2**level)."""
    n = size >> level
    while n & 1:
        h = hasher.node(frontier.pop(), h)
        n >>= 1
    frontier.append(h)


def _root(hasher: Hasher, frontier: list[bytes], at: int, leaves: list[bytes]) -> bytes:
    frontier = list(frontier)
    for level, index in perfect_pieces(at, at + len(leaves)):
        start = (index << level) - at
        piece = subtree_roots(hasher, leaves[start:start + (1 << level)], level)[0]
        _push(hasher, frontier, index << level, level, piece)
    return frontier_root(hasher, frontier)


def compose(hasher: Hasher, parts: list[Part]) -> tuple[bool, int, dict[int, bytes]]:
    """(all lines good, line count, roots at the wanted sizes) from consecutive parts."""
    frontier: list[bytes] = []
    at, roots = 0, {}
    for part in parts:
        if not part.ok or part.start != at:  # the split assumed a numbering that is wrong
            return False, at, {}
        for root in part.groups:
            roots.update({size: _root(hasher, frontier, at, leaves)
                          for size, leaves in part.prefixes.items() if size - len(leaves) == at})
            _push(hasher, frontier, at, GROUP_LEVEL, root)
            at += 1 << GROUP_LEVEL
        roots.update({size: _root(hasher, frontier, at, leaves)
                      for size, leaves in part.prefixes.items() if size - len(leaves) == at})
        if part.pending and part is not parts[-1]:
            return False, at, {}
        at += len(part.pending)
    return True, at, roots


def _second_half(path: Path, body: int) -> tuple[int, int] | None:
    """(byte offset, leaf index) of a line near the middle whose index is a multiple of
    2**GROUP_LEVEL, judged by its seq; None if there is none within 4 MiB."""
    with path.open("rb") as stream:
        middle = body + (stream.seek(0, os.SEEK_END) - body) // 2
        stream.seek(middle)
        chunk = stream.read(4 << 20)
    offset = chunk.find(b"\n") + 1
    while 0 < offset < len(chunk):
        end = chunk.find(b"\n", offset)
        if end < 0:
            return None
        line = chunk[offset:end]
        at = line.rfind(b',"seq":')
        digits = line[at + 7:line.find(b",", at + 7)]
        if at >= 0 and digits.isdigit() and (int(digits) - 1) % (1 << GROUP_LEVEL) == 0:
            return middle + offset, int(digits) - 1
        offset = end + 1
    return None


def _scan_range(path: Path, algorithm: str, sizes: set[int], offset: int, start: int,
                stop: int | None) -> Part:
    with path.open("rb") as stream:
        stream.seek(offset)
        return Scan(Hasher(algorithm), sizes, start).run(stream, stop)


def scan_export(path: Path, hasher: Hasher, sizes: set[int],
                body: int) -> tuple[bool, int, dict[int, bytes]]:
    """Scan the event lines from byte `body` on; see `compose` for the result."""
    split = None
    if path.stat().st_size - body >= PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        split = _second_half(path, body)
    if split is None:
        parts = [_scan_range(path, hasher.algorithm, sizes, body, 0, None)]
    else:
        offset, start = split
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            second = pool.submit(_scan_range, path, hasher.algorithm, sizes, offset, start,
                                 None)
            parts = [_scan_range(path, hasher.algorithm, sizes, body, 0, offset),
                     second.result()]
    ok, count, roots = compose(hasher, parts)
    if 0 in sizes:
        roots[0] = hasher.empty_root()
    return ok, count, roots
