"""A batch of commands saved together, in one transaction, at its end (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent


@dataclass
class UnitOfWork:
    """One thread's open batch: its aggregates, the records it creates (with what the caller
    called each, for the message if the store has one already), the snapshots they reached,
    which of them a reader was handed (so are not to be shared afterwards), and the warm
    aggregates' generation (storage/warm.py)."""

    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)
    created: dict[UUID, object] = field(default_factory=dict)
    snapshots: list[StoredEvent] = field(default_factory=list)
    lent: set[UUID] = field(default_factory=set)
    generation: int | None = None
    """The warm aggregates' freshness generation, read from the store once per batch."""
