"""Deadlines: how each is computed and explained, and the settings that change them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelayanan import DayUnit, PolicySettings
from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.values import ComplaintClass, Deadline
from pelayanan.policy import (
    DeadlineKind,
    WorkingCalendar,
    complaint_deadline,
    deadline,
)

CAL = WorkingCalendar()


def test_a_deadline_explains_start_skipped_days_and_due_date() -> None:
    outcome = deadline(DeadlineKind.SUMMONS_EXAMINATION, date(2024, 4, 5))
    text = outcome.explanation
    assert "7 working days after Fri 2024-04-05" in text
    assert "start day is not counted" in text
    assert "Wed 2024-04-10 (public holiday: Hari Raya Idul Fitri)" in text
    assert "Mon 2024-04-08 (cuti bersama" in text
    assert text.endswith("Due: Wed 2024-04-24.")
    assert len(outcome.skipped) == 12
    # The result rests on the unsettled cuti bersama question, so it is not reported as verified.
    assert not outcome.verified and "unsettled" in text


def test_a_window_without_cuti_bersama_keeps_the_rule_verified() -> None:
    outcome = deadline("decision_delivery", date(2024, 7, 1))
    assert outcome.verified and not outcome.cuti_bersama


def test_to_deadline_gives_the_domain_value() -> None:
    outcome = deadline("summons_examination", date(2028, 2, 24))
    value = outcome.to_deadline()
    assert isinstance(value, Deadline)
    assert (value.due, value.rule, value.basis, value.estimated) == (
        date(2028, 3, 7), outcome.rule, outcome.citation, True)
    assert "ESTIMATED" in value.explanation


@pytest.mark.parametrize(
    ("classification", "days"),
    [(ComplaintClass.INFORMATION_REQUEST, 5), (ComplaintClass.COMPLAINT, 5),
     ("dispute", 14), (ComplaintClass.DISPUTE_FIELD_CHECK, 60)],
)
def test_complaint_service_levels_by_classification(classification: ComplaintClass | str,
                                                    days: int) -> None:
    outcome = complaint_deadline(classification, date(2024, 6, 3))
    assert outcome.days == days and outcome.unit is DayUnit.WORKING
    assert outcome.due == CAL.add_working_days(date(2024, 6, 3), days).end


def test_service_levels_can_count_calendar_days() -> None:
    settings = PolicySettings(overrides={"sp4n.day_unit": "calendar_days"})
    outcome = deadline("complaint_status_response", date(2024, 4, 5), settings=settings)
    assert outcome.due == date(2024, 4, 8) and outcome.unit is DayUnit.CALENDAR
    assert not outcome.skipped
    assert "not a working day" in outcome.explanation  # 8 Apr is cuti bersama, not moved


def test_custom_sla_days_override_the_law() -> None:
    settings = PolicySettings(overrides={"sp4n.status_response_days": 2})
    outcome = deadline("complaint_status_response", date(2024, 6, 3), settings=settings)
    assert outcome.due == date(2024, 6, 5) and not outcome.verified
    assert "set in settings" in outcome.explanation


def test_punishment_effective_unit_is_a_flagged_parameter() -> None:
    default = deadline("punishment_effective", date(2024, 6, 3))
    assert default.unit is DayUnit.CALENDAR and default.due == date(2024, 6, 18)
    assert not default.verified
    working = deadline("punishment_effective", date(2024, 6, 3),
                       settings=PolicySettings(overrides={"pp94.punishment_effective_unit":
                                                          "working_days"}))
    assert working.unit is DayUnit.WORKING and working.due > default.due


def test_a_rule_version_is_chosen_by_date() -> None:
    with pytest.raises(NotFound):
        deadline("objection", date(2020, 1, 6))
    with pytest.raises(NotFound):
        deadline("objection", date(2024, 1, 8), on=date(2020, 1, 1))


@pytest.mark.parametrize(
    "call",
    [lambda: deadline("nonsense", date(2024, 1, 1)),
     lambda: deadline("objection", "2024-01-01"),  # type: ignore[arg-type]
     lambda: PolicySettings(overrides={"sp4n.status_response_days": -3}),
     lambda: PolicySettings(overrides={"no.such.parameter": 1}),
     lambda: PolicySettings(cuti_bersama_are_working_days="no")],  # type: ignore[arg-type]
)
def test_bad_input_is_refused(call: object) -> None:
    with pytest.raises(InvalidValue):
        call()  # type: ignore[operator]


WORKING_KINDS = [k for k in DeadlineKind if k is not DeadlineKind.PUNISHMENT_EFFECTIVE]


@given(kind=st.sampled_from(WORKING_KINDS),
       start=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
       cuti=st.booleans())
def test_a_working_day_deadline_never_lands_on_a_day_off(kind: DeadlineKind, start: date,
                                                        cuti: bool) -> None:
    outcome = deadline(kind, start, settings=PolicySettings(cuti_bersama_are_working_days=cuti))
    assert WorkingCalendar(cuti_bersama_are_working_days=cuti).is_working_day(outcome.due)
    assert outcome.due.weekday() < 5
    assert outcome.due > start
    assert outcome.explanation.endswith(f"Due: {outcome.due.strftime('%a %Y-%m-%d')}.")
