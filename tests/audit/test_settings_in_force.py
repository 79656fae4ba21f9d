"""The decisions audit re-checks each deadline and decision under the settings in force when it
was recorded, read from the store: a city's override is no false flag for an auditor who does
not know it, and what was recorded before a change is still checked under the settings then."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.audit.decisions import audit_decisions, settings_history
from pelayanan.cli import main
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.values import Actor, Punishment
from pelayanan.policy import procedure
from pelayanan.policy.config import parse_config
from pelayanan.policy.parameters import PolicySettings

JODIPAN = "35.73.01.1011"
DESK = Actor(name="Pengelola SP4N-LAPOR!", role="admin pengaduan")


def city(days: int | None, decree: str) -> Any:
    parameters = {} if days is None else {"sp4n.complaint_days": days}
    return parse_config(
        {"change": {"decree": decree, "by": "Kepala BKPSDM"}, "parameters": parameters}
    )


def complaint(service: ComplianceService, reference: str) -> Any:
    cid = service.file_complaint(
        reference, office_code=JODIPAN, channel="phone", subject="kosong", description="-",
        actor=DESK,
    )
    return service.classify_complaint(cid, "complaint", actor=DESK)


@pytest.fixture
def store(store_url: str) -> str:
    """LAPOR-1 classified under the law (5 days), then the city sets 10 days (Perwal 1), LAPOR-2
    classified under them, then 12 days (Perwal 2), LAPOR-3 under those."""
    clock = ManualClock(datetime(2024, 3, 4, 8, tzinfo=WIB))
    service = ComplianceService.open(store_url, clock=clock, config=city(None, "Perwal 0/2024"))
    try:
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=DESK)
        complaint(service, "LAPOR-1")
        clock.set(datetime(2024, 3, 5, 8, tzinfo=WIB))
        service.apply_config(city(10, "Perwal 1/2024"))
        complaint(service, "LAPOR-2")
    finally:
        service.close()
    clock.set(datetime(2024, 3, 6, 8, tzinfo=WIB))
    later = ComplianceService.open(store_url, clock=clock, config=city(12, "Perwal 2/2024"))
    try:
        complaint(later, "LAPOR-3")
    finally:
        later.close()
    return store_url


def test_each_deadline_is_checked_under_the_settings_of_its_day(store: str) -> None:
    auditor = ComplianceService.open(store, read_only=True)  # supplies no settings
    try:
        dues = [auditor.get_complaint(r).deadline.due for r in ("LAPOR-1", "LAPOR-2", "LAPOR-3")]
        # The city's own days: 5 (the law), then 10 and 12 (its decrees), in working days
        # (Nyepi on 11 March and its cuti bersama on 12 March are not).
        assert dues == [date(2024, 3, 13), date(2024, 3, 21), date(2024, 3, 26)]
        history = settings_history(auditor)
        assert len(history) == 3 and auditor.policy == history[-1][1].settings
        result = audit_decisions(auditor, today=date(2024, 3, 6))
        assert result.deadlines == 6 and result.clean, [f.message for f in result.findings]

        # What a settings-blind auditor would have reported: each city deadline as differing.
        blind = audit_decisions(auditor, settings=PolicySettings(), today=date(2024, 3, 6))
        assert blind.clean  # explicit settings cover only what precedes the first change
        latest = history[-1][1].settings
        for reference, settings in (("LAPOR-2", PolicySettings()), ("LAPOR-1", latest)):
            recorded = auditor.get_complaint(reference)
            again = procedure.complaint_classified(
                auditor.get_complaint(reference, version=recorded.version - 1),
                recorded.classification, on=date(2024, 3, 5), settings=settings,
            ).deadline
            assert again.due != recorded.deadline.due  # the wrong settings would flag it
    finally:
        auditor.close()


def test_the_cli_audit_reports_no_false_flag(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "decisions", "--db", store, "--json"]) == 0
    out = capsys.readouterr().out
    assert '"deadline_differs"' not in out


def test_a_store_without_settings_on_the_record_uses_the_given_settings(store_url: str) -> None:
    clock = ManualClock(datetime(2024, 3, 4, 8, tzinfo=WIB))
    ten = city(10, "Perwal 1/2024").settings
    service = ComplianceService.open(store_url, clock=clock, policy=ten)
    try:
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=DESK)
        complaint(service, "LAPOR-1")
        assert settings_history(service) == []
        assert audit_decisions(service, today=date(2024, 3, 6)).clean  # the service's own
        law = audit_decisions(service, settings=PolicySettings(), today=date(2024, 3, 6))
        assert [f.kind for f in law.findings] == ["deadline_differs"]
    finally:
        service.close()


def _sedang_case(service: ComplianceService, number: str, nip: str) -> Any:
    """An attendance case of 12 days absent (a sedang punishment), examined by a tim."""
    case = service.open_case(
        number, nip=nip, name="Pegawai", actor=DESK,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja tanpa alasan sah",
                      days_absent=12),
    )
    letter = service.clock.now().date()
    service.request_clarification(case, letter_date=letter,
                                  examination_date=letter + timedelta(days=1), actor=DESK)
    service.form_tim_pemeriksa(case, decree="Kep. 800/2024", members="Camat; BKPSDM",
                               actor=DESK)
    service.record_examination(case, bap_reference="BAP/1", signed_by_subject=True,
                               examiners="tim pemeriksa", actor=DESK)
    return case


def test_a_decision_under_the_citys_regime_is_no_false_flag(store_url: str) -> None:
    """Under the law's default regime 12 days require a PP 53/2010 sedang punishment; the city
    switched to the tunjangan kinerja cuts. Each decision is checked under its own day's."""
    clock = ManualClock(datetime(2024, 5, 6, 8, tzinfo=WIB))
    service = ComplianceService.open(store_url, clock=clock, config=city(None, "Perwal 0/2024"))
    try:
        before = _sedang_case(service, "BKPSDM/2024/1", "199001012015031001")
        service.decide_case(before, outcome="punishment",
                            punishment=Punishment.PP53_PENUNDAAN_KGB, reason="r", decided_by=DESK)
        clock.set(datetime(2024, 5, 13, 8, tzinfo=WIB))
        service.apply_config(parse_config({
            "change": {"decree": "Perwal 3/2024", "by": "Kepala BKPSDM"},
            "parameters": {"pp94.sedang_regime": "tunjangan_kinerja"},
        }))
        after = _sedang_case(service, "BKPSDM/2024/2", "199202022019032002")
        decision = service.decide_case(after, outcome="punishment",
                                       punishment=Punishment.TUKIN_25_6, reason="r",
                                       decided_by=DESK)
        assert decision.required is Punishment.TUKIN_25_6
    finally:
        service.close()
    auditor = ComplianceService.open(store_url, read_only=True)
    try:
        result = audit_decisions(auditor, today=date(2024, 5, 14))
        assert result.decisions == 2 and result.clean, [f.message for f in result.findings]
        # Each decision is one the other day's settings would have flagged.
        for case, settings in ((after, PolicySettings()), (before, auditor.policy)):
            recorded = auditor.get_case(case)
            review = procedure.review_decision(
                recorded.breach, recorded.decision.punishment, on=date(2024, 5, 13),
                settings=settings,
            )
            assert review.required != recorded.decision.required
    finally:
        auditor.close()
