"""The mapper from events to stored events, writing each event's state by a generated function.

eventsourcing's ``Mapper.to_stored_event`` copies the event's attributes into a new dict, takes
out its id and version, and hands the dict to the transcoder, which walks it key by key. For
each kind of event (its class and its attributes, in order) :class:`EventMapper` generates
once, with :func:`~pelayanan.storage.codegen.fields_writer`, the function writing that state's
JSON text straight from the event's attributes, through the writers of
:class:`~pelayanan.storage.fastjson.FastJSONTranscoder`.

The stored bytes are eventsourcing's own: the attributes in the event's order without
``originator_id`` and ``originator_version``, the class version last when above 1, compact
separators, non-ASCII kept. Whatever the generated function does not write exactly (a value
no writer takes, a string UTF-8 cannot encode) makes it raise, and the event goes through
eventsourcing's mapper whole, which gives the reference's bytes or the reference's error; so
does every event when the transcoder is not the project's, or when the stored state is to be
compressed or encrypted. tests/storage/test_mapper.py compares every kind of event with
eventsourcing's mapper.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic

from pelayanan.storage.codegen import Writer, fields_writer, member_keys
from pelayanan.storage.eventstore import stored_event
from pelayanan.storage.fastjson import FastJSONTranscoder

# Written as the stored event's columns, not in its state (as eventsourcing's mapper does).
_COLUMNS = frozenset({"originator_id", "originator_version"})


class EventMapper(Mapper[UUID]):
    """eventsourcing's mapper, with each kind of event's state written by a generated function."""

    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder=transcoder, compressor=compressor, cipher=cipher)
        # The transcoder's writers, and the event writers generated to call them, keyed by
        # (event class, class version, attribute names in order). Replaced together, in one
        # assignment, when a transcoding is registered (the transcoder's writers are replaced):
        # a writer generated meanwhile with the old ones lands in the old, discarded dict.
        self._generated: tuple[object, dict[tuple[Any, ...], Writer]] = (None, {})

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        transcoder = self.transcoder
        cls = domain_event.__class__
        state = vars(domain_event)
        if (
            self.compressor
            or self.cipher
            or type(transcoder) is not FastJSONTranscoder
            or type(domain_event) is not cls
            or type(state) is not dict
        ):
            return super().to_stored_event(domain_event)
        topic = get_topic(cls)  # first, as eventsourcing's mapper does: its error comes first
        writers = transcoder.writers
        bound, generated = self._generated
        if bound is not writers:
            generated = {}
            self._generated = (writers, generated)
        try:
            version = getattr(cls, "class_version", 1)
            shape = (cls, version, *state)
            write = generated.get(shape)
            if write is None:
                write = generated[shape] = _event_writer(list(state), version, writers)
            for key in state:
                if type(key) is not str:
                    raise TypeError(key)
            text = write(state).encode("utf8")
        except Exception:  # the reference's bytes, or the reference's own error
            return super().to_stored_event(domain_event)
        return stored_event(state["originator_id"], state["originator_version"], topic, text)


def _event_writer(attributes: list[str], version: Any, writers: dict[type, Writer]) -> Writer:
    """The writer of the state of events with these attributes, in this order, and version."""
    names = [a for a in attributes if a not in _COLUMNS]
    if (
        not names
        or len(names) != len(attributes) - len(_COLUMNS)
        or not all(type(n) is str for n in names)
        or type(version) is not int
        or (version > 1 and "class_version" in names)
    ):
        return _refuse  # shapes eventsourcing's own mapper writes its own way
    last = "}" if version <= 1 else ',"class_version":' + int.__repr__(version) + "}"
    return fields_writer(names, [*member_keys(names), last], writers, by_key=True)


def _refuse(state: Any) -> str:
    raise ValueError("written by eventsourcing's mapper")
