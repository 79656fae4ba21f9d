"""A server's wall clock, for the tests of the service's own defence against time going back.

:class:`~pelayanan.clock.ManualClock` refuses to go back (``ClockSetBack``): a simulation that
sets it back is a mistake. A real server's clock can be stepped back (NTP, an operator), and the
service must refuse what it would record then; these tests model that clock with this one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pelayanan.domain.values import require_aware


class SteppedClock:
    """A clock that goes wherever it is set, backwards included."""

    def __init__(self, start: datetime) -> None:
        self._now = require_aware("start", start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = require_aware("moment", moment)

    def advance(self, delta: timedelta = timedelta(seconds=1)) -> datetime:
        self._now += delta
        return self._now
