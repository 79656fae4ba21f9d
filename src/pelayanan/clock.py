"""Injectable clocks: the recorded time of every event comes from one of these.

Tests and replays use :class:`ManualClock` so that what is recorded is deterministic.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

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
    """A clock that moves only when told to: ``set()`` or ``advance()``."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware("start", start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = require_aware("moment", moment)

    def advance(self, delta: timedelta = timedelta(seconds=1)) -> datetime:
        self._now += delta
        return self._now
