"""The event store's records are eventsourcing's own: the same objects its constructors make.

storage/eventstore.py sets the fields of eventsourcing's frozen ``StoredEvent``,
``Notification`` and ``Recording`` without calling their ``__init__``. Whatever reads them (the
service, eventsourcing's followers, an auditor's script) must not be able to tell.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import EventStore as ReferenceStore
from eventsourcing.persistence import Notification, Recording, StoredEvent

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.storage import eventstore
from pelayanan.storage.eventstore import EventStore, plain, stored_event


def same(ours: object, theirs: object) -> None:
    """Equal, of the same class, with the same fields set in the same order, hashed alike."""
    assert type(ours) is type(theirs)
    assert ours == theirs
    assert list(vars(ours).items()) == list(vars(theirs).items())
    assert hash(ours) == hash(theirs)
    assert repr(ours) == repr(theirs)


def test_eventsourcings_records_are_plain_so_the_fast_way_is_the_one_taken() -> None:
    assert eventstore.PLAIN


def test_a_stored_event_is_the_one_its_constructor_makes() -> None:
    uid = uuid4()
    ours = stored_event(uid, 7, "pelayanan.domain.office:Office.Registered", b'{"a":1}')
    same(
        ours,
        StoredEvent(
            originator_id=uid,
            originator_version=7,
            topic="pelayanan.domain.office:Office.Registered",
            state=b'{"a":1}',
        ),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        ours.state = b"{}"  # type: ignore[misc]


@dataclasses.dataclass(frozen=True)
class OwnInit:
    x: int

    def __init__(self, x: int) -> None:
        object.__setattr__(self, "x", x + 1)


@dataclasses.dataclass(frozen=True)
class PostInit:
    x: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", self.x + 1)


@dataclasses.dataclass
class Unfrozen:
    x: int


@dataclasses.dataclass(frozen=True)
class Defaulted:
    x: int = 1


@dataclasses.dataclass(frozen=True)
class Plain:
    x: int


@dataclasses.dataclass(frozen=True)
class NotInInit:
    x: int
    y: int = dataclasses.field(init=False, default=0)


@dataclasses.dataclass(frozen=True)
class OwnNew:
    x: int

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return super().__new__(cls)


@dataclasses.dataclass(frozen=True)
class WithInitVar:
    x: int
    hint: dataclasses.InitVar[str] = ""


@pytest.mark.parametrize(
    ("cls", "names", "expected"),
    [
        (Plain, ("x",), True),
        (Plain, ("y",), False),  # not the fields named
        (OwnInit, ("x",), False),  # its __init__ does more than set the field
        (PostInit, ("x",), False),
        (Unfrozen, ("x",), False),  # set by its own __setattr__, which may be anything
        (Defaulted, ("x",), True),  # every field is passed: the default is never used
        (NotInInit, ("x", "y"), False),  # y is set, but not from an argument
        (OwnNew, ("x",), False),
        (WithInitVar, ("x",), False),  # hint is an argument, and no field
        (int, ("x",), False),
    ],
)
def test_only_a_class_whose_init_just_sets_the_fields_named_is_made_without_it(
    cls: type, names: tuple[str, ...], expected: bool
) -> None:
    assert plain(cls, names) is expected


def constructed(monkeypatch: pytest.MonkeyPatch, *classes: type) -> list[str]:
    """The names of ``classes`` each time one's ``__init__`` is called from now on."""
    called: list[str] = []
    for cls in classes:
        init = cls.__init__

        def spy(self: Any, *args: Any, __init: Any = init, **kwargs: Any) -> None:
            called.append(type(self).__name__)
            __init(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", spy)
    return called


def test_without_plain_classes_the_constructors_are_called(monkeypatch: pytest.MonkeyPatch) -> None:
    uid = uuid4()
    expected = StoredEvent(uid, 1, "t", b"{}")
    called = constructed(monkeypatch, StoredEvent)
    same(stored_event(uid, 1, "t", b"{}"), expected)
    assert called == []  # plain: made without it
    monkeypatch.setattr(eventstore, "PLAIN", False)
    same(stored_event(uid, 1, "t", b"{}"), expected)
    assert called == ["StoredEvent"]


class Counter(Aggregate):
    class Added(Aggregate.Event):
        n: int

        def apply(self, counter: Any) -> None:
            pass


def events() -> list[Any]:
    counters = [Counter() for _ in range(3)]
    for i, counter in enumerate(counters):
        counter.trigger_event(Counter.Added, n=i)
    return [e for c in counters for e in c.collect_events()]


@pytest.mark.parametrize("fast", [True, False])
def test_put_hands_back_the_recordings_eventsourcings_put_hands_back(
    fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(eventstore, "PLAIN", fast)
    made = events()
    ours, theirs = Application[UUID](), Application[UUID]()  # each its own in-memory store
    reference = ReferenceStore(mapper=theirs.mapper, recorder=theirs.recorder).put(made)
    called = constructed(monkeypatch, Notification, Recording)
    mine = EventStore(mapper=ours.mapper, recorder=ours.recorder).put(made)
    assert called == ([] if fast else ["Notification", "Recording"] * 6)
    assert len(mine) == len(reference) == 6
    for a, b in zip(mine, reference, strict=True):
        same(a, b)
        same(a.notification, b.notification)
        assert a.domain_event is b.domain_event
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.notification.id = 0  # type: ignore[misc]
    assert EventStore(mapper=ours.mapper, recorder=ours.recorder).put([]) == []


def test_a_service_saves_through_this_event_store_on_each_engine(store_url: str) -> None:
    """On SQLite and PostgreSQL: the notification ids handed back are the log's."""
    clock = ManualClock(datetime(2024, 4, 29, 8, tzinfo=WIB))
    service = ComplianceService.open(store_url, clock=clock)
    try:
        assert type(service.events) is EventStore
        office = Counter()
        office.trigger_event(Counter.Added, n=1)
        (recording, added) = service.save(office)
        logged = service.recorder.select_notifications(start=1, limit=10)
        assert [r.notification for r in (recording, added)] == logged
        assert added.notification.id == service.head()
    finally:
        service.close()
