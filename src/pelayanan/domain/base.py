"""What every pelayanan aggregate and event has in common.

Each event carries two times: ``occurred_at``, the business time at which the fact happened in
the world (time-zone-aware, WIB by default), and eventsourcing's ``timestamp``, the time it was
recorded, taken from the clock the service injects. An auditor needs both: a sidak finding
recorded three days after the visit is a different fact from one recorded on the spot.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.domain import Aggregate

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import Actor, require_aware

NAMESPACE = uuid.UUID("6f1b7c2e-5a0d-4c1e-9a51-7e0c3b2d9a10")
"""Namespace of the uuid5 identities derived from natural keys. Never change it."""

CLOCK_SKEW = timedelta(minutes=5)
"""How far business time may run ahead of recorded time before it is refused as a typo."""


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
    if recorded_at is not None and moment > recorded_at + CLOCK_SKEW:
        raise InvalidValue(
            f"{name} {moment.isoformat()} is in the future of the recording time "
            f"{recorded_at.isoformat()}; record facts after they happen"
        )
    return moment


class ComplianceAggregate(Aggregate):
    """Base of Office, Inspection, Complaint and DisciplinaryCase."""

    class Event(Aggregate.Event):
        occurred_at: datetime
        actor: Actor

    class Created(Aggregate.Created):
        occurred_at: datetime
        actor: Actor

    def _record(
        self,
        event_class: type[Aggregate.Event],
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None,
        **fields: Any,
    ) -> None:
        """Validate the common fields, then trigger the event (the only way state changes)."""
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        self.trigger_event(
            event_class, timestamp=recorded_at, occurred_at=occurred_at, actor=actor, **fields
        )
