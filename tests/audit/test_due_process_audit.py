"""``audit decisions`` flags what due process requires and the record lacks: a punishment without
examination (possible in old stores, which still load), a berat punishment the tim pemeriksa did
not examine, and an atasan langsung who let an examination date pass (superior liability)."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path
from uuid import UUID

from pelayanan import ComplianceService
from pelayanan.audit.decisions import audit_decisions
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import (
    Breach,
    BreachKind,
    CaseSource,
    Decision,
    Outcome,
    SourceKind,
)
from pelayanan.domain.values import WIB, Actor, LegalBasis, Nip, Punishment

FIXTURE = Path(__file__).parents[1] / "fixtures" / "v1_store.db"
CLERK = Actor(name="Siti Rahayu", role="BKPSDM")
KASI = Nip("198811212012012001")


def _kinds(service: ComplianceService, today: date) -> list[str]:
    return [f.kind for f in audit_decisions(service, today=today).findings]


def _summoned(service: ComplianceService, clock: ManualClock, days: int = 5) -> UUID:
    case = service.open_case(
        "BKPSDM/2024/009", nip=KASI, name="Kasi", actor=CLERK,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap"),
        breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=days),
    )
    service.request_clarification(
        case, letter_date=date(2024, 4, 29), examination_date=date(2024, 5, 3), actor=CLERK
    )
    clock.set(datetime(2024, 5, 3, 10, tzinfo=WIB))
    return case


def test_an_old_store_punishment_without_examination_loads_and_is_flagged(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "v1.db"
    shutil.copyfile(FIXTURE, copy)
    service = ComplianceService.open(str(copy), read_only=True)
    try:
        findings = audit_decisions(service, today=date(2024, 12, 31)).findings
    finally:
        service.close()
    flagged = [f for f in findings if f.kind == "punished_without_examination"]
    assert len(flagged) == 1 and "a clarification is not an examination" in flagged[0].message


def test_an_examination_date_passed_without_anything_recorded_is_superior_liability(
    service: ComplianceService, clock: ManualClock
) -> None:
    _summoned(service, clock)
    assert "superior_liability" not in _kinds(service, date(2024, 5, 3))
    findings = audit_decisions(service, today=date(2024, 5, 6)).findings
    (liable,) = [f for f in findings if f.kind == "superior_liability"]
    assert "2024-05-03 passed with no examination" in liable.message


def test_a_no_show_without_a_second_summons_in_time_is_superior_liability(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _summoned(service, clock)
    service.record_no_show(case, actor=CLERK)
    assert "superior_liability" not in _kinds(service, date(2024, 5, 6))
    findings = audit_decisions(service, today=date(2024, 5, 31)).findings
    (liable,) = [f for f in findings if f.kind == "superior_liability"]
    # 7 working days: Ascension Day (9 May) and a cuti bersama (10 May) are not counted.
    assert "no second summons by 2024-05-16" in liable.message


def test_an_examined_case_is_not_flagged(service: ComplianceService, clock: ManualClock) -> None:
    case = _summoned(service, clock)
    service.record_examination(case, bap_reference="BAP", signed_by_subject=False,
                               examiners="atasan", actor=CLERK)
    assert "superior_liability" not in _kinds(service, date(2024, 6, 1))


def test_a_berat_punishment_without_the_tim_is_flagged(
    service: ComplianceService, clock: ManualClock
) -> None:
    case = _summoned(service, clock, days=22)
    service.record_examination(case, bap_reference="BAP", signed_by_subject=True,
                               examiners="atasan", actor=CLERK)
    record = service.get_case(case)
    # As a store written before the tim rule would hold it.
    record.decide(
        Decision(outcome=Outcome.PUNISHMENT, reason="r", decided_by=CLERK,
                 punishment=Punishment.PENURUNAN_JABATAN,
                 legal_basis=LegalBasis("PP 94/2021", article="8")),
        occurred_at=clock.now(), actor=CLERK, recorded_at=clock.now(),
    )
    service.save(record)
    assert "tim_pemeriksa_missing" in _kinds(service, date(2024, 6, 1))
