"""Aggregates a command has just saved, kept *warm* for the next command.

The next command takes one out, brings it up to date with any events recorded since (another
process may have written), works on it, and puts it back only once its save succeeded. A warm
aggregate is never shared: a thread takes it out and others load their own copy, and a command
that fails leaves nothing behind. eventsourcing's own aggregate cache shares the cached object
and hands out deep copies instead; docs/architecture.md says why that is not used here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from uuid import UUID

from eventsourcing.domain import Aggregate

from pelayanan.domain.values import require_count


class WarmAggregates:
    """A bounded, least-recently-saved-first-out set of aggregates, safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = require_count("warm_aggregates", size)
        self._aggregates: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, aggregate_id: UUID) -> Aggregate | None:
        """The warm aggregate, now the caller's alone; None if there is none."""
        if not self.size:
            return None
        with self._lock:
            return self._aggregates.pop(aggregate_id, None)

    def put(self, aggregates: Iterable[Aggregate]) -> None:
        """Keep aggregates whose save succeeded, dropping the least recently saved beyond size."""
        if not self.size:
            return
        with self._lock:
            for aggregate in aggregates:
                self._aggregates[aggregate.id] = aggregate
                self._aggregates.move_to_end(aggregate.id)
            while len(self._aggregates) > self.size:
                self._aggregates.popitem(last=False)

    def get(self, aggregate_id: UUID) -> Aggregate | None:
        """Look without taking (for tests and diagnostics only: the result is not the caller's)."""
        with self._lock:
            return self._aggregates.get(aggregate_id)
