"""The event mapper's generated writers store exactly what eventsourcing's own mapper stores.

The hash chain hashes stored bytes: every event a service writes, in the order its attributes
were set, must become eventsourcing's very stored event, and anything the generated writer does
not write itself must give eventsourcing's result or eventsourcing's error.
"""

from __future__ import annotations

import json
import shutil
import zlib
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper, StoredEvent
from hypothesis import given

from pelayanan import ComplianceService
from pelayanan.storage.codegen import fields_writer
from pelayanan.storage.mapper import EventMapper
from pelayanan.storage.transcodings import AttrsTranscoding, EnumTranscoding
from tests.domain.support import transcoder
from tests.fixtures.make_v1_store import SCHEMAS, STORE
from tests.storage.test_fastjson import (
    HOSTILE,
    SETTINGS,
    TREES,
    Floaty,
    FloatyAsName,
    FloatyAsValue,
    fast_transcoder,
    stored_records,
    write_every_kind_of_event,
)

REFERENCE = Mapper(transcoder=transcoder())


def outcome(mapper: Mapper[UUID], event: Any) -> tuple[str, Any]:
    try:
        return "stored", mapper.to_stored_event(event)
    except Exception as exc:
        return "error", type(exc)


class Note(Aggregate):
    """A record whose one event carries any value at all."""

    class Noted(Aggregate.Event):
        value: Any

    class Renoted(Aggregate.Event):
        value: Any
        class_version = 3

    @staticmethod
    def create_id() -> UUID:
        return uuid5(NAMESPACE_URL, "note")

    def note(self, value: Any) -> None:
        self.trigger_event(self.Noted, value=value)

    def renote(self, value: Any) -> None:
        self.trigger_event(self.Renoted, value=value)


def noted(value: Any) -> Note.Noted:
    note = Note()
    note.note(value)
    event = note.collect_events()[-1]
    assert isinstance(event, Note.Noted)
    return event


def test_every_event_a_service_writes_is_what_eventsourcing_would_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Live events, in the order their attributes were set, and their snapshots."""
    compared: dict[str, int] = {}
    generated = EventMapper.to_stored_event

    def compare(self: EventMapper, event: Any) -> StoredEvent:
        stored = generated(self, event)
        assert stored == REFERENCE.to_stored_event(event), type(event).__qualname__
        compared[stored.topic] = compared.get(stored.topic, 0) + 1
        return stored

    monkeypatch.setattr(EventMapper, "to_stored_event", compare)
    write_every_kind_of_event(tmp_path)
    # Every event type but those only old stores hold (the next test re-stores those).
    missing = set(json.loads(SCHEMAS.read_text())) - set(compared)
    v1 = Path(shutil.copy(STORE, tmp_path))
    assert missing <= {topic for topic, _ in stored_records(v1)}, missing
    assert sum(compared.values()) > 1000


def test_snapshots_of_every_kind_of_record_are_what_eventsourcing_would_store(
    tmp_path: Path,
) -> None:
    (year, *_) = write_every_kind_of_event(tmp_path)
    service = ComplianceService.open(str(year))
    try:
        kinds: set[str] = set()
        for row in service.recorder.select_notifications(start=1, limit=10_000):
            record = service.repository.get(row.originator_id)
            snapshot = type(record).Snapshot.take(record)
            assert service.mapper.to_stored_event(snapshot) == REFERENCE.to_stored_event(snapshot)
            kinds.add(type(record).__name__)
    finally:
        service.close()
    assert {"Office", "Inspection", "Complaint", "DisciplinaryCase"} <= kinds


def test_events_read_back_from_a_store_are_stored_again_as_eventsourcing_would(
    tmp_path: Path,
) -> None:
    """Events decoded from a store set their attributes in another order than new ones; the
    v1 fixture store holds the event types no new store does."""
    (year, *_) = write_every_kind_of_event(tmp_path)
    rows = []
    for store in (year, Path(shutil.copy(STORE, tmp_path))):
        service = ComplianceService.open(str(store))
        try:
            rows += service.recorder.select_notifications(start=1, limit=10_000)
        finally:
            service.close()
    mapper = EventMapper(transcoder=service.mapper.transcoder)
    assert len(rows) > 500
    for row in rows:
        event = mapper.to_domain_event(row)
        assert mapper.to_stored_event(event) == REFERENCE.to_stored_event(event)
        if getattr(type(event), "class_version", 1) == 1:  # else upcast when read: stored anew
            assert mapper.to_stored_event(event).state == row.state


@SETTINGS
@given(TREES)
def test_any_value_in_an_event_is_stored_as_eventsourcing_stores_it_or_refused_alike(
    value: Any,
) -> None:
    """Hostile strings, floats, subclasses, unregistered types: the reference's bytes or error."""
    mapper = EventMapper(transcoder=fast_transcoder())
    event = noted(value)
    assert outcome(mapper, event) == outcome(REFERENCE, event)


