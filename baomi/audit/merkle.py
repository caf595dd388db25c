"""RFC 6962 / RFC 9162 Merkle tree hashing, compact ranges and proofs.

No Django import: the offline verifier (`python -m baomi.audit.verifier`) uses this module
alone. Leaves and nodes follow RFC 9162 §2.1.1:

    leaf hash = H(0x00 || leaf bytes)        node hash = H(0x01 || left || right)

and the empty tree's root is H(""). H is SHA-256, or SM3 (GB/T 32905) when the policy
selects the national suite. Indices are 0-based leaf indices (event seq − 1).

Proofs are built from *ranges* [a, b) of leaves: every subtree an RFC 9162 proof needs
is either a perfect aligned subtree or the right edge of one, and the right edge splits
into perfect aligned subtrees (`perfect_pieces`). A store that keeps perfect-subtree
hashes (the database, or the level lists of `build_levels`) therefore answers any
proof with O(log n) look-ups.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

HASH_ALGORITHMS = ("sha256", "sm3")

#: the fields of an event that are hashed into its leaf, in canonical JSON (sorted keys)
FIELDS = ("seq", "at", "actor_id", "actor_label", "channel", "action", "target_type",
          "target_id", "allowed", "rule", "detail")


class ProofError(ValueError):
    """A proof, root or size that does not verify (RFC 9162 §2.1.3.2, §2.1.4.2)."""


def canonical(event: Mapping[str, Any]) -> bytes:
    """The leaf bytes of an event: sorted keys, no spaces, UTF-8 (not ASCII-escaped)."""
    body = {name: event[name] for name in FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


#: `json.dumps(…, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` without
#: building a new encoder per call (which `dumps` does for any non-default argument)
_encode_detail = json.JSONEncoder(sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False).encode


def canonical_detail(detail: Mapping[str, Any]) -> str:
    """`detail` as it appears inside `canonical` (also the text stored in the database)."""
    return _encode_detail(detail)


def canonical_event(*, seq: int, at: str, actor_id: int | None, actor_label: str,
                    channel: str, action: str, target_type: str, target_id: str,
                    allowed: bool, rule: str, detail_json: str) -> bytes:
    """`canonical` of an event, built without a dict sort: byte for byte the same
    (tests/test_chain.py compares them) for the field types an event has."""
    enc = _encode_str
    return "".join((
        '{"action":', enc(action),
        ',"actor_id":', "null" if actor_id is None else str(int(actor_id)),
        ',"actor_label":', enc(actor_label),
        ',"allowed":', "true" if allowed else "false",
        ',"at":', enc(at),
        ',"channel":', enc(channel),
        ',"detail":', detail_json,
        ',"rule":', enc(rule),
        ',"seq":', str(int(seq)),
        ',"target_id":', enc(target_id),
        ',"target_type":', enc(target_type), "}",
    )).encode()


def _sm3() -> Callable[[bytes], Any]:
    if "sm3" in hashlib.algorithms_available:
        def openssl_sm3(data: bytes = b"") -> Any:
            return hashlib.new("sm3", data)

        return openssl_sm3
    from gmssl import func, sm3  # pure Python fallback (GB/T 32905)

    class _SM3:
        def __init__(self, data: bytes = b"") -> None:
            self._data = data

        def digest(self) -> bytes:
            return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(self._data)))

    return _SM3


class Hasher:
    """RFC 9162 leaf and node hashing with SHA-256 or SM3."""

    def __init__(self, algorithm: str = "sha256") -> None:
        if algorithm not in HASH_ALGORITHMS:
            raise ValueError(f"unknown hash algorithm {algorithm!r}")
        self.algorithm = algorithm
        self.new: Callable[..., Any] = hashlib.sha256 if algorithm == "sha256" else _sm3()

    def empty_root(self) -> bytes:
        return bytes(self.new(b"").digest())

    def leaf(self, data: bytes) -> bytes:
        return bytes(self.new(b"\x00" + data).digest())

    def node(self, left: bytes, right: bytes) -> bytes:
        return bytes(self.new(b"\x01" + left + right).digest())

    def leaves(self, items: Iterable[bytes]) -> list[bytes]:
        new = self.new
        return [new(b"\x00" + item).digest() for item in items]


# --- ranges ------------------------------------------------------------------------------

def split_point(n: int) -> int:
    """The largest power of two smaller than n (n ≥ 2): RFC 6962's k."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_pieces(a: int, b: int) -> list[tuple[int, int]]:
    """Split [a, b) into perfect aligned subtrees (level, index), left to right.

    Valid for the ranges proofs use: a is aligned to a power of two ≥ b − a, so the
    hash of [a, b) is the right fold of the pieces' hashes.
    """
    pieces = []
    while a < b:
        level = (b - a).bit_length() - 1
        while a & ((1 << level) - 1):
            level -= 1
        pieces.append((level, a >> level))
        a += 1 << level
    return pieces


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The subtrees of an inclusion proof (RFC 6962 PATH), bottom first."""
    if not 0 <= index < size:
        raise ProofError(f"index {index} is outside a tree of size {size}")
    lo, hi, m = 0, size, index
    stack: list[tuple[int, int]] = []
    while hi - lo > 1:
        k = split_point(hi - lo)
        if m < k:
            stack.append((lo + k, hi))
            hi = lo + k
        else:
            stack.append((lo, lo + k))
            m -= k
            lo += k
    return list(reversed(stack))


def consistency_ranges(old: int, new: int) -> list[tuple[int, int]]:
    """The subtrees of a consistency proof (RFC 6962 SUBPROOF), bottom first."""
    if not 0 <= old <= new:
        raise ProofError(f"sizes {old} and {new} are not in order")
    if old in (0, new):
        return []
    stack: list[tuple[int, int]] = []
    lo, hi, m, whole = 0, new, old, True
    while True:
        n = hi - lo
        if m == n:
            if not whole:
                stack.append((lo, hi))
            break
        k = split_point(n)
        if m <= k:
            stack.append((lo + k, hi))
            hi = lo + k
        else:
            stack.append((lo, lo + k))
            m -= k
            lo += k
            whole = False
    return list(reversed(stack))


def range_hash(hasher: Hasher, a: int, b: int,
               perfect: Callable[[int, int], bytes]) -> bytes:
    """Hash of leaves [a, b) from perfect-subtree hashes `perfect(level, index)`."""
    if a == b:
        return hasher.empty_root()
    pieces = [perfect(level, index) for level, index in perfect_pieces(a, b)]
    acc = pieces[-1]
    for piece in reversed(pieces[:-1]):
        acc = hasher.node(piece, acc)
    return acc


# --- whole trees in memory -------------------------------------------------------------

def build_levels(hasher: Hasher, leaves: Sequence[bytes]) -> list[list[bytes]]:
    """All perfect-subtree hashes, level by level (levels[0] are the leaves)."""
    levels = [list(leaves)]
    new = hasher.new
    current = levels[0]
    while len(current) > 1:
        current = [new(b"\x01" + left + right).digest()
                   for left, right in zip(current[0::2], current[1::2], strict=False)]
        levels.append(current)
    return levels


def levels_perfect(levels: Sequence[Sequence[bytes]]) -> Callable[[int, int], bytes]:
    return lambda level, index: levels[level][index]


def root_from_levels(hasher: Hasher, levels: Sequence[Sequence[bytes]], size: int) -> bytes:
    return range_hash(hasher, 0, size, levels_perfect(levels))


def root_of(hasher: Hasher, leaves: Sequence[bytes]) -> bytes:
    return root_from_levels(hasher, build_levels(hasher, leaves), len(leaves))


def inclusion_proof(hasher: Hasher, index: int, size: int,
                    perfect: Callable[[int, int], bytes]) -> list[bytes]:
    return [range_hash(hasher, a, b, perfect) for a, b in inclusion_ranges(index, size)]


def consistency_proof(hasher: Hasher, old: int, new: int,
                      perfect: Callable[[int, int], bytes]) -> list[bytes]:
    return [range_hash(hasher, a, b, perfect) for a, b in consistency_ranges(old, new)]


# --- compact range: the right edge of the tree, kept in the head row -------------------

def frontier_push(hasher: Hasher, frontier: list[bytes], size: int,
                  leaf: bytes) -> list[tuple[int, int, bytes]]:
    """Append leaf number `size` to the frontier in place.

    `frontier` holds the perfect subtrees of a tree of `size` leaves, largest first.
    Returns the perfect subtrees (level, index, hash) completed by this leaf, level ≥ 1.
    """
    completed = []
    acc, level, n = leaf, 0, size
    while n & 1:
        acc = hasher.node(frontier.pop(), acc)
        level += 1
        n >>= 1
        completed.append((level, ((size + 1) >> level) - 1, acc))
    frontier.append(acc)
    return completed


def frontier_root(hasher: Hasher, frontier: Sequence[bytes]) -> bytes:
    if not frontier:
        return hasher.empty_root()
    acc = frontier[-1]
    for piece in reversed(frontier[:-1]):
        acc = hasher.node(piece, acc)
    return acc


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) --------------------------------------

def root_from_inclusion(hasher: Hasher, index: int, size: int, leaf_hash: bytes,
                        proof: Sequence[bytes]) -> bytes:
    if not 0 <= index < size:
        raise ProofError(f"index {index} is outside a tree of size {size}")
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("proof is too long")
        if fn & 1 or fn == sn:
            r = hasher.node(p, r)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            r = hasher.node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is too short")
    return r


def verify_inclusion(hasher: Hasher, index: int, size: int, leaf_hash: bytes,
                     proof: Sequence[bytes], root: bytes) -> None:
    """Raise ProofError unless `proof` shows leaf `index` is in the tree with `root`."""
    if any(len(p) != len(root) for p in proof) or len(leaf_hash) != len(root):
        raise ProofError("proof contains a hash of the wrong length")
    if root_from_inclusion(hasher, index, size, leaf_hash, proof) != root:
        raise ProofError("computed root does not match")


def verify_consistency(hasher: Hasher, old: int, new: int, old_root: bytes,
                       new_root: bytes, proof: Sequence[bytes]) -> None:
    """Raise ProofError unless `proof` shows tree `old` is a prefix of tree `new`."""
    if not 0 <= old <= new:
        raise ProofError(f"sizes {old} and {new} are not in order")
    if any(len(p) != len(new_root) for p in proof):
        raise ProofError("proof contains a hash of the wrong length")
    if old == new:
        if proof:
            raise ProofError("proof must be empty for equal sizes")
        if old_root != new_root:
            raise ProofError("roots differ for equal sizes")
        return
    if old == 0:
        if proof:
            raise ProofError("proof must be empty from an empty tree")
        return
    if not proof:
        raise ProofError("proof is empty")
    path = list(proof)
    if old & (old - 1) == 0:  # old is a power of two: its root is the first node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("proof is too long")
        if fn & 1 or fn == sn:
            fr = hasher.node(c, fr)
            sr = hasher.node(c, sr)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            sr = hasher.node(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is too short")
    if fr != old_root:
        raise ProofError("old root does not match")
    if sr != new_root:
        raise ProofError("new root does not match")
