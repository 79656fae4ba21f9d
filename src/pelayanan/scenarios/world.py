"""The simulated truth behind the records: who is really at the office, minute by minute.

The event store holds only what someone *recorded* (a permission, a sidak observation, a
complaint). The simulation also needs what really happened, so that a sidak can observe it: which
staff were absent without permission on a day, when a whole office went out to a colleague's
wedding. That truth lives here and never enters the store except through an observation.

Each office has a *culture* (``baik``, ``sedang``, ``lemah``) drawn once from the seed; it sets
how often its staff are absent, how often it empties, how well it displays its standard and how
quickly it answers complaints. Offices differ in the simulation the way they differ in life.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time

import attrs

from pelayanan.domain.values import WIB, Nip, PermissionKind, Role, ServiceHours
from pelayanan.scenarios.kelurahan import Kelurahan
from pelayanan.scenarios.people import Person


@attrs.frozen
class Culture:
    name: str
    # Share of this culture's staff who are habitual absentees (the repeat offenders).
    habitual_share: float
    vacancy_rate: float  # chance per working day that the whole office goes out together
    counter_lapse: float  # chance a sidak finds staff in, but nobody at the counter
    standard_lapse: float  # chance a sidak finds the service standard not displayed
    late_reply: float  # chance a complaint step misses its service level
    complaints_per_month: float
    missing_components: tuple[int, int]  # of the 14 standard components, at the start


CULTURES = {
    "baik": Culture("baik", 0.02, 0.003, 0.02, 0.01, 0.04, 7.0, (0, 0)),
    "sedang": Culture("sedang", 0.06, 0.009, 0.06, 0.05, 0.12, 9.0, (1, 2)),
    "lemah": Culture("lemah", 0.16, 0.022, 0.14, 0.16, 0.30, 13.0, (3, 5)),
}


@attrs.define
class StaffState:
    person: Person
    absence_rate: float  # chance per working day of an absence without valid reason
    unexcused: list[date] = attrs.field(factory=list)
    run_left: int = 0  # further consecutive days of a run of absence already begun
    ladder_days_charged: int = 0  # days already covered by an attendance case
    case_open: bool = False
    permissions: list[tuple[datetime, datetime, PermissionKind]] = attrs.field(factory=list)

    @property
    def nip(self) -> Nip:
        return self.person.nip

    def permission_at(self, moment: datetime) -> PermissionKind | None:
        for start, end, kind in self.permissions:
            if start <= moment < end:
                return kind
        return None

    def longest_run(self, is_next_working_day: dict[date, date]) -> int:
        """The longest run of consecutive working days among the unexcused days."""
        best = run = 0
        previous: date | None = None
        for day in self.unexcused:
            run = (
                run + 1 if previous is not None and is_next_working_day.get(previous) == day else 1
            )
            best = max(best, run)
            previous = day
        return best


@attrs.define
class Episode:
    """The whole office out at once (a wedding, a funeral, an outing): the Jodipan pattern."""

    start: datetime
    end: datetime
    reason: str

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@attrs.define
class OfficeState:
    kelurahan: Kelurahan
    culture: Culture
    hours: ServiceHours
    staff: dict[str, StaffState] = attrs.field(factory=dict)
    absent_today: set[str] = attrs.field(factory=set)
    episode: Episode | None = None
    vacancy_cases: int = 0
    complaints: int = 0
    inspections: int = 0

    @property
    def code(self) -> str:
        return self.kelurahan.code.value

    def holder(self, role: Role) -> StaffState | None:
        return next((s for s in self.staff.values() if s.person.role is role), None)

    def whereabouts(
        self, moment: datetime
    ) -> tuple[list[Nip], list[Nip], dict[Nip, PermissionKind]]:
        """(present, absent without permission, absent with permission) at ``moment``."""
        present: list[Nip] = []
        absent: list[Nip] = []
        excused: dict[Nip, PermissionKind] = {}
        out = self.episode is not None and self.episode.covers(moment)
        for key, member in self.staff.items():
            kind = member.permission_at(moment)
            if kind is not None:
                excused[member.nip] = kind
            elif out or key in self.absent_today:
                absent.append(member.nip)
            else:
                present.append(member.nip)
        return present, absent, excused


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def draw_absence_rate(rng: random.Random, culture: Culture) -> float:
    """Most civil servants are almost never absent without reason; a few are habitual."""
    if rng.random() < culture.habitual_share:
        return rng.uniform(0.03, 0.09)  # about 7 to 22 days a year: the ladder fires
    if rng.random() < 0.2:
        return rng.uniform(0.006, 0.016)  # one to four days a year
    return rng.uniform(0.0, 0.004)