@SETTINGS
@given(HOSTILE)
def test_any_attribute_name_is_stored_as_eventsourcing_stores_it(name: str) -> None:
    mapper = EventMapper(transcoder=fast_transcoder())
    event = noted(1)
    vars(event)[name] = "x"  # a name no class would declare, quotes and all
    assert outcome(mapper, event) == outcome(REFERENCE, event)


def test_a_class_version_above_one_is_stored_last_as_eventsourcing_stores_it() -> None:
    note = Note()
    note.renote("again")
    event = note.collect_events()[-1]
    stored = EventMapper(transcoder=fast_transcoder()).to_stored_event(event)
    assert stored == REFERENCE.to_stored_event(event)
    assert stored.state.endswith(b',"class_version":3}')


def test_a_transcoding_registered_after_events_were_stored_is_used_for_the_next() -> None:
    mapper = EventMapper(transcoder=fast_transcoder())
    reference = Mapper(transcoder=transcoder())
    for transcoding in (FloatyAsName(), FloatyAsValue()):
        mapper.transcoder.register(transcoding)  # type: ignore[attr-defined]
        reference.transcoder.register(transcoding)  # type: ignore[attr-defined]
        event = noted([Floaty.HALF])
        assert mapper.to_stored_event(event) == reference.to_stored_event(event)
    assert mapper.to_stored_event(event).state.endswith(b'"_data_":"0.5"}]}')


def test_compressed_or_encrypted_states_are_left_to_eventsourcing() -> None:
    mapper = EventMapper(transcoder=fast_transcoder(), compressor=Zlib())
    reference = Mapper(transcoder=transcoder(), compressor=Zlib())
    event = noted({"a": ["b", 1, None]})
    assert mapper.to_stored_event(event) == reference.to_stored_event(event)
    assert zlib.decompress(mapper.to_stored_event(event).state).startswith(b'{"timestamp":')


def test_the_service_stores_through_the_event_mapper_unless_told_otherwise(
    tmp_path: Path,
) -> None:
    service = ComplianceService.open(str(tmp_path / "a.db"))
    try:
        assert type(service.mapper) is EventMapper
    finally:
        service.close()
    topic = "eventsourcing.persistence:Mapper"
    other = ComplianceService.open(str(tmp_path / "b.db"), env={"MAPPER_TOPIC": topic})
    try:
        assert type(other.mapper) is Mapper
    finally:
        other.close()


