"""The officials ``audit decisions`` holds liable for letting a time pass are judged under the
settings in force when that time began, read from the store: the waiting time for the authorised
official's decision (``decision_not_taken``) under those in force when the case became ready for
decision, the time to send a second summons (``superior_liability``) under those in force when
the no-show was recorded. A city that later lengthens a time does not excuse what was late under
its day's, and one that later shortens it does not make a late official of one who was in time.
On both backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import pytest

from pelayanan import ComplianceService
from pelayanan.audit.decisions import audit_decisions, settings_history
from pelayanan.clock import ManualClock
from pelayanan.domain.values import Nip
from pelayanan.policy import procedure
from pelayanan.policy.config import parse_config
from pelayanan.policy.parameters import PolicySettings
from tests.test_appeals import _on
from tests.test_due_process import CLERK, KASI, LURAH_OFFICIAL, MALANG, _case, _examine

WAIT = "pp94.decision_wait_working_days"  # the law's default: 20 (unverified)
SECOND = "perbkn6.second_summons_working_days"  # the law's default: 7


def _settings(parameter: str, days: int) -> PolicySettings:
    return PolicySettings(overrides={parameter: days})


def _change(service: ComplianceService, decree: str, parameter: str, days: int) -> None:
    """The city records a settings change setting ``parameter`` to ``days`` (the rest the
    law's)."""
    assert service.apply_config(parse_config({
        "change": {"decree": decree, "by": "Kepala BKPSDM"},
        "parameters": {parameter: days},
    }))


def _auditor(store_url: str) -> ComplianceService:
    return ComplianceService.open(store_url, read_only=True)  # supplies no settings


def _found(service: ComplianceService, kind: str, today: date, **given: object) -> list[str]:
    """The ids of the records with a ``kind`` finding."""
    return [f.aggregate_id for f in audit_decisions(service, today=today, **given).findings
            if f.kind == kind]


def _after(day: date) -> date:
    return day + timedelta(days=1)


def _examined(service: ComplianceService, clock: ManualClock) -> UUID:
    """Summoned on 29 April, examined on 3 May 2024: ready for decision from 3 May."""
    case = _case(service, KASI)
    _examine(service, case)
    return case


def _two_no_shows(service: ComplianceService, clock: ManualClock) -> UUID:
    """No-shows on 3 May and, after a second summons, on 8 May 2024: ready for decision (on the
    evidence) from 8 May."""
    case = _case(service, KASI)
    service.record_no_show(case, actor=CLERK)
    _on(clock, date(2024, 5, 6))
    service.request_clarification(case, letter_date=date(2024, 5, 6),
                                  examination_date=date(2024, 5, 8), actor=CLERK)
    _on(clock, date(2024, 5, 8))
    service.record_no_show(case, actor=CLERK)
    return case


@pytest.mark.parametrize("ready", [_examined, _two_no_shows], ids=["examined", "two-no-shows"])
@pytest.mark.parametrize(
    ("then", "later", "flagged"),
    [
        # 20 working days when the case became ready; the city then allowed 60. Undecided
        # after the 20: still flagged.
        (20, 60, True),
        # 60 when it became ready; the city then cut it to 20. Undecided after 20 but within
        # the 60 of its day: not flagged.
        (60, 20, False),
    ],
    ids=["flag-kept", "no-false-flag"],
)
def test_the_decision_is_due_by_the_waiting_time_in_force_when_the_case_became_ready(
    store_url: str, clock: ManualClock, ready: Callable[[ComplianceService, ManualClock], UUID],
    then: int, later: int, flagged: bool,
) -> None:
    service = ComplianceService.open(store_url, clock=clock)
    try:
        _change(service, "Perwal 1/2024", WAIT, then)
        case = ready(service, clock)
        _on(clock, date(2024, 5, 13))
        _change(service, "Perwal 2/2024", WAIT, later)
    finally:
        service.close()
    auditor = _auditor(store_url)
    try:
        assert auditor.policy == _settings(WAIT, later)  # the latest on the record
        record = auditor.get_case(case)
        short = procedure.decision_due(record, settings=_settings(WAIT, 20))
        long = procedure.decision_due(record, settings=_settings(WAIT, 60))
        assert short is not None and long is not None and short.due < long.due
        today = _after(short.due)  # late by the 20 days, not by the 60
        found = audit_decisions(auditor, today=today).findings
        liable = [f for f in found if f.kind == "decision_not_taken"]
        assert [f.aggregate_id for f in liable] == ([str(case)] if flagged else [])
        if flagged:
            assert liable[0].recorded == short.due.isoformat()
        # The waiting time in force now says the opposite.
        now = procedure.decision_due(record, settings=auditor.policy)
        assert now is not None and (now.due < today) is not flagged
    finally:
        auditor.close()


def test_a_report_up_counts_the_wait_under_the_settings_in_force_at_the_report(
    store_url: str, clock: ManualClock
) -> None:
    """The wait counts from the last of the examination and the BAP's report up: here the
    report, so the settings of the report count, neither the examination's nor today's."""
    service = ComplianceService.open(store_url, clock=clock, organisation=MALANG)
    try:
        _change(service, "Perwal 1/2024", WAIT, 60)
        case = _case(service, KASI, days=12)  # sedang: beyond the lurah's authority
        _examine(service, case)  # 3 May, under 60 days
        _on(clock, date(2024, 5, 6))
        _change(service, "Perwal 2/2024", WAIT, 20)
        _on(clock, date(2024, 5, 8))
        service.report_bap(case, reported_by=LURAH_OFFICIAL)  # under 20 days
        _on(clock, date(2024, 5, 13))
        _change(service, "Perwal 3/2024", WAIT, 60)
    finally:
        service.close()
    service = ComplianceService.open(store_url, read_only=True, organisation=MALANG)
    try:
        record = service.get_case(case)
        assert record.examined_on == date(2024, 5, 3)
        assert procedure.ready_for_decision(record) == date(2024, 5, 8)  # the report: the last
        due = procedure.decision_due(record, settings=_settings(WAIT, 20))
        assert due is not None and due.start == date(2024, 5, 8)
        today = _after(due.due)
        (liable,) = [f for f in audit_decisions(service, today=today).findings
                     if f.kind == "decision_not_taken"]
        assert liable.aggregate_id == str(case) and liable.recorded == due.due.isoformat()
        # Under the settings of the examination, or of today (60 days), it would not be due.
        ignored = procedure.decision_due(record, settings=_settings(WAIT, 60))
        assert ignored is not None and ignored.due >= today
        assert service.policy == _settings(WAIT, 60)
    finally:
        service.close()


@pytest.mark.parametrize(
    ("then", "later", "flagged"),
    [
        # 7 working days after the no-show on 3 May (16 May); the city then allowed 30.
        (7, 30, True),
        # 30 when the no-show was recorded; the city then went back to 7.
        (30, 7, False),
    ],
    ids=["flag-kept", "no-false-flag"],
)
def test_a_second_summons_is_due_by_the_settings_in_force_at_the_no_show(
    store_url: str, clock: ManualClock, then: int, later: int, flagged: bool
) -> None:
    service = ComplianceService.open(store_url, clock=clock)
    try:
        _change(service, "Perwal 1/2024", SECOND, then)
        case = _case(service, KASI)  # the examination date: 3 May
        service.record_no_show(case, actor=CLERK)
        _on(clock, date(2024, 5, 6))
        _change(service, "Perwal 2/2024", SECOND, later)
    finally:
        service.close()
    auditor = _auditor(store_url)
    try:
        assert len(settings_history(auditor)) == 2
        record = auditor.get_case(case)

        def letter_due(days: int) -> date:
            due = procedure.clarification_requested(
                record, date(2024, 5, 3), on=date(2024, 5, 3), settings=_settings(SECOND, days)
            ).letter_deadline
            assert due is not None
            return due.due

        assert letter_due(7) == date(2024, 5, 16)  # Ascension Day and a cuti bersama skipped
        today = _after(letter_due(7))
        assert letter_due(30) >= today
        found = audit_decisions(auditor, today=today).findings
        liable = [f for f in found if f.kind == "superior_liability"]
        assert [f.aggregate_id for f in liable] == ([str(case)] if flagged else [])
        if flagged:
            assert "no second summons by 2024-05-16" in liable[0].message
        # The settings in force now say the opposite.
        assert (letter_due(later) < today) is not flagged
    finally:
        auditor.close()


def test_given_settings_judge_what_precedes_the_first_change(
    store_url: str, clock: ManualClock
) -> None:
    """``audit_decisions(settings=...)`` names the settings before the first change on the
    record, for these findings as for every other: a no-show and an examination recorded before
    the city's first change are judged under them; without them, under the law's."""
    service = ComplianceService.open(store_url, clock=clock)
    try:
        examined = _case(service, KASI)
        _examine(service, examined)  # 3 May
        no_show = _case(service, Nip("199001012015031001"), number="2")
        service.record_no_show(no_show, actor=CLERK)  # 7 May
        _on(clock, date(2024, 5, 13))
        _change(service, "Perwal 1/2024", WAIT, 60)
    finally:
        service.close()
    auditor = _auditor(store_url)
    try:
        today = date(2024, 5, 14)  # within the law's 7 and 20 days; past 1 day of either
        assert _found(auditor, "superior_liability", today) == []
        assert _found(auditor, "decision_not_taken", today) == []
        one = PolicySettings(overrides={SECOND: 1, WAIT: 1})
        assert _found(auditor, "superior_liability", today, settings=one) == [str(no_show)]
        assert _found(auditor, "decision_not_taken", today, settings=one) == [str(examined)]
    finally:
        auditor.close()
