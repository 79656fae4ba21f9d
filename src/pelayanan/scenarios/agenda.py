"""A deterministic agenda of timed actions, run in monthly transactions on a manual clock.

The simulation schedules what will happen (a summons letter, a sidak, a complaint reply) as an
action at a business time. :meth:`Agenda.run_until` pops the actions due before a moment (the
simulation passes the end of each month) in time order, moves the recording clock to each
action's time (never backwards: recorded time is not earlier than business time), and saves them
with :meth:`ComplianceService.batch` in one transaction, which is what makes a year of events
cheap to write.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import datetime, timedelta

from pelayanan.clock import ManualClock
from pelayanan.service import ComplianceService

Action = Callable[[], None]


class Agenda:
    def __init__(self, service: ComplianceService, clock: ManualClock) -> None:
        self._service = service
        self._clock = clock
        self._heap: list[tuple[datetime, int, Action]] = []
        # The sequence number breaks ties between actions at the same time in the order they
        # were scheduled, so a run never depends on comparing callables.
        self._seq = 0

    def at(self, when: datetime, action: Action) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (when, self._seq, action))

    def __len__(self) -> int:
        return len(self._heap)

    def run_until(self, end: datetime) -> int:
        """Run every action due before ``end`` (including those scheduled meanwhile)."""
        done = 0
        with self._service.batch():
            while self._heap and self._heap[0][0] < end:
                when, _, action = heapq.heappop(self._heap)
                if when > self._clock.now():
                    self._clock.set(when)
                action()
                done += 1
        if end - timedelta(seconds=1) > self._clock.now():
            self._clock.set(end - timedelta(seconds=1))
        return done