def test_generated_writers_take_names_and_texts_as_data_never_as_code() -> None:
    """Only a plain ASCII identifier becomes source text (``o.name``); any other name, key or
    static text is an argument of the generated function."""

    class Loud(str):
        def __repr__(self) -> str:
            raise AssertionError("a name's own code ran")

        __format__ = __str__ = __repr__  # type: ignore[assignment]

    hostile = '"}); import os; os.system("x") #'
    write = fields_writer([hostile], ["{", "}"], {int: int.__repr__}, by_key=True)
    assert write({hostile: 7}) == "{7}"
    holder = type("Holder", (), {})()
    setattr(holder, hostile, 8)
    write = fields_writer([hostile], ["<", ">"], {int: int.__repr__}, by_key=False)
    assert write(holder) == "<8>"
    with pytest.raises(ValueError, match="exactly str"):
        fields_writer([Loud("a")], ["{", "}"], {}, by_key=True)
    with pytest.raises(ValueError, match="exactly str"):
        fields_writer(["a"], [Loud("{"), "}"], {}, by_key=True)
    with pytest.raises(ValueError, match="one static text"):
        fields_writer(["a"], ["{"], {}, by_key=True)


# ---------------------------------------------------------------- what a cached shape must not hide


class Zlib:
    def compress(self, data: bytes) -> bytes:
        return zlib.compress(data, 9)

    def decompress(self, data: bytes) -> bytes:
        return zlib.decompress(data)


def test_a_compressor_set_after_events_were_stored_compresses_the_next() -> None:
    mapper = EventMapper(transcoder=fast_transcoder())
    event = noted("x")
    assert mapper.to_stored_event(event) == REFERENCE.to_stored_event(event)
    mapper.compressor = Zlib()
    reference = Mapper(transcoder=transcoder(), compressor=Zlib())
    assert mapper.to_stored_event(event) == reference.to_stored_event(event)


