"""Working days on the holidays package: real 2024-2026 holidays and cuti bersama."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelayanan.domain.errors import InvalidValue
from pelayanan.policy.calendar import DayKind, WorkingCalendar

CAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2024, 4, 8), DayKind.CUTI_BERSAMA),
        (date(2024, 4, 9), DayKind.CUTI_BERSAMA),
        (date(2024, 4, 10), DayKind.PUBLIC_HOLIDAY),  # Idul Fitri 1445 H
        (date(2024, 4, 11), DayKind.PUBLIC_HOLIDAY),
        (date(2024, 4, 12), DayKind.CUTI_BERSAMA),
        (date(2024, 4, 15), DayKind.CUTI_BERSAMA),
        (date(2024, 4, 16), DayKind.WORKING),
        (date(2024, 4, 13), DayKind.WEEKEND),
        (date(2024, 4, 29), DayKind.WORKING),  # the Jodipan Monday
        (date(2024, 5, 1), DayKind.PUBLIC_HOLIDAY),
        (date(2025, 8, 18), DayKind.CUTI_BERSAMA),
        (date(2026, 3, 19), DayKind.PUBLIC_HOLIDAY),  # Nyepi 2026
        (date(2026, 12, 24), DayKind.CUTI_BERSAMA),
    ],
)
def test_days_are_classified_from_the_holidays_data(day: date, kind: DayKind) -> None:
    assert CAL.classify(day).kind is kind


def test_cuti_bersama_can_count_as_working_days() -> None:
    cal = WorkingCalendar(cuti_bersama_are_working_days=True)
    assert cal.is_working_day(date(2024, 4, 8))
    assert not cal.is_working_day(date(2024, 4, 10))  # a public holiday stays off
    assert not CAL.is_working_day(date(2024, 4, 8))


def test_idul_fitri_2024_window_lists_every_skipped_day_with_its_reason() -> None:
    count = CAL.add_working_days(date(2024, 4, 5), 1)
    assert count.end == date(2024, 4, 16)
    assert [(d.day.day, d.kind) for d in count.skipped] == [
        (6, DayKind.WEEKEND),
        (7, DayKind.WEEKEND),
        (8, DayKind.CUTI_BERSAMA),
        (9, DayKind.CUTI_BERSAMA),
        (10, DayKind.PUBLIC_HOLIDAY),
        (11, DayKind.PUBLIC_HOLIDAY),
        (12, DayKind.CUTI_BERSAMA),
        (13, DayKind.WEEKEND),
        (14, DayKind.WEEKEND),
        (15, DayKind.CUTI_BERSAMA),
    ]
    assert "Idul Fitri" in count.skipped[4].describe()
    assert not count.estimated


def test_estimated_islamic_holidays_are_flagged() -> None:
    # The package confirms Indonesian Idul Fitri dates up to 2026; 2028 is an estimate.
    confirmed = CAL.classify(date(2024, 4, 10))
    estimated = CAL.classify(date(2028, 2, 27))
    assert not confirmed.estimated
    assert estimated.kind is DayKind.PUBLIC_HOLIDAY and estimated.estimated
    assert WorkingCalendar(language="en_US").classify(date(2028, 2, 27)).estimated


def test_a_count_near_an_estimated_holiday_is_an_estimate() -> None:
    count = CAL.add_working_days(date(2028, 5, 1), 3)  # Idul Adha 2028 (estimated) is 5 May
    assert count.end == date(2028, 5, 4)
    assert count.estimated
    assert [d.day for d in count.estimated_days] == [date(2028, 5, 5)]


def test_zero_working_days_is_the_start_itself() -> None:
    assert CAL.add_working_days(date(2024, 4, 10), 0).end == date(2024, 4, 10)


def test_local_date_uses_the_office_time_zone() -> None:
    utc_evening = datetime(2024, 4, 28, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 WIB on the 29th
    assert CAL.local_date(utc_evening) == date(2024, 4, 29)
    assert WorkingCalendar(timezone="Europe/London").local_date(utc_evening) == date(2024, 4, 28)
    with pytest.raises(InvalidValue):
        CAL.local_date(datetime(2024, 4, 29, 8, 0))


@pytest.mark.parametrize(
    "kwargs",
    [{"weekend": (7,)}, {"weekend": range(7)}, {"timezone": "Mars/Olympus"}, {"language": "fr"},
     {"cuti_bersama_are_working_days": "yes"}],
)
def test_bad_calendar_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        WorkingCalendar(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [-1, True, 1.5])
def test_bad_day_counts_are_refused(n: object) -> None:
    with pytest.raises(InvalidValue):
        CAL.add_working_days(date(2024, 1, 1), n)  # type: ignore[arg-type]


starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@given(start=starts, n=st.integers(min_value=1, max_value=40), cuti=st.booleans())
def test_a_working_day_count_lands_on_a_working_day(start: date, n: int, cuti: bool) -> None:
    cal = WorkingCalendar(cuti_bersama_are_working_days=cuti)
    count = cal.add_working_days(start, n)
    assert cal.is_working_day(count.end)
    assert count.end.weekday() < 5
    days = [start + timedelta(days=i) for i in range(1, (count.end - start).days + 1)]
    assert sum(cal.is_working_day(d) for d in days) == n
    assert {d.day for d in count.skipped} == {d for d in days if not cal.is_working_day(d)}


@given(start=starts, n=st.integers(min_value=0, max_value=30))
def test_counting_cuti_bersama_as_working_never_makes_a_deadline_later(start: date, n: int) -> None:
    strict = CAL.add_working_days(start, n).end
    lenient = WorkingCalendar(cuti_bersama_are_working_days=True).add_working_days(start, n).end
    assert lenient <= strict
