"""Aggregates a command has just saved, kept *warm* for the next command.

The next command takes one out, brings it up to date with any events recorded since (another
process may have written), works on it, and puts it back only once its save succeeded. A warm
aggregate is never shared: a thread takes it out and others load their own copy, and a command
that fails leaves nothing behind. eventsourcing's own aggregate cache shares the cached object
and hands out deep copies instead; docs/architecture.md says why that is not used here.

Each warm aggregate carries the *generation* it was put back in (:class:`Freshness`): while no
one else has written to the store since, the generation stays the same and the aggregate is
known to be up to date without asking the store about it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from uuid import UUID

from eventsourcing.domain import Aggregate

from pelayanan.domain.values import require_count


class WarmAggregates:
    """A bounded, least-recently-saved-first-out set of aggregates, safe across threads."""

    def __init__(self, size: int) -> None:
        self.size = require_count("warm_aggregates", size)
        self._aggregates: OrderedDict[UUID, tuple[Aggregate, int]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, aggregate_id: UUID) -> tuple[Aggregate, int] | None:
        """The warm aggregate and its generation, now the caller's alone; None if there is none."""
        if not self.size:
            return None
        with self._lock:
            return self._aggregates.pop(aggregate_id, None)

    def put(self, aggregates: Iterable[Aggregate], generation: int) -> None:
        """Keep aggregates whose save succeeded, dropping the least recently saved beyond size.

        ``generation``: the :class:`Freshness` generation in which they are known up to date.
        """
        if not self.size:
            return
        with self._lock:
            for aggregate in aggregates:
                self._aggregates[aggregate.id] = (aggregate, generation)
                self._aggregates.move_to_end(aggregate.id)
            while len(self._aggregates) > self.size:
                self._aggregates.popitem(last=False)

    def holds(self, aggregate_id: UUID, kind: type[Aggregate]) -> bool:
        """Is a ``kind`` with this id warm? (Then it was saved: records are never removed.)"""
        with self._lock:
            found = self._aggregates.get(aggregate_id)
        return found is not None and isinstance(found[0], kind)

    def get(self, aggregate_id: UUID) -> Aggregate | None:
        """Look without taking (for tests and diagnostics only: the result is not the caller's)."""
        with self._lock:
            found = self._aggregates.get(aggregate_id)
        return None if found is None else found[0]


class Freshness:
    """Whether anyone but this service has written to the store since its warm aggregates were
    put back, told by the notification log's head instead of one query per aggregate.

    The service notes the notification ids of each of its own saves. While the log's head is
    where the service's own saves left it, nothing else was recorded, so every aggregate put
    back in the current *generation* is up to date. When the head is anywhere else (another
    process or another service object wrote, or a save of this one was not the next in the log)
    a new generation starts, and each older warm aggregate is brought up to date by its own
    query when next taken, as before. Either way the store's unique (aggregate, version) key
    refuses a save made on an out-of-date aggregate; this only spares the queries.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._head: int | None = None  # the log's head as this service last knew it
        self._generation = 0

    def check(self, head: int) -> int:
        """The current generation, given the log's ``head`` just read from the store."""
        with self._lock:
            if head != self._head:
                self._generation += 1
                self._head = head
            return self._generation

    def saved(self, notification_ids: Sequence[int]) -> int:
        """Note a save's notification ids; the generation its aggregates are up to date in."""
        with self._lock:
            if notification_ids:
                first, last = notification_ids[0], notification_ids[-1]
                contiguous = last - first + 1 == len(notification_ids)
                if not (contiguous and self._head is not None and first == self._head + 1):
                    self._generation += 1  # someone else's events may lie in between
                self._head = last
            return self._generation