def test_a_class_version_changed_after_events_were_stored_is_written_as_it_is_now(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mapper = EventMapper(transcoder=fast_transcoder())
    event = noted("x")
    assert b"class_version" not in mapper.to_stored_event(event).state
    monkeypatch.setattr(Note.Noted, "class_version", 2, raising=False)
    assert mapper.to_stored_event(event) == REFERENCE.to_stored_event(event)
    assert mapper.to_stored_event(event).state.endswith(b',"class_version":2}')


def test_a_transcoder_of_another_kind_writes_its_own_way() -> None:
    class Newline(type(fast_transcoder())):  # type: ignore[misc]
        def encode(self, obj: Any) -> bytes:
            return bytes(super().encode(obj)) + b"\n"

    newline = Newline()
    for builtin_and_ours in transcoder().types.values():
        newline.register(builtin_and_ours)
    event = noted("x")
    stored = EventMapper(transcoder=newline).to_stored_event(event)
    assert stored == Mapper(transcoder=newline).to_stored_event(event)
    assert stored.state.endswith(b"\n")


def test_an_event_passing_for_another_class_is_stored_under_the_class_it_claims() -> None:
    class Claimed(Note.Noted):
        pass

    class Claiming(Note.Noted):
        @property  # type: ignore[misc]
        def __class__(self) -> type:
            return Claimed

    event = object.__new__(Claiming)
    object.__setattr__(event, "__dict__", dict(vars(noted("x"))))
    stored = EventMapper(transcoder=fast_transcoder()).to_stored_event(event)
    assert stored == REFERENCE.to_stored_event(event)
    assert stored.topic.endswith("Claimed")


def test_keys_that_only_look_like_the_cached_shape_are_written_as_they_are() -> None:
    """A str subclass equal to a cached key, and a dict subclass as the state."""

    class Alias(str):
        def __str__(self) -> str:
            return "alias"

    class Loud(dict[str, Any]):
        def __getitem__(self, key: str) -> Any:
            value = super().__getitem__(key)
            return value.upper() if isinstance(value, str) else value

    mapper = EventMapper(transcoder=fast_transcoder())
    mapper.to_stored_event(noted("x"))  # the plain shape, cached
    aliased = noted("x")
    state = vars(aliased)
    state[Alias("value")] = state.pop("value")
    loud = noted("quiet")
    object.__setattr__(loud, "__dict__", Loud(vars(loud)))
    for event in (aliased, loud):
        assert outcome(mapper, event) == outcome(REFERENCE, event)


def test_a_transcoding_registered_while_a_writer_is_generated_is_used_for_the_next_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another thread registering between a writer's generation and its caching: the writer
    generated with the old transcodings is not kept for the events that follow."""
    from pelayanan.storage import mapper as module

    class FloatyRenamed(FloatyAsName):
        name = "floaty_renamed"

    fast = fast_transcoder()
    fast.register(FloatyAsName())
    mapper = EventMapper(transcoder=fast)
    generate = module._event_writer

    def interrupted(*args: Any) -> Any:
        written = generate(*args)
        fast.register(FloatyRenamed())  # meanwhile, in another thread
        return written

    monkeypatch.setattr(module, "_event_writer", interrupted)
    mapper.to_stored_event(noted([Floaty.HALF]))
    monkeypatch.setattr(module, "_event_writer", generate)
    reference = Mapper(transcoder=transcoder())
    reference.transcoder.register(FloatyRenamed())  # type: ignore[attr-defined]
    event = noted([Floaty.HALF])
    assert mapper.to_stored_event(event) == reference.to_stored_event(event)
    assert b"floaty_renamed" in mapper.to_stored_event(event).state


def test_an_attribute_whose_name_python_would_normalise_is_read_by_its_own_name() -> None:
    """Source text ``o.\uff58`` (a fullwidth x) reads ``o.x``: such a name is never pasted."""
    import attrs

    wide = "\uff58"

    class Decoy:
        x = "decoy"

    cls = attrs.frozen(type("Wide", (Decoy,), {"__annotations__": {wide: str}}))
    assert [f.name for f in attrs.fields(cls)] == [wide]
    value = cls("real")
    fast, reference = fast_transcoder(), transcoder()
    for found in (fast, reference):
        found.register(AttrsTranscoding(cls, "wide"))
    assert fast.encode(value) == reference.encode(value)
    assert b"real" in fast.encode(value)


class Bag(Enum):
    ITEMS = ["a"]


def test_an_enum_member_whose_value_changes_is_written_as_it_is_now() -> None:
    fast, reference = fast_transcoder(), transcoder()
    for found in (fast, reference):
        found.register(EnumTranscoding(Bag, "bag"))
    assert fast.encode(Bag.ITEMS) == reference.encode(Bag.ITEMS)
    Bag.ITEMS.value.append("b")
    try:
        assert fast.encode(Bag.ITEMS) == reference.encode(Bag.ITEMS)
        assert b'["a","b"]' in fast.encode(Bag.ITEMS)
    finally:
        Bag.ITEMS.value.remove("b")


def test_writers_of_one_shape_share_compiled_code_but_not_their_texts_or_writers() -> None:
    first = fields_writer(["a"], ["<", ">"], {int: int.__repr__}, by_key=True)
    second = fields_writer(["a"], ["[", "]"], {int: "{:x}".format}, by_key=True)
    assert first.__code__ is second.__code__  # compiled once
    assert (first({"a": 255}), second({"a": 255})) == ("<255>", "[ff]")


def test_an_event_with_its_classs_keys_in_another_order_is_stored_in_its_own_order() -> None:
    """The writer found by the identity of the last event's keys is used only for the very
    same keys in the very same order."""
    mapper = EventMapper(transcoder=fast_transcoder())
    first = noted(1)
    assert mapper.to_stored_event(first) == REFERENCE.to_stored_event(first)
    turned = noted(2)
    state = vars(turned)
    items = list(state.items())
    state.clear()
    state.update(reversed(items))  # the same key objects, another order
    shorter = noted(3)
    del vars(shorter)["value"]
    for event in (turned, noted(4), shorter, turned):
        assert outcome(mapper, event) == outcome(REFERENCE, event)
    assert mapper.to_stored_event(turned).state.startswith(b'{"value":2')
