"""What every pelayanan aggregate and event has in common.

Each event carries two times: ``occurred_at``, the business time at which the fact happened in
the world (time-zone-aware, WIB by default), and eventsourcing's ``timestamp``, the time it was
recorded, taken from the clock the service injects. An auditor needs both: a sidak finding
recorded three days after the visit is a different fact from one recorded on the spot.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate, OriginatorIDError, OriginatorVersionError

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
        # it would make: same class, same fields, the next version, the recording time (or
        # the event class's own timestamp when none is given).
        make: Any = event_class  # each event class adds its own fields to the common ones
        try:
            event = make(
                originator_id=self._id,
                originator_version=self._version + 1,
                timestamp=event_class.create_timestamp() if recorded_at is None else recorded_at,
                occurred_at=occurred_at,
                actor=actor,
                **fields,
            )
        except TypeError as exc:
            raise TypeError(f"Can't construct event {event_class}: {exc}") from None
        event.mutate(self)
        self._pending_events.append(event)


def found(*problems: str | None) -> list[str]:
    # Asked before every event, and nearly always nothing is wrong: no list is built then.
    return [p for p in problems if p] if any(problems) else []
