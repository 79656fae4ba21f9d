"""The fast encoder writes exactly the bytes eventsourcing's JSONTranscoder writes (its writers
are also what storage/mapper.py's generated event writers call: tests/storage/test_mapper.py).

The hash chain hashes stored bytes, so "decodes to the same value" is not enough: every event,
snapshot and value must encode to the reference's very bytes, and anything the fast path does
not handle itself must give the reference's result or the reference's error.
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelayanan import WIB, Actor, ComplianceService, ManualClock
from pelayanan.accounts import Accounts
from pelayanan.domain import values
from pelayanan.policy.config import parse_config
from pelayanan.scenarios.malang import SimulationSettings, simulate
from pelayanan.storage.fastjson import FastJSONTranscoder
from pelayanan.storage.transcodings import register_all
from tests.domain.support import transcoder
from tests.fixtures.make_v1_store import SCHEMAS, STORE
from tests.storage.test_transcodings import ANY_VALUE
from tests.test_decree import record_every_decree_event
from tests.test_due_process import KASI, LURAH_OFFICIAL, MALANG, _case, _examine

REFERENCE = transcoder()
CITY = {
    "change": {"decree": "Perwal Malang 12/2024", "by": "Kepala BKPSDM"},
    "parameters": {"sp4n.complaint_days": 7, "board.bands": [80, 50.5],
                   "pp94.impact_levels": {"*": {"unit_kerja": "ringan", "instansi": "sedang",
                                                "negara": "berat"}}},
    "days": [{"day": "2024-05-20", "kind": "office_closure", "name": "Hari jadi",
              "source": "SE Wali Kota Malang 2024/12"}],
    "positions": [{"id": "walikota", "title": "Wali Kota Malang", "class": "ppk"}],
}


def fast_transcoder() -> FastJSONTranscoder:
    found = FastJSONTranscoder()
    for builtin in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        found.register(builtin)
    register_all(found)
    return found


FAST = fast_transcoder()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(transcoder: JSONTranscoder, value: object) -> tuple[str, Any]:
    try:
        return "bytes", transcoder.encode(value)
    except Exception as exc:
        return "error", type(exc)


def assert_same(value: object) -> None:
    assert outcome(FAST, value) == outcome(REFERENCE, value)


# Any text, plus the characters JSON escapes or cannot encode: lone surrogates, control
# characters, line and paragraph separators, quotes and backslashes.
HOSTILE = (
    st.text(max_size=30)
    | st.text(st.characters(categories=["Cs", "Cc", "Zl", "Zp"]), max_size=5)
    | st.sampled_from(['"', "\\", "\x00", "\x1f", "\x7f", "\ud800", "é\n\t\r\b\f", "</script>"])
)
LEAVES = HOSTILE | st.none() | st.booleans() | st.integers() | ANY_VALUE
TREES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(HOSTILE, inner, max_size=4)
    ),
    max_leaves=12,
)


@SETTINGS
@given(TREES)
def test_any_tree_of_values_encodes_to_the_reference_bytes(tree: Any) -> None:
    assert_same(tree)
    assert_same({"value": tree})


@SETTINGS
@given(TREES)
def test_what_the_fast_encoder_writes_decodes_to_what_was_written(tree: Any) -> None:
    try:
        data = FAST.encode({"value": tree})
    except UnicodeEncodeError:  # a lone surrogate: the reference refuses it too (checked above)
        return
    assert FAST.decode(data) == REFERENCE.decode(data)
    assert FAST.encode(FAST.decode(data)) == REFERENCE.encode(REFERENCE.decode(data))


class Sized(IntEnum):
    SMALL = 1


class Floaty(Enum):
    HALF = 0.5


class Text(str):
    pass


def loop() -> list[Any]:
    found: list[Any] = []
    found.append(found)
    return found


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        math.nan,
        math.inf,
        1e16,
        2**64,
        -(2**200),
        {1: "int key"},
        {True: "bool key", None: "none key"},
        {1.5: "float key"},
        {(1, 2): "tuple key"},
        Text("a str subclass"),
        {Text("a str subclass key"): 1},
        {"a": Sized.SMALL},
        object(),
        {"set": {1, 2}},
        frozenset({"b", "a"}),
        loop(),
        "\ud800",
        [values.Nip("198503122010012003"), "\udfff"],
    ],
    ids=repr,
)
def test_values_outside_the_fast_path_get_the_reference_result_or_error(value: object) -> None:
    assert_same(value)


class FloatyAsName(Transcoding):
    type = Floaty
    name = "floaty"

    def encode(self, obj: Floaty) -> str:
        return obj.name

    def decode(self, data: str) -> Floaty:
        return Floaty[data]


class FloatyAsValue(FloatyAsName):
    """The same type under the same name, written another way (a transcoding replaced)."""

    def encode(self, obj: Floaty) -> str:
        return str(obj.value)


def test_a_transcoding_registered_later_replaces_the_one_used_before() -> None:
    fast, reference = fast_transcoder(), transcoder()
    for transcoding in (FloatyAsName(), FloatyAsValue()):
        fast.register(transcoding)
        reference.register(transcoding)
        assert fast.encode([Floaty.HALF]) == reference.encode([Floaty.HALF])
    assert fast.encode([Floaty.HALF]) == b'[{"_type_":"floaty","_data_":"0.5"}]'


def test_dates_times_and_moments_in_other_zones_encode_as_the_reference() -> None:
    for value in (
        date(2024, 4, 29),
        datetime(2024, 4, 29, 9, 30, 15, 123456, tzinfo=WIB),
        datetime(2024, 4, 29, 9, 30),
        datetime.fromisoformat("2024-04-29T09:30:00-03:30"),
    ):
        assert_same({"at": value})


def stored_records(path: Path) -> list[tuple[str, bytes]]:
    """(topic, state) of every event and snapshot in the SQLite store at ``path``."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [
            (topic, state)
            for table in ("stored_events", "stored_snapshots")
            for topic, state in db.execute(f"SELECT topic, state FROM {table}")
        ]


