"""Liability (PP 94/2021, PerBKN 6/2022), on both backends: the atasan langsung who examined
reports the BAP up when the punishment expected is beyond its own authority (refused where not
needed or by the wrong official), and ``audit decisions`` flags an atasan who does not report in
time and an authorised official who does not decide within the waiting time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from uuid import UUID

import pytest

from pelayanan import ComplianceService
from pelayanan.audit.decisions import audit_decisions
from pelayanan.clock import ManualClock
from pelayanan.domain.errors import (
    AlreadyDecided,
    CommandRefused,
    DueProcessViolation,
    InvalidValue,
    NotTheAtasan,
    ReportNotNeeded,
)
from pelayanan.domain.values import WIB, Punishment
from pelayanan.policy import deadlines
from pelayanan.policy.deadlines import DeadlineKind
from pelayanan.policy.parameters import PolicySettings
from tests.test_due_process import (
    CAMAT,
    CLERK,
    KASI,
    LURAH_OFFICIAL,
    MALANG,
    SEKDA,
    _case,
    _examine,
)


@pytest.fixture
def city(store_url: str, clock: ManualClock) -> Iterator[ComplianceService]:
    app = ComplianceService.open(store_url, clock=clock, organisation=MALANG)
    yield app
    app.close()


def _examined(city: ComplianceService, days: int, number: str = "1") -> UUID:
    case = _case(city, KASI, days=days, number=number)
    if days >= 21:  # a berat punishment expected: the tim pemeriksa examines
        city.form_tim_pemeriksa(case, decree="Kep/TIM", members="Lurah; Inspektorat; BKPSDM",
                                actor=CLERK)
    _examine(city, case)
    return case


def _kinds(service: ComplianceService, today: date) -> list[str]:
    return [f.kind for f in audit_decisions(service, today=today).findings]


# ------------------------------------------------------------------ reporting the BAP up


def test_the_atasan_reports_a_bap_whose_punishment_is_beyond_its_authority(
    city: ComplianceService,
) -> None:
    # 12 days absent: a sedang punishment, which a pengawas (the lurah) may not impose.
    case = _examined(city, days=12)
    report = city.report_bap(case, reported_by=LURAH_OFFICIAL)
    assert report.reported_by == "lurah-jodipan" and report.reported_to == "camat-blimbing"
    assert report.expected.level.value == "sedang"
    assert str(report.rule) == "pp94.punishing_authority@v1"
    record = city.get_case(case)
    assert record.bap_reported_on == date(2024, 5, 3)


def test_a_report_is_refused_where_the_atasan_may_decide_itself(city: ComplianceService) -> None:
    case = _examined(city, days=5)  # teguran tertulis: the lurah (pengawas) imposes ringan
    head = city.head()
    with pytest.raises(ReportNotNeeded, match="the atasan decides"):
        city.report_bap(case, reported_by=LURAH_OFFICIAL)
    assert city.head() == head and city.get_case(case).bap_reported_on is None


def test_a_report_is_refused_from_anyone_but_the_atasan_langsung(
    city: ComplianceService,
) -> None:
    case = _examined(city, days=12)
    head = city.head()
    for official in (CAMAT, SEKDA):
        with pytest.raises(NotTheAtasan, match="Lurah Jodipan"):
            city.report_bap(case, reported_by=official)
    with pytest.raises(InvalidValue, match="must be an Official"):
        city.report_bap(case, reported_by=CLERK)  # type: ignore[arg-type]
    assert city.head() == head


def test_a_report_is_refused_before_the_examination_twice_after_the_decision_and_without_an_org(
    city: ComplianceService, service: ComplianceService
) -> None:
    case = _case(city, KASI, days=12)
    with pytest.raises(DueProcessViolation, match="before the examination"):
        city.report_bap(case, reported_by=LURAH_OFFICIAL)
    _examine(city, case)
    city.report_bap(case, reported_by=LURAH_OFFICIAL)
    with pytest.raises(CommandRefused, match="was reported up on 2024-05-03"):
        city.report_bap(case, reported_by=LURAH_OFFICIAL)
    city.decide_case(case, outcome="punishment",
                     punishment=Punishment.PP53_PENUNDAAN_KGB, reason="r", decided_by=CAMAT)
    with pytest.raises(AlreadyDecided):
        city.report_bap(case, reported_by=LURAH_OFFICIAL)
    plain = _case(service, KASI, days=12, number="2")
    _examine(service, plain)
    with pytest.raises(InvalidValue, match="needs the organisation"):
        service.report_bap(plain, reported_by=LURAH_OFFICIAL)


def test_the_expected_punishment_can_be_named(city: ComplianceService) -> None:
    case = _examined(city, days=5)
    report = city.report_bap(case, reported_by=LURAH_OFFICIAL,
                             expected="pemotongan_tunjangan_kinerja_25_6_bulan")
    assert report.expected is Punishment.TUKIN_25_6 and report.reported_to == "camat-blimbing"


# ------------------------------------------------------------------ the audit's flags


def _report_due(examined: date) -> date:
    return deadlines.deadline(DeadlineKind.BAP_REPORT, examined).due


def _decision_due(ready: date) -> date:
    return deadlines.deadline(DeadlineKind.AUTHORISED_DECISION, ready).due


def test_an_atasan_who_does_not_report_in_time_is_flagged(city: ComplianceService) -> None:
    case = _examined(city, days=12)
    due = _report_due(date(2024, 5, 3))
    assert "bap_not_reported" not in _kinds(city, due)
    (flag,) = [f for f in audit_decisions(city, today=date.fromordinal(due.toordinal() + 1))
               .findings if f.kind == "bap_not_reported"]
    assert flag.recorded == due.isoformat() and "was not reported" in flag.message
    assert "perbkn6.bap_report@v1" in flag.message
    # Reported late: still flagged, saying when.
    clock = city.clock
    assert isinstance(clock, ManualClock)
    clock.set(datetime.combine(due + timedelta(days=1), time(15), tzinfo=WIB))
    city.report_bap(case, reported_by=LURAH_OFFICIAL)
    (late,) = [f for f in audit_decisions(city, today=date(2024, 12, 31)).findings
               if f.kind == "bap_not_reported"]
    assert "was reported on" in late.message


def test_a_report_in_time_or_one_not_needed_is_not_flagged(city: ComplianceService) -> None:
    reported = _examined(city, days=12)
    city.report_bap(reported, reported_by=LURAH_OFFICIAL)
    _examined(city, days=5, number="2")  # ringan: the lurah decides, nothing to report
    assert "bap_not_reported" not in _kinds(city, date(2024, 12, 31))


def test_without_an_organisation_no_report_is_known_to_be_due(
    city: ComplianceService, store_url: str, clock: ManualClock
) -> None:
    _examined(city, days=12)
    assert "bap_not_reported" in _kinds(city, date(2024, 12, 31))
    city.close()
    plain = ComplianceService.open(store_url, clock=clock)
    try:
        assert "bap_not_reported" not in _kinds(plain, date(2024, 12, 31))
        flags = audit_decisions(plain, today=date(2024, 12, 31), organisation=MALANG).findings
        assert "bap_not_reported" in [f.kind for f in flags]
    finally:
        plain.close()


def test_an_official_who_does_not_decide_within_the_waiting_time_is_flagged(
    city: ComplianceService,
) -> None:
    case = _examined(city, days=5)
    due = _decision_due(date(2024, 5, 3))
    assert "decision_not_taken" not in _kinds(city, due)
    after = date.fromordinal(due.toordinal() + 1)
    (flag,) = [f for f in audit_decisions(city, today=after).findings
               if f.kind == "decision_not_taken"]
    assert "no decision was recorded" in flag.message and "[unverified]" in flag.message
    assert flag.recorded == due.isoformat() and flag.aggregate_id == str(case)


def test_the_waiting_time_is_a_parameter_and_a_timely_decision_is_not_flagged(
    city: ComplianceService,
) -> None:
    case = _examined(city, days=5)
    city.decide_case(case, outcome="punishment", punishment="teguran_tertulis", reason="r",
                     decided_by=LURAH_OFFICIAL)
    assert "decision_not_taken" not in _kinds(city, date(2024, 12, 31))
    other = _examined(city, days=4, number="2")
    short = PolicySettings(overrides={"pp94.decision_wait_working_days": 1})
    flags = [f for f in audit_decisions(city, settings=short, today=date(2024, 5, 14)).findings
             if f.kind == "decision_not_taken"]
    assert [f.aggregate_id for f in flags] == [str(other)]


def test_a_report_up_restarts_the_wait_for_the_official_who_holds_authority(
    city: ComplianceService,
) -> None:
    case = _examined(city, days=12)
    clock = city.clock
    assert isinstance(clock, ManualClock)
    clock.set(datetime(2024, 5, 8, 9, tzinfo=WIB))
    city.report_bap(case, reported_by=LURAH_OFFICIAL)
    due = _decision_due(date(2024, 5, 8))
    assert due > _decision_due(date(2024, 5, 3))
    assert "decision_not_taken" not in _kinds(city, due)
    assert "decision_not_taken" in _kinds(city, date.fromordinal(due.toordinal() + 1))


def test_the_organisation_can_change_and_only_to_an_organisation(
    city: ComplianceService,
) -> None:
    with pytest.raises(InvalidValue, match="must be an Organisation, got 'MALANG'"):
        city.use_organisation("MALANG")  # type: ignore[arg-type]
    assert city.organisation is MALANG
    case = _examined(city, days=12)
    city.use_organisation(None)
    with pytest.raises(InvalidValue, match="needs the organisation"):
        city.report_bap(case, reported_by=LURAH_OFFICIAL)
    city.use_organisation(MALANG)
    assert city.report_bap(case, reported_by=LURAH_OFFICIAL).reported_to == "camat-blimbing"
