"""eventsourcing's event store, making its frozen records without their generated ``__init__``.

Saving an event makes three of eventsourcing's frozen dataclasses: the ``StoredEvent`` the
mapper writes, then the ``Notification`` and the ``Recording`` the event store hands back. A
frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, named again for
each: about 3 µs an event measured alone (docs/performance.md, write path sixth round), for
objects that are only ever read.

:func:`stored_event` and :class:`EventStore` make the same objects (same class, same fields
set in the same order, so equal, hashed and printed alike) by setting the fields as that
``__init__`` would, without its call. They do so only while :data:`PLAIN` holds (asked once,
at import): making each class only sets the fields named here, in this order
(:func:`~pelayanan.domain.base.plain_fields`). Otherwise (another eventsourcing) the classes'
own constructors are called. tests/storage/test_eventstore.py compares both ways.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import EventStore as _EventStore
from eventsourcing.persistence import Notification, Recording, StoredEvent

from pelayanan.domain.base import plain_fields

_NAMES: dict[type, tuple[str, ...]] = {
    StoredEvent: ("originator_id", "originator_version", "topic", "state"),
    Notification: ("originator_id", "originator_version", "topic", "state", "id"),
    Recording: ("domain_event", "notification"),
}


def plain(cls: type, names: tuple[str, ...]) -> bool:
    """Does making a ``cls`` only set these fields, in this order, each to the argument of
    the same name?"""
    return plain_fields(cls) == names


PLAIN = all(plain(cls, names) for cls, names in _NAMES.items())

# What each frozen __init__ calls per field; called here without its per-call global lookups.
# (Filling ``__dict__`` instead would give each object a dict of its own for the collector to
# walk, where ``__init__`` leaves the values inline.)
_new = object.__new__
_set = object.__setattr__


def stored_event(
    originator_id: UUID | str, originator_version: int, topic: str, state: bytes
) -> StoredEvent:
    """``StoredEvent(originator_id, originator_version, topic, state)``."""
    if not PLAIN:
        return StoredEvent(originator_id, originator_version, topic, state)
    made = _new(StoredEvent)
    _set(made, "originator_id", originator_id)
    _set(made, "originator_version", originator_version)
    _set(made, "topic", topic)
    _set(made, "state", state)
    return made


class EventStore(_EventStore[UUID]):
    """eventsourcing's event store; ``put`` makes its notifications and recordings directly."""

    def put(
        self, domain_events: Sequence[DomainEventProtocol[UUID]], **kwargs: Any
    ) -> list[Recording[UUID]]:
        if not PLAIN:
            return super().put(domain_events, **kwargs)
        stored_events = list(map(self.mapper.to_stored_event, domain_events))
        notification_ids = self.recorder.insert_events(stored_events, **kwargs)
        if not notification_ids:
            return []
        assert len(notification_ids) == len(stored_events)  # as eventsourcing's put asserts
        recordings = []
        new, set_ = _new, _set
        for event, stored, notification_id in zip(
            domain_events, stored_events, notification_ids, strict=True
        ):
            notification = new(Notification)
            set_(notification, "originator_id", stored.originator_id)
            set_(notification, "originator_version", stored.originator_version)
            set_(notification, "topic", stored.topic)
            set_(notification, "state", stored.state)
            set_(notification, "id", notification_id)
            recording = new(Recording)
            set_(recording, "domain_event", event)
            set_(recording, "notification", notification)
            recordings.append(recording)
        return recordings
