"""What every part of the simulation shares: the service, the seeded randomness, the agenda,
the working calendar and the simulated offices."""

from __future__ import annotations

import bisect
import random
from collections import Counter
from datetime import date, datetime, time, timedelta

import attrs

from pelayanan.domain.values import WIB, Actor
from pelayanan.policy.calendar import WorkingCalendar
from pelayanan.scenarios.agenda import Action, Agenda
from pelayanan.scenarios.world import OfficeState
from pelayanan.service import ComplianceService


@attrs.define
class Scenario:
    service: ComplianceService
    rng: random.Random
    agenda: Agenda
    year: int
    scale: float
    offices: dict[str, OfficeState] = attrs.field(factory=dict)
    counters: Counter[str] = attrs.field(factory=Counter)
    calendar: WorkingCalendar = attrs.field(factory=WorkingCalendar)
    _working: list[date] = attrs.field(factory=list)
    _index: dict[date, int] = attrs.field(factory=dict)
    next_working: dict[date, date] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        # Working days of the year and a little beyond (deadlines run past 31 December).
        day, last = date(self.year, 1, 1), date(self.year + 1, 12, 31)
        while day <= last:
            if self.calendar.is_working_day(day):
                self._index[day] = len(self._working)
                self._working.append(day)
            day += timedelta(days=1)
        for a, b in zip(self._working, self._working[1:], strict=False):
            self.next_working[a] = b

    @property
    def end(self) -> datetime:
        return datetime(self.year + 1, 1, 1, tzinfo=WIB)

    def holidays_named(self, text: str) -> list[date]:
        """Days of the year with a public holiday (not a cuti bersama) whose name has ``text``."""
        day, found = date(self.year, 1, 1), []
        while day.year == self.year:
            if any(text in h.name and not h.cuti_bersama for h in self.calendar.holidays_on(day)):
                found.append(day)
            day += timedelta(days=1)
        return found

    def today(self) -> date:
        """The simulated date now (the recording clock follows the agenda)."""
        return self.service.clock.now().astimezone(WIB).date()

    def is_working(self, day: date) -> bool:
        return day in self._index

    def working_days(self) -> list[date]:
        return [d for d in self._working if d.year == self.year]

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself not counted)."""
        if day in self._index:
            i = self._index[day] + n
        else:  # from a weekend or holiday, the first working day after it counts as day 1
            i = next(j for j, d in enumerate(self._working) if d > day) + max(n - 1, 0)
        return self._working[min(i, len(self._working) - 1)]

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``."""
        return max(
            0, bisect.bisect_right(self._working, end) - bisect.bisect_right(self._working, start)
        )

    def at(self, day: date, hour: int, minute: int, action: Action) -> None:
        self.at_time(datetime.combine(day, time(hour, minute), tzinfo=WIB), action)

    def at_time(self, when: datetime, action: Action) -> None:
        """Schedule ``action``; what falls after the simulated year is left undone (counted)."""
        if when < self.end:
            self.agenda.at(when, action)
        else:
            self.count("agenda.beyond_year")

    def next_number(self, series: str) -> int:
        self.counters[f"seq:{series}"] += 1
        return self.counters[f"seq:{series}"]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def count(self, what: str, n: int = 1) -> None:
        self.counters[what] += n


BKPSDM = Actor(name="Kepala BKPSDM Kota Malang", role="bkpsdm")
SEKDA = Actor(name="Sekretaris Daerah Kota Malang", role="pejabat yang berwenang menghukum")
WALI_KOTA = Actor(name="Wali Kota Malang", role="pejabat pembina kepegawaian")
LAPOR_DESK = Actor(name="Pengelola SP4N-LAPOR! Kota Malang", role="admin pengaduan")
ADMIN = Actor(name="Bagian Organisasi Setda Kota Malang", role="admin")


def camat(kecamatan: str) -> Actor:
    return Actor(name=f"Camat {kecamatan}", role="atasan langsung lurah")