def test_the_v1_fixture_store_re_encodes_to_its_stored_bytes(tmp_path: Path) -> None:
    """Old stores: what v1 wrote, decoded and encoded again, is what v1 wrote."""
    records = stored_records(Path(shutil.copy(STORE, tmp_path)))
    assert len(records) > 34
    for _, state in records:
        assert FAST.encode(FAST.decode(state)) == state


def write_every_kind_of_event(tmp_path: Path) -> list[Path]:
    """Stores written by services in ``tmp_path`` that, with the v1 fixture store, hold every
    event type there is: a simulated year, and what the simulation does not do."""
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(str(tmp_path / "year.db"), clock=clock)
    try:
        simulate(service, clock, SimulationSettings(scale=0.01))
    finally:
        service.close()
    # A decision checked against an organisation (not simulated): its AuthorityRecorded event.
    authorised = tmp_path / "authority.db"
    due_process = ComplianceService.open(
        str(authorised), clock=ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB)),
        organisation=MALANG,
    )
    try:
        case = _case(due_process, KASI)
        _examine(due_process, case)
        due_process.decide_case(case, outcome="punishment", punishment="teguran_lisan",
                                reason="r", decided_by=LURAH_OFFICIAL)
    finally:
        due_process.close()
    # The decree's life and the interim measures (not simulated): one of each of their events.
    decrees = tmp_path / "decrees.db"
    decree_service = ComplianceService.open(
        str(decrees), clock=ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB))
    )
    try:
        record_every_decree_event(decree_service, Actor(name="Siti", role="BKPSDM"))
    finally:
        decree_service.close()
    # Accounts (the web front door's), not simulated: every event an account can have.
    with_accounts = tmp_path / "accounts.db"
    accounts_service = ComplianceService.open(
        str(with_accounts), clock=ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB))
    )
    try:
        accounts = Accounts(accounts_service)
        admin = Actor(name="admin", role="admin")
        accounts.add("siti", password="a long enough password", role="satgas", actor=admin)
        accounts.grant("siti", "auditor", None, actor=admin)
        accounts.revoke("siti", "auditor", None, actor=admin)
        token = accounts.issue_token("siti", label="phone", actor=admin)
        accounts.revoke_token("siti", token.split(".")[2], actor=admin)
        accounts.disable("siti", reason="left the satgas", actor=admin)
        accounts.enable("siti", actor=admin)
        accounts.set_position("siti", "kasubag-umum", actor=admin)
        accounts.set_position("siti", None, actor=admin)
    finally:
        accounts_service.close()
    # A city's settings on the record (not simulated): its CitySettings events.
    with_settings = tmp_path / "settings.db"
    ComplianceService.open(
        str(with_settings), clock=ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB)),
        config=parse_config(CITY),
    ).close()
    return [tmp_path / "year.db", authorised, decrees, with_accounts, with_settings]


def test_every_event_type_encodes_as_the_reference(tmp_path: Path) -> None:
    """New stores: each event and snapshot a service writes; old ones: the v1 fixture store."""
    stores = [*write_every_kind_of_event(tmp_path), Path(shutil.copy(STORE, tmp_path))]
    seen = set()
    for topic, state in [record for store in stores for record in stored_records(store)]:
        decoded = REFERENCE.decode(state)
        assert FAST.encode(decoded) == REFERENCE.encode(decoded) == state
        seen.add(topic)
    assert set(json.loads(SCHEMAS.read_text())) - seen == set()


def test_a_moment_written_twice_in_a_row_is_written_as_it_is_each_time() -> None:
    """The text of the last moment written is kept by identity: never for another object (the
    same instant in another zone), nor for a time zone whose offset may change."""

    class Drifting(tzinfo):
        offset = timedelta(hours=7)

        def utcoffset(self, dt: datetime | None) -> timedelta:
            return self.offset

        def dst(self, dt: datetime | None) -> timedelta:
            return timedelta(0)

    jakarta = datetime(2024, 4, 29, 9, 30, tzinfo=WIB)
    utc = jakarta.astimezone(UTC)
    assert jakarta == utc
    for value in ([jakarta, utc, jakarta], [utc, utc], [jakarta, jakarta.replace()]):
        assert_same(value)
    drifting = Drifting()
    moment = datetime(2024, 4, 29, 9, 30, tzinfo=drifting)
    assert_same({"at": moment})
    drifting.offset = timedelta(hours=8)
    assert_same({"at": moment})
    assert b"+08:00" in FAST.encode({"at": moment})
