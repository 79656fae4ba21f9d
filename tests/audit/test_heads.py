"""ChainHeads answers exactly as a dictionary would, however much of it is spilled to disk."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pelayanan.audit.heads import ChainHeads

keys = st.binary(min_size=1, max_size=1)  # few distinct keys, so heads are often reused
heads = st.tuples(st.integers(1, 10_000), st.binary(min_size=32, max_size=32))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5), st.lists(st.tuples(keys, heads), max_size=60))
def test_chain_heads_remember_like_a_dictionary(capacity: int, writes: list) -> None:  # type: ignore[type-arg]
    chain, expected = ChainHeads(capacity), {}
    try:
        for key, head in writes:
            assert chain.get(key) == expected.get(key)
            chain.set(key, head, new=key not in expected)
            expected[key] = head
        for key in {k for k, _ in writes} | {b"?"}:
            assert chain.get(key) == expected.get(key)
        assert chain.count == len(expected)
    finally:
        chain.close()
