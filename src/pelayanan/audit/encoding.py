"""The canonical encodings and hashes of the integrity scheme (docs/integrity.md, section 2).

Everything here is a pure function of bytes a verifier reads from the stored log, so an auditor
can re-implement it in another language from the document alone. Hashes are SHA-256 with a
one-byte domain prefix, as RFC 9162 does for Merkle leaves (0x00) and nodes (0x01); the chain
and the head records get prefixes of their own, so no hash of one kind can be passed off as
another.
"""

from __future__ import annotations

import hashlib
import json
import struct
from typing import Any

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
CHAIN_PREFIX = b"\x02"
CHECKPOINT_PREFIX = b"\x03"
SNAPSHOT_PREFIX = b"\x04"
GENESIS_LINK = bytes(HASH_SIZE)
"""The link before version 1 of every aggregate, and the ``previous`` of checkpoint 1."""

_sha256 = hashlib.sha256
_U64 = struct.Struct(">Q")
_U32 = struct.Struct(">I")


def record_encoding(
    notification_id: int, originator: bytes, version: int, topic: str, state: bytes
) -> bytes:
    """The canonical form of one stored event: fixed-width integers, length-prefixed text.

    The state is hashed as stored (not decoded), so the check needs no domain code, is fast,
    and still holds for state encrypted per subject after the subject's key is destroyed.
    """
    return _framed(_U64.pack(notification_id), originator, version, topic, state)


def _framed(head: bytes, originator: bytes, version: int, topic: str, state: bytes) -> bytes:
    """``head``, then a stored row's aggregate, version, topic and state: fixed-width integers,
    length-prefixed text and bytes (what an event's encoding and a snapshot's leaf share)."""
    topic_bytes = topic.encode("utf-8")
    return b"".join(
        (
            head,
            originator,
            _U64.pack(version),
            _U32.pack(len(topic_bytes)),
            topic_bytes,
            _U32.pack(len(state)),
            state,
        )
    )


def snapshot_leaf(originator: bytes, version: int, topic: str, state: bytes) -> bytes:
    """The leaf of one stored snapshot as a checkpoint vouches for it: its bytes as stored,
    under a prefix of its own so it can never pass for an event's leaf."""
    return hashlib.sha256(_framed(SNAPSHOT_PREFIX, originator, version, topic, state)).digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def chain_link(previous: bytes, leaf: bytes) -> bytes:
    """link_v = SHA-256(0x02 || link_{v-1} || leaf_v), with link_0 = 32 zero bytes."""
    return hashlib.sha256(CHAIN_PREFIX + previous + leaf).digest()


def head_record(originator: bytes, version: int, link: bytes) -> bytes:
    """The data of one chain-head leaf: aggregate id, version reached, chain link at it."""
    return originator + _U64.pack(version) + link


class MerkleAccumulator:
    """RFC 9162 Merkle Tree Hash (MTH) of a sequence of leaf hashes, built as they stream in.

    Keeps one hash per set bit of the count (O(log n) memory): full subtrees of decreasing
    power-of-two sizes, which is exactly how MTH splits a list at its largest power of two.
    Adding a leaf merges as many subtrees as the count has trailing one bits.
    """

    __slots__ = ("_count", "_stack")

    def __init__(self) -> None:
        self._stack: list[bytes] = []
        self._count = 0

    @property
    def count(self) -> int:
        return self._count

    def add(self, leaf: bytes) -> None:
        # Called once per event verified: kept flat (see verify._Scan).
        count = self._count
        stack = self._stack
        node = leaf
        while count & 1:
            node = _sha256(NODE_PREFIX + stack.pop() + node).digest()
            count >>= 1
        stack.append(node)
        self._count += 1

    def root(self) -> bytes:
        """MTH of the leaves so far; MTH({}) = SHA-256 of the empty string, as in RFC 9162."""
        if not self._stack:
            return hashlib.sha256(b"").digest()
        node = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            node = node_hash(left, node)
        return node


def merkle_root(leaves: list[bytes]) -> bytes:
    """MTH over already-hashed leaves (the recursive definition, for tests and auditors)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    return node_hash(merkle_root(leaves[:split]), merkle_root(leaves[split:]))


def canonical_json(body: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, ASCII only. Checkpoint bodies hold only strings and integers,
    for which this is the same byte string as RFC 8785 (JCS)."""
    for key, value in body.items():
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise TypeError(f"checkpoint field {key!r} must be a string or an integer")
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def checkpoint_hash(body: dict[str, Any]) -> bytes:
    return hashlib.sha256(CHECKPOINT_PREFIX + canonical_json(body)).digest()
