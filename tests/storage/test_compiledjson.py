"""The compiled encoder (orjson, the ``fast`` extra) and its fallback.

tests/storage/test_fastjson.py holds every byte-equality check for both encoders (any value,
hostile strings, every event type, the v1 store); here: generated whole events, and that
without orjson the pure-Python encoder is used and writes the same bytes.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelayanan import WIB, Actor, ComplianceService, ManualClock
from pelayanan.storage import compiledjson
from pelayanan.storage.compiledjson import CompiledJSONTranscoder, best_transcoder, loads
from pelayanan.storage.fastjson import FastJSONTranscoder
from tests.storage.test_fastjson import COMPILED, HOSTILE, REFERENCE, SETTINGS, TREES, outcome

# What the mapper hands the transcoder: an event's fields by name, any values in them.
EVENT_STATES = st.dictionaries(HOSTILE, TREES, max_size=8)


@SETTINGS
@given(EVENT_STATES)
def test_any_generated_event_encodes_to_the_reference_bytes(state: dict[str, Any]) -> None:
    assert outcome(COMPILED, state) == outcome(REFERENCE, state)


def test_the_service_uses_the_compiled_encoder_when_orjson_is_installed() -> None:
    assert compiledjson.compiled_available()
    assert isinstance(best_transcoder(), CompiledJSONTranscoder)


def test_without_orjson_the_pure_python_encoder_writes_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def record(path: Path) -> list[bytes]:
        clock = ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB))
        service = ComplianceService.open(str(path), clock=clock)
        try:
            clerk = Actor(name="Petugas", role="system")
            service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing",
                                    actor=clerk)
            service.assign_staff("35.73.01.1011", nip="198811212012011001", name="Siti",
                                 role="staff", actor=clerk)
            kind = type(service.mapper.transcoder)
            rows = service.recorder.select_notifications(start=1, limit=100)
            return [kind.__name__.encode(), *(n.state for n in rows)]
        finally:
            service.close()

    compiled = record(tmp_path / "compiled.db")
    monkeypatch.setattr(compiledjson, "orjson", None)
    assert not compiledjson.compiled_available()
    assert type(best_transcoder()) is FastJSONTranscoder
    with pytest.raises(ImportError, match="fast"):
        CompiledJSONTranscoder()
    fallback = record(tmp_path / "fallback.db")

    assert compiled[0] == b"CompiledJSONTranscoder" and fallback[0] == b"FastJSONTranscoder"
    assert compiled[1:] == fallback[1:] and len(compiled) == 3


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
