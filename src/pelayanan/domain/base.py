"""What every pelayanan aggregate and event has in common.

Each event carries two times: ``occurred_at``, the business time at which the fact happened in
the world (time-zone-aware, WIB by default), and eventsourcing's ``timestamp``, the time it was
recorded, taken from the clock the service injects. An auditor needs both: a sidak finding
recorded three days after the visit is a different fact from one recorded on the spot.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import (
    Aggregate,
    DomainEvent,
    OriginatorIDError,
    OriginatorVersionError,
)

from pelayanan.domain import order
from pelayanan.domain.errors import InvalidValue, TimeOrderViolation
from pelayanan.domain.values import Actor, require_aware

NAMESPACE = uuid.UUID("6f1b7c2e-5a0d-4c1e-9a51-7e0c3b2d9a10")
"""Namespace of the uuid5 identities derived from natural keys. Never change it."""


@functools.lru_cache(maxsize=1 << 14)  # commands derive the same few ids all day long
def natural_id(kind: str, *key: str) -> uuid.UUID:
    """Deterministic aggregate id from a natural key.

    ``natural_id("office", "35.73.01.1011")`` is the same id on every machine, forever.
    """
    return uuid.uuid5(NAMESPACE, ":".join((kind, *key)))


def check_actor(actor: object) -> Actor:
    if not isinstance(actor, Actor):
        raise InvalidValue(f"actor must be an Actor, got {actor!r}")
    return actor


def check_business_time(
    occurred_at: object, recorded_at: datetime | None, *, name: str = "occurred_at"
) -> datetime:
    """Refuse naive datetimes and business times in the future of the recording clock."""
    moment = require_aware(name, occurred_at)
    refuse(order.after_recording(name, moment, recorded_at))
    return moment


def refuse(*problems: str | None) -> None:
    """Raise :class:`TimeOrderViolation` with the first problem found, if any."""
    for problem in problems:
        if problem:
            raise TimeOrderViolation(problem)


Fields = Mapping[str, Any]


class ComplianceAggregate(Aggregate):
    """Base of Office, Inspection, Complaint and DisciplinaryCase.

    Keeps the order of time (:mod:`pelayanan.domain.order`): every command is checked by
    :meth:`time_order_problems` before its event exists, and the audit asks the same method about
    events stored before the rules existed.
    """

    # Do this record's facts follow its opening and one another in business time? Cases,
    # complaints and sidaks: yes. An office's facts (staff, hours, permissions) are independent,
    # and may predate its registration here: an office worked before it was registered.
    ordered: ClassVar[bool] = True

    # Business times the order rules compare with, kept by ordered records. Class defaults serve
    # records loaded from a snapshot taken before these were kept: their rules start again from
    # the next event.
    _began_at: datetime | None = None
    _latest_at: datetime | None = None

    class Event(Aggregate.Event):
        occurred_at: datetime
        actor: Actor

        # eventsourcing's default, said here: both its mapper and ours ask each event's class
        # for its version, and a class that has none costs the lookup an AttributeError.
        class_version: ClassVar[int] = 1

        def mutate(self, aggregate: Any) -> Any:
            # What eventsourcing's CanMutateAggregate.mutate does (refuse another record's
            # event or one out of sequence, apply, then move the version and the modified
            # time), said directly: every event of every record, commanded or loaded, comes
            # through here, and the aggregate's attributes are set without their properties.
            # tests/domain/test_base.py and tests/scenarios/test_record_state.py hold the two to
            # the same state.
            if aggregate is None:  # a Created event: eventsourcing builds the record
                aggregate = super().mutate(aggregate)
            else:
                originator_id = self.originator_id
                if originator_id is not aggregate._id and originator_id != aggregate._id:
                    raise OriginatorIDError(originator_id, aggregate._id)
                if self.originator_version != aggregate._version + 1:
                    raise OriginatorVersionError(self.originator_version, aggregate._version + 1)
                self.apply(aggregate)
                aggregate._version = self.originator_version
                aggregate._modified_on = self.timestamp
            if aggregate.ordered:
                latest = aggregate._latest_at
                if latest is None or self.occurred_at > latest:
                    aggregate._latest_at = self.occurred_at
            return aggregate

    class Created(Aggregate.Created):
        occurred_at: datetime
        actor: Actor

        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            if aggregate.ordered:
                aggregate._began_at = aggregate._latest_at = self.occurred_at
            return aggregate

    # Subclasses name their kind of record for messages ("office", "case", ...).
    kind: ClassVar[str] = "record"

    # ----------------------------------------------------------------- the order of time

    @property
    def latest_at(self) -> datetime | None:
        """The latest business time recorded on this record (None before the rules kept it)."""
        return self._latest_at

    @classmethod
    def creation_time_problems(
        cls, occurred_at: datetime, recorded_at: datetime | None, fields: Fields
    ) -> list[str]:
        """What is out of order in creating a record with these times and fields."""
        return found(order.after_recording("occurred_at", occurred_at, recorded_at))

    def follows_every_step(self, event_class: type[Aggregate.Event]) -> bool:
        """Must this event's business time be no earlier than every fact already recorded?

        True for workflows (complaints, cases); a record whose facts arrive in any order (a
        sidak's observations) says which events close them.
        """
        return True

    def time_order_problems(
        self,
        event_class: type[Aggregate.Event],
        occurred_at: datetime,
        recorded_at: datetime | None,
        fields: Fields,
    ) -> list[str]:
        """What is out of order in recording ``event_class`` next, with these times and fields."""
        # Asked before every event: the rules that cannot apply (a record that keeps no
        # business times, an office) are not asked, and their messages not written.
        began = self._began_at
        latest = self._latest_at
        if latest is not None and not self.follows_every_step(event_class):
            latest = None
        problems = [
            order.after_recording("occurred_at", occurred_at, recorded_at),
            order.recorded_backwards(self._modified_on, recorded_at),
            None
            if began is None
            else order.before("occurred_at", occurred_at, f"the {self.kind} began", began),
            None
            if latest is None
            else order.before(
                "occurred_at",
                occurred_at,
                f"the {self.kind}'s latest step",
                latest,
                tolerance=order.RECORDING_SKEW,
            ),
            *self.dated_problems(event_class, occurred_at, recorded_at, fields),
        ]
        return found(*problems)

    def dated_problems(
        self,
        event_class: type[Aggregate.Event],
        occurred_at: datetime,
        recorded_at: datetime | None,
        fields: Fields,
    ) -> list[str | None]:
        """The record's own rules for the dates its events state (letter dates, deliveries)."""
        return []

    def _record(
        self,
        event_class: type[Aggregate.Event],
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None,
        **fields: Any,
    ) -> None:
        """Validate the common fields and the order of time, then trigger the event (the only
        way state changes)."""
        check_actor(actor)
        moment = require_aware("occurred_at", occurred_at)
        refuse(*self.time_order_problems(event_class, moment, recorded_at, fields))
        # eventsourcing's trigger_event, less two things every event paid for and no record
        # needs: a look for an explicit TOPIC on the aggregate's class (none declares one,
        # tests/domain/test_base.py) and a copy of the keyword arguments. The event is the one
        # it would make (_maker): same class, same fields, the next version, the recording
        # time (or the event class's own timestamp when none is given).
        timestamp = event_class.create_timestamp() if recorded_at is None else recorded_at
        make = _MAKERS.get(event_class) or _maker(event_class)
        event = make(self._id, self._version + 1, timestamp, occurred_at, actor, fields)
        event.mutate(self)
        self._pending_events.append(event)


EventMaker = Callable[[uuid.UUID, int, datetime, datetime, Actor, Fields], Any]
_MAKERS: dict[type, EventMaker] = {}
# The fields every ComplianceAggregate.Event begins with, in their order.
_COMMON = ("originator_id", "originator_version", "timestamp", "occurred_at", "actor")
_new = object.__new__
_set = object.__setattr__


def _maker(event_class: type[Aggregate.Event]) -> EventMaker:
    """The function making an event of this class, as ``event_class(**all_fields)`` would.

    Events are frozen dataclasses: their ``__init__`` takes keyword arguments and sets each
    field with ``object.__setattr__``, then ``__post_init__`` refuses an id that is not a UUID
    (about 1.8 µs an event). When making the class does nothing more (:func:`plain_fields`,
    with eventsourcing's ``__post_init__``) and the call names every field, the fields are set
    here, in the class's order, after the same check. Any other class, and any call whose
    fields are not exactly the class's, is made by the class itself: the same event, or the
    same error. tests/domain/test_base.py compares both ways for every kind of event.
    """
    made: EventMaker = functools.partial(_by_class, event_class)
    if _plain_event(event_class):
        own = tuple(f.name for f in dataclasses.fields(event_class))[len(_COMMON) :]
        names = frozenset(own)

        def by_fields(
            originator_id: uuid.UUID,
            version: int,
            timestamp: datetime,
            occurred_at: datetime,
            actor: Actor,
            fields: Fields,
        ) -> Any:
            if type(originator_id) is not uuid.UUID or fields.keys() != names:
                return _by_class(
                    event_class, originator_id, version, timestamp, occurred_at, actor, fields
                )
            event = _new(event_class)
            _set(event, "originator_id", originator_id)
            _set(event, "originator_version", version)
            _set(event, "timestamp", timestamp)
            _set(event, "occurred_at", occurred_at)
            _set(event, "actor", actor)
            for name in own:
                _set(event, name, fields[name])
            return event

        made = by_fields
    _MAKERS[event_class] = made
    return made


def _by_class(
    event_class: type[Aggregate.Event],
    originator_id: uuid.UUID,
    version: int,
    timestamp: datetime,
    occurred_at: datetime,
    actor: Actor,
    fields: Fields,
) -> Any:
    """``event_class(...)``, its TypeError naming the class as eventsourcing's would."""
    make: Any = event_class  # each event class adds its own fields to the common ones
    try:
        return make(
            originator_id=originator_id,
            originator_version=version,
            timestamp=timestamp,
            occurred_at=occurred_at,
            actor=actor,
            **fields,
        )
    except TypeError as exc:
        raise TypeError(f"Can't construct event {event_class}: {exc}") from None


def _plain_event(event_class: type) -> bool:
    """Is ``event_class(**fields)`` only setting its fields (the common ones first) and
    checking the id?"""
    names = plain_fields(event_class, post_init=DomainEvent.__post_init__)
    return names is not None and names[: len(_COMMON)] == _COMMON


def plain_fields(cls: type, *, post_init: object = None) -> tuple[str, ...] | None:
    """The fields that making a ``cls`` only sets, in the order it sets them; None when making
    one does anything else.

    That is a frozen dataclass made by ``object.__new__`` and dataclasses' own ``__init__``,
    which takes exactly its fields (no ``InitVar``, none left out of it) and sets each with
    ``object.__setattr__`` in their order; its ``__post_init__`` is ``post_init`` (None: it has
    none). Asked once per class, when it is first made: a class changed afterwards is not
    asked again.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if not (dataclasses.is_dataclass(cls) and params and params.init and params.frozen):
        return None
    if cls.__new__ is not object.__new__ or getattr(cls, "__post_init__", None) is not post_init:
        return None
    code = getattr(cls.__init__, "__code__", None)  # dataclasses' own, not one written in the body
    if code is None or not code.co_qualname.startswith("__create_fn__."):
        return None
    names = tuple(f.name for f in dataclasses.fields(cls))
    arguments = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]
    # A field left out of __init__ is missing from its arguments; an InitVar is an extra one.
    return names if sorted(arguments) == sorted(names) else None


def found(*problems: str | None) -> list[str]:
    # Asked before every event, and nearly always nothing is wrong: no list is built then.
    return [p for p in problems if p] if any(problems) else []
