"""The canonical encoding is a published contract (docs/integrity.md): pinned byte for byte."""

from __future__ import annotations

import hashlib
from uuid import UUID

import pytest

from pelayanan.audit.checkpoints import Checkpoint
from pelayanan.audit.encoding import (
    GENESIS_LINK,
    MerkleAccumulator,
    chain_link,
    leaf_hash,
    merkle_root,
    node_hash,
    record_encoding,
)

AGGREGATE = UUID("0b8a6e4e-4c1f-5b7a-9d3e-2f1a0c9b8d7e")


def test_a_record_is_encoded_as_documented() -> None:
    encoded = record_encoding(7, AGGREGATE.bytes, 2, "m:E", b'{"a":1}')
    assert encoded == (
        (7).to_bytes(8, "big")
        + AGGREGATE.bytes
        + (2).to_bytes(8, "big")
        + (3).to_bytes(4, "big")
        + b"m:E"
        + (7).to_bytes(4, "big")
        + b'{"a":1}'
    )


def test_the_worked_example_in_the_docs_still_holds() -> None:
    record = record_encoding(1, AGGREGATE.bytes, 1, "m:E", b"{}")
    assert record.hex() == (
        "00000000000000010b8a6e4e4c1f5b7a9d3e2f1a0c9b8d7e0000000000000001000000036d3a45000000027b7d"
    )
    leaf = leaf_hash(record)
    assert leaf.hex() == "7060b45866cf69e4040d8a29ac212943ab80e4ed2db0b723ba12705f85f6e469"
    link = chain_link(GENESIS_LINK, leaf)
    assert link.hex() == "578dbc3ad6d92de32c2a88185f4419d5b4771e029e4ba951ff9a6f8d174d35a7"


@pytest.mark.parametrize("n", range(0, 34))
def test_the_streaming_merkle_root_is_rfc_9162_mth(n: int) -> None:
    leaves = [leaf_hash(bytes([i])) for i in range(n)]
    accumulator = MerkleAccumulator()
    for leaf in leaves:
        accumulator.add(leaf)
    assert accumulator.count == n
    assert accumulator.root() == merkle_root(leaves)


def test_mth_splits_at_the_largest_power_of_two_below_n() -> None:
    a, b, c = (leaf_hash(x) for x in (b"a", b"b", b"c"))
    assert merkle_root([a, b, c]) == node_hash(node_hash(a, b), c)
    assert merkle_root([]) == hashlib.sha256(b"").digest()


def test_a_checkpoint_hashes_its_canonical_json() -> None:
    cp = Checkpoint(
        log_id="L",
        seq=1,
        after_notification_id=0,
        last_notification_id=3,
        event_count=3,
        total_events=3,
        events_root="00",
        heads_count=1,
        heads_root="11",
        previous="22",
        sealed_at="2024-04-29T08:00:00+07:00",
    )
    assert cp.canonical().startswith(b'{"after_notification_id":0,"event_count":3,')
    assert cp.hash() == hashlib.sha256(b"\x03" + cp.canonical()).hexdigest()
    assert Checkpoint.from_body(cp.body()) == cp
