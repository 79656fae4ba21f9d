"""Working days in Indonesia, on the ``holidays`` package.

Public holidays come from ``holidays.country_holidays("ID", categories=("public",))``; cuti
bersama (joint leave days set each year by an SKB of three ministers) are the package's
``government`` category. Saturday and Sunday are off by default (Perpres 21/2023: a five-day
week).

Islamic holidays (and some Buddhist and Chinese ones) after the years the package has confirmed
dates for are *estimates*. The package marks such a holiday by adding a label to its name: in
Indonesian ``"... (perkiraan)"``, in English ``"... (estimated)"`` (``estimated_label`` on the
country class; see ``holidays/groups/eastern.py``). There is no other public flag, so this module
reads that label, for the language it asked for, and the tests pin the behaviour on a known
estimated year.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import Enum
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import attrs
import holidays

from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import require_aware, require_date

_ESTIMATED_MARKERS: Mapping[str, str] = MappingProxyType(
    {"id": "(perkiraan)", "en_US": "(estimated)"}
)

ESTIMATE_MARGIN = timedelta(days=1)
"""How far outside a counted window an estimated holiday still makes the result an estimate.

An estimated Islamic date is typically confirmed within a day of the estimate (moon sighting), so
an estimated holiday just outside the window could still move into it.
"""


class DayKind(Enum):
    """Why a day is, or is not, a working day."""

    WORKING = "working"
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public_holiday"
    CUTI_BERSAMA = "cuti_bersama"
    OFFICE_CLOSURE = "office_closure"


@attrs.frozen
class LocalDay:
    """A day off a city sets by decree: a local holiday, a cuti bersama, or an office closure.

    ``source`` names the decree (e.g. ``"SE Wali Kota Malang 2024/12"``): a day off without its
    source would be a rule without a citation. ``kind`` is ``PUBLIC_HOLIDAY``, ``CUTI_BERSAMA``
    (which follows the cuti bersama setting) or ``OFFICE_CLOSURE`` (never a working day).
    """

    day: date = attrs.field()
    kind: DayKind = attrs.field()
    name: str = attrs.field()
    source: str = attrs.field()

    @day.validator
    def _check_day(self, attribute: attrs.Attribute[date], value: object) -> None:
        require_date("day", value)

    @kind.validator
    def _check_kind(self, attribute: attrs.Attribute[DayKind], value: object) -> None:
        if value not in (DayKind.PUBLIC_HOLIDAY, DayKind.CUTI_BERSAMA, DayKind.OFFICE_CLOSURE):
            raise InvalidValue(f"a local day off is a public_holiday, cuti_bersama or "
                               f"office_closure, got {value!r}")

    @name.validator
    @source.validator
    def _check_text(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(f"a local day off needs its {attribute.name}, got {value!r}")


@attrs.frozen
class Holiday:
    """A holiday as the ``holidays`` package lists it."""

    day: date
    name: str
    cuti_bersama: bool
    estimated: bool
    closure: bool = False
    source: str | None = None


@attrs.frozen
class CalendarDay:
    """One day, classified: its kind, the holidays on it, and whether any is estimated."""

    day: date
    kind: DayKind
    holidays: tuple[Holiday, ...] = ()

    @property
    def is_working(self) -> bool:
        return self.kind is DayKind.WORKING

    @property
    def estimated(self) -> bool:
        return any(h.estimated for h in self.holidays)

    @property
    def cuti_bersama(self) -> bool:
        return any(h.cuti_bersama for h in self.holidays)

    def describe(self) -> str:
        """E.g. ``Mon 2024-04-08 (cuti bersama: Cuti Bersama Hari Raya Idul Fitri)``."""
        label = self.day.strftime("%a %Y-%m-%d")
        if self.kind is DayKind.WEEKEND:
            return f"{label} (weekend)"
        names = "; ".join(h.name + (f" ({h.source})" if h.source else "") for h in self.holidays)
        kind = {DayKind.PUBLIC_HOLIDAY: "public holiday", DayKind.CUTI_BERSAMA: "cuti bersama",
                DayKind.OFFICE_CLOSURE: "office closure"}
        what = kind.get(self.kind, "working day")
        if self.kind is DayKind.WORKING and names:
            what = "cuti bersama counted as a working day"
        return f"{label} ({what}: {names})" if names else f"{label} ({what})"


@lru_cache(maxsize=256)
def _year_holidays(year: int, language: str) -> Mapping[date, tuple[Holiday, ...]]:
    # One fresh lookup per (year, language), kept immutable: the package's objects grow
    # lazily as they are queried, which is state this module does not want to share.
    marker = _ESTIMATED_MARKERS[language]
    table: dict[date, list[Holiday]] = {}
    for category, cuti in (("public", False), ("government", True)):
        found = holidays.country_holidays(
            "ID", years=[year], categories=(category,), language=language
        )
        for day in sorted(found):
            for name in found.get_list(day):
                table.setdefault(day, []).append(Holiday(day, name, cuti, marker in name))
    return MappingProxyType({d: tuple(hs) for d, hs in table.items()})


def _weekend(value: object) -> frozenset[int]:
    days = frozenset(value) if isinstance(value, list | tuple | set | frozenset) else None
    if days is None or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
        raise InvalidValue(
            f"weekend must be weekday numbers 0 (Monday) .. 6 (Sunday), got {value!r}"
        )
    if len(days) == 7:
        raise InvalidValue("a week with no working day cannot count working days")
    return days


def _language(value: object) -> str:
    if value not in _ESTIMATED_MARKERS:
        raise InvalidValue(f"holiday names language must be one of {sorted(_ESTIMATED_MARKERS)}")
    return str(value)


def _timezone(value: object) -> str:
    try:
        ZoneInfo(str(value))
    except Exception:
        raise InvalidValue(f"unknown time zone {value!r}") from None
    return str(value)


@attrs.frozen
class WorkingDayCount:
    """The result of counting days from ``start``: where it ended and what it passed over.

    ``skipped`` lists the non-working days passed over, with reasons; ``estimated`` is True when
    an estimated holiday lies in or next to the window, so the end date may still move;
    ``cuti_bersama`` lists the cuti bersama in the window, whose treatment is a setting;
    ``gaps`` says why the holiday data may be incomplete for the window (a year with no cuti
    bersama listed, a year beyond the package's data), which also makes the count ``estimated``.
    """

    start: date
    days: int
    end: date
    working: bool
    skipped: tuple[CalendarDay, ...]
    estimated: bool
    estimated_days: tuple[CalendarDay, ...]
    cuti_bersama: tuple[CalendarDay, ...]
    gaps: tuple[str, ...] = ()


def local_days_arg(value: object) -> tuple[LocalDay, ...]:
    """Check and order a city's days off (a converter for calendars and settings)."""
    if not isinstance(value, list | tuple) or not all(isinstance(d, LocalDay) for d in value):
        raise InvalidValue(f"local days must be a sequence of LocalDay, got {value!r}")
    return tuple(sorted(value, key=lambda d: (d.day, d.name)))


_HOLIDAY_DATA = holidays.country_holidays("ID")
"""Only asked for the range of years the package has data for."""


@attrs.frozen
class WorkingCalendar:
    """Which days an Indonesian government office works.

    ``cuti_bersama_are_working_days`` is off by default: offices close on cuti bersama, but
    whether those days count for legal time limits is unsettled (see the
    ``calendar.cuti_bersama_are_working_days`` parameter). ``timezone`` is the office's, used to
    turn a moment into the office's local date. ``local_days`` are the city's own days off, set
    by decree (:class:`LocalDay`), counted like the national ones.
    """

    cuti_bersama_are_working_days: bool = attrs.field(default=False)
    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_weekend)
    timezone: str = attrs.field(default="Asia/Jakarta", converter=_timezone)
    language: str = attrs.field(default="id", converter=_language)
    local_days: tuple[LocalDay, ...] = attrs.field(default=(), converter=local_days_arg)

    @cuti_bersama_are_working_days.validator
    def _check_flag(self, attribute: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise InvalidValue(
                f"cuti_bersama_are_working_days must be true or false, got {value!r}"
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_date(self, moment: datetime) -> date:
        """The office-local date of an aware ``moment`` (a day starts at local midnight)."""
        return require_aware("moment", moment).astimezone(self.zone).date()

    def holidays_on(self, day: date) -> tuple[Holiday, ...]:
        """The public holidays and cuti bersama on ``day``."""
        require_date("day", day)
        national = _year_holidays(day.year, self.language).get(day, ())
        local = tuple(
            Holiday(d.day, d.name, d.kind is DayKind.CUTI_BERSAMA, False,
                    d.kind is DayKind.OFFICE_CLOSURE, d.source)
            for d in self.local_days if d.day == day
        )
        return national + local

    def data_gaps(self, first: date, last: date) -> tuple[str, ...]:
        """Why the holiday data may be incomplete between ``first`` and ``last``: a year past
        the package's data, or (when cuti bersama are days off) a year with no cuti bersama
        listed by the package or the city. Empty when the data covers the window."""
        gaps = []
        for year in range(first.year, last.year + 1):
            if not _HOLIDAY_DATA.start_year <= year <= _HOLIDAY_DATA.end_year:
                gaps.append(f"{year} is beyond the holiday data")
                continue
            if self.cuti_bersama_are_working_days:
                continue
            listed = any(h.cuti_bersama for hs in _year_holidays(year, self.language).values()
                         for h in hs)
            local = any(d.day.year == year and d.kind is DayKind.CUTI_BERSAMA
                        for d in self.local_days)
            if not listed and not local:
                gaps.append(f"no cuti bersama are listed for {year} yet")
        return tuple(gaps)

    def classify(self, day: date) -> CalendarDay:
        """Say what kind of day ``day`` is, and which holidays fall on it."""
        require_date("day", day)
        if type(self) is WorkingCalendar:
            return _classify(self, day)
        return _classify.__wrapped__(self, day)  # a subclass may answer differently: not cached

    def is_working_day(self, day: date) -> bool:
        """Is ``day`` a working day (not a weekend, public holiday or, by default, cuti bersama)?"""
        return self.classify(day).is_working

    def add_working_days(self, start: date, n: int) -> WorkingDayCount:
        """The ``n``-th working day after ``start``; ``start`` itself is not counted.

        With ``n == 0`` the result is ``start``. Non-working days passed over are returned with
        their reasons.
        """
        _require_count(n)
        require_date("start", start)
        day, counted = start, 0
        skipped: list[CalendarDay] = []
        while counted < n:
            day += timedelta(days=1)
            info = self.classify(day)
            if info.is_working:
                counted += 1
            else:
                skipped.append(info)
        return self._count(start, n, day, working=True, skipped=tuple(skipped))

    def add_calendar_days(self, start: date, n: int) -> WorkingDayCount:
        """``start`` plus ``n`` calendar days; nothing is skipped, but holidays are still noted."""
        _require_count(n)
        require_date("start", start)
        return self._count(start, n, start + timedelta(days=n), working=False, skipped=())

    def _count(
        self, start: date, n: int, end: date, *, working: bool, skipped: tuple[CalendarDay, ...]
    ) -> WorkingDayCount:
        window = self._days(start - ESTIMATE_MARGIN + timedelta(days=1), end + ESTIMATE_MARGIN)
        estimated = tuple(d for d in window if d.estimated)
        inside = self._days(start + timedelta(days=1), end)
        cuti = tuple(d for d in inside if d.cuti_bersama)
        gaps = self.data_gaps(start, end) if working else ()
        return WorkingDayCount(start, n, end, working, skipped, bool(estimated or gaps),
                               estimated, cuti, gaps)

    def _days(self, first: date, last: date) -> list[CalendarDay]:
        days, day = [], first
        while day <= last:
            days.append(self.classify(day))
            day += timedelta(days=1)
        return days


@lru_cache(maxsize=1 << 16)
def _classify(calendar: WorkingCalendar, day: date) -> CalendarDay:
    # Every deadline walks its window day by day; the answer for a (calendar, day) never changes.
    found = calendar.holidays_on(day)
    if any(h.closure for h in found):
        kind = DayKind.OFFICE_CLOSURE
    elif any(not h.cuti_bersama for h in found):
        kind = DayKind.PUBLIC_HOLIDAY
    elif found and not calendar.cuti_bersama_are_working_days:
        kind = DayKind.CUTI_BERSAMA
    elif day.weekday() in calendar.weekend:
        kind = DayKind.WEEKEND
    else:
        kind = DayKind.WORKING
    return CalendarDay(day, kind, found)


def _require_count(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InvalidValue(f"number of days must be a whole number of at least 0, got {n!r}")
