"""What was known at a given moment: aggregates at a version, business time or recorded time,
and projections as of a notification position or recorded time.

Business time (``occurred_at``) and recorded time (``timestamp``) are different questions. "As
recorded at T" is the stream's longest prefix recorded by T. "As of business time T" is the
longest prefix of events that *happened* by T: the stream stops at the first event that happened
after T, because an aggregate's events only make sense applied in order. An event recorded later
but back-dated to before T (a sidak finding written up three days after the visit) cannot be
applied without the events before it; it is listed in :attr:`AsOf.later_backdated`, so an
auditor sees what the prefix leaves out instead of being silently told less.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate

from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import require_count
from pelayanan.projections.api import Json
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ReadModelRunner


@attrs.frozen
class AsOf:
    """An aggregate as it stood, and at which version; ``None`` if it did not exist yet."""

    aggregate: Aggregate | None
    version: int
    later_backdated: tuple[int, ...] = ()
    """Versions after the prefix whose business time is nevertheless at or before the moment."""


def aggregate_as_of(
    app: Application[Any],
    aggregate_id: UUID,
    *,
    version: int | None = None,
    occurred_at: datetime | None = None,
    recorded_at: datetime | None = None,
) -> AsOf:
    """Reconstruct one aggregate at exactly one of: a version, a business time, a recorded time.

    By version, eventsourcing's repository starts from the nearest snapshot at or below the
    version and replays the rest. Snapshots carry no business time, so for the two times the
    version is found first from the events' own ``occurred_at``/``timestamp`` and the aggregate
    is then loaded by that version, snapshot included.
    """
    given = [v is not None for v in (version, occurred_at, recorded_at)]
    if sum(given) != 1:
        raise InvalidValue("give exactly one of version, occurred_at, recorded_at")
    for name, moment in (("occurred_at", occurred_at), ("recorded_at", recorded_at)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidValue(f"{name} must carry a time zone")
    stored = app.recorder.select_events(aggregate_id)
    if not stored:
        raise NotFound(f"no record {aggregate_id} is stored")
    later: list[int] = []
    if version is None:
        version = 0
        prefix_open = True
        for record in stored:
            event = app.mapper.to_domain_event(record)
            moment = event.timestamp if recorded_at is not None else event.occurred_at  # type: ignore[attr-defined]
            limit = recorded_at if recorded_at is not None else occurred_at
            assert limit is not None
            if moment <= limit:
                if prefix_open:
                    version = record.originator_version
                else:
                    later.append(record.originator_version)
            else:
                prefix_open = False
    require_count("version", version)  # 0: before the record existed
    if version == 0:
        return AsOf(None, 0, tuple(later))
    latest = stored[-1].originator_version
    if version > latest:
        raise NotFound(f"record {aggregate_id} has no version {version} (latest {latest})")
    try:
        aggregate: Aggregate = app.repository.get(aggregate_id, version=version)
    except AggregateNotFoundError:  # pragma: no cover - guarded by the checks above
        raise NotFound(f"record {aggregate_id} has no version {version}") from None
    return AsOf(aggregate, version, tuple(later))


@contextmanager
def projection_as_of(
    app: Application[Any],
    name: str,
    *,
    position: int | None = None,
    recorded_at: datetime | None = None,
) -> Iterator[ViewReader]:
    """A scratch copy of a standard (or registered) projection built from the events up to a
    notification position and/or recorded by a time; dropped on exit. The stored view is not
    touched."""
    runner = ReadModelRunner(app, [default_registry().get(name)])
    with runner.as_of(name, position=position, recorded_at=recorded_at) as reader:
        yield reader


def documents_as_of(
    app: Application[Any],
    name: str,
    *,
    position: int | None = None,
    recorded_at: datetime | None = None,
) -> dict[str, Json]:
    """Every document of a projection as of a position or recorded time, by key."""
    with projection_as_of(app, name, position=position, recorded_at=recorded_at) as reader:
        return dict(reader.items())
