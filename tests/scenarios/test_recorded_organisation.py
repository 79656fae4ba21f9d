"""The simulated year records its organisation as a city does, through its settings: a store the
demo built names its positions to whoever opens it later, and ``audit decisions`` run by another
reader re-checks the BAP reports with them."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.cli import main
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import Actor, Role
from pelayanan.policy.parameters import PolicySettings
from pelayanan.scenarios.kelurahan import JODIPAN, KELURAHAN
from pelayanan.scenarios.malang import SimulationResult, simulate
from tests.scenarios.conftest import SMALL

CLERK = Actor(name="Analis BKPSDM", role="bkpsdm")


def _copy(source: Path, target: Path) -> Path:
    """A copy of a SQLite store, taken the way SQLite copies itself (WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def test_the_year_records_its_positions_as_settings_changes(
    small_year: tuple[Path, SimulationResult],
) -> None:
    reader = ComplianceService.open(str(small_year[0]), read_only=True)  # no organisation given
    try:
        record = reader.settings_record()
        assert record is not None and record.changes == 2  # January, and the July rotation
        assert "mutasi pegawai Juli 2024" in (record.decree or "")
        organisation = reader.organisation
        assert organisation is not None
        assert organisation.position("walikota").superior is None
        for kelurahan in KELURAHAN:
            office = reader.get_office(kelurahan.code)
            lurah = organisation.position(f"lurah-{kelurahan.code}")
            for member in office.staff.values():
                if member.role is Role.LURAH:
                    assert lurah.holder == member.nip
                else:  # after the rotation, each under the lurah of the office they moved to
                    assert organisation.held_by(member.nip).superior == lurah.id
    finally:
        reader.close()


def test_a_new_reader_of_the_demo_store_re_checks_bap_reports(
    small_year: tuple[Path, SimulationResult],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = _copy(small_year[0], tmp_path / "copy.db")
    clock = ManualClock(datetime(2025, 1, 6, 8, tzinfo=WIB))
    city = ComplianceService.open(str(store), clock=clock)  # the positions from the record
    try:
        office = city.get_office(JODIPAN)
        staff = next(m for m in office.staff.values() if m.role is Role.STAFF)
        case = city.open_case(
            "BKPSDM/800/2025/ABS-9001",
            nip=staff.nip,
            name=staff.name,
            office_code=JODIPAN,
            actor=CLERK,
            source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi Desember 2024"),
            # 12 days: a sedang punishment, beyond the lurah (a pengawas): the BAP goes up
            breach=Breach(BreachKind.ATTENDANCE, "tidak masuk kerja", days_absent=12),
        )
        exam = date(2025, 1, 10)
        city.request_clarification(
            case, letter_date=date(2025, 1, 6), examination_date=exam, actor=CLERK
        )
        clock.set(datetime.combine(exam, time(10), tzinfo=WIB))
        city.record_examination(
            case, bap_reference="BAP/9001", signed_by_subject=True, examiners="lurah",
            actor=CLERK,
        )
    finally:
        city.close()
    # Never reported up: the audit, in a reader given nothing but the store, finds it.
    assert main(["audit", "decisions", "--db", str(store), "--json", "--quiet"]) == 1
    report = json.loads(capsys.readouterr().out)
    (flag,) = [f for f in report["findings"] if f["kind"] == "bap_not_reported"]
    assert flag["record"].startswith("BKPSDM/800/2025/ABS-9001")
    assert exam + timedelta(days=7) <= date.fromisoformat(flag["recorded"])


def test_a_year_under_settings_the_record_does_not_hold_is_refused(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    policy = PolicySettings(overrides={"sp4n.complaint_days": 7})
    service = ComplianceService.open(str(tmp_path / "x.db"), clock=clock, policy=policy)
    try:
        with pytest.raises(InvalidValue, match="settings on its record"):
            simulate(service, clock, SMALL)
        assert service.head() == 0
    finally:
        service.close()
