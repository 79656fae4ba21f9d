"""The views' documents are read as ``json`` reads them, by orjson (the ``fast`` extra) where it
can."""

from __future__ import annotations

import json

import pytest

from pelayanan.storage.readjson import loads


@pytest.mark.parametrize(
    "text",
    [
        '{"code": "35.73.01.1001", "findings": {"late": 2}, "score": 87.5, "open": [], "x": null}',
        '{"big": 123456789012345678901234567890, "n": NaN, "inf": -Infinity}',
        '["\\u00e9", "sidak \\u2713"]',
    ],
)
def test_loads_reads_what_json_reads(text: str) -> None:
    """The view documents' reader: orjson where it can, ``json`` for what orjson refuses."""
    expected = json.loads(text)
    found = loads(text)
    assert repr(found) == repr(expected)  # NaN != NaN: compared as written
