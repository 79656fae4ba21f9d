"""Injectable clocks: the recorded time of every event comes from one of these.

Tests and replays use :class:`ManualClock` so that what is recorded is deterministic.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from pelayanan.domain.errors import ClockSetBack
from pelayanan.domain.values import WIB, require_aware


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, time-zone-aware."""
        ...


class SystemClock:
    """The machine's clock, in WIB."""

    def now(self) -> datetime:
        return datetime.now(WIB)


class ManualClock:
    """A clock that moves only when told to, and only forwards: ``set()`` or ``advance()``.

    Recorded time is the order in which facts reached the store; a clock set back would record
    a later fact as recorded earlier, so it is refused with :class:`ClockSetBack`.
    """

    def __init__(self, start: datetime) -> None:
        self._now = require_aware("start", start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        moment = require_aware("moment", moment)
        if moment < self._now:
            raise ClockSetBack(
                f"the clock cannot go back from {self._now.isoformat()} to {moment.isoformat()}"
            )
        self._now = moment

    def advance(self, delta: timedelta = timedelta(seconds=1)) -> datetime:
        if delta < timedelta(0):
            raise ClockSetBack(f"the clock cannot go back ({delta} is negative)")
        self._now += delta
        return self._now
