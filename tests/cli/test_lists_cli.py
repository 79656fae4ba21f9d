"""``pelayanan register``, ``pelayanan complaints`` and the day ``board`` is judged on, after a
small scenario, on SQLite and on PostgreSQL: what each prints and its exit status."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.values import WIB, Actor
from pelayanan.service import ComplianceService

JODIPAN = "35.73.01.1011"
KASI = "199001012015031001"
STAFF = "199202022019032002"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=WIB)


def _case(service: ComplianceService, number: str, nip: str, name: str, clerk: Actor) -> Any:
    return service.open_case(
        number,
        nip=nip,
        name=name,
        office_code=JODIPAN,
        actor=clerk,
        source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap absensi April 2024"),
        breach=Breach(BreachKind.ATTENDANCE, "tidak masuk tanpa alasan sah", days_absent=3),
    )


@pytest.fixture
def db(store_url: str, clerk: Actor) -> str:
    """Filed and summoned in the week of 29 April 2024; the last fact on 2 May 2024 (WIB)."""
    clock = ManualClock(at(4, 29, 8))
    service = ComplianceService.open(store_url, clock=clock)
    try:
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        service.file_complaint(
            "LAPOR-1", office_code=JODIPAN, channel="phone", subject="kosong", description="-",
            actor=clerk,
        )
        summoned = _case(service, "BKPSDM/800/2024/ABS-0001", KASI, "Kasi Trantib", clerk)
        service.request_clarification(
            summoned, letter_date=date(2024, 4, 29), examination_date=date(2024, 5, 3),
            actor=clerk,
        )
        clock.set(at(5, 2, 10))
        _case(service, "BKPSDM/800/2024/ABS-0002", STAFF, "Staf Pelayanan", clerk)
    finally:
        service.close()
    return store_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_the_register_lists_open_cases_with_their_next_step_and_due_date(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "register", "--db", db, "--lang", "en")
    assert code == 0  # nothing is overdue on the end of the data
    lines = out.splitlines()
    assert lines[0] == (
        "Discipline register as of 2024-05-02 (the end of the data): 2 open cases, 0 overdue"
    )
    # The summoned case is due on its examination day; a case not yet summoned has no due date.
    assert "BKPSDM/800/2024/ABS-0001" in lines[2] and "2024-05-03" in lines[2]
    assert "examine the civil servant" in lines[2]
    assert "BKPSDM/800/2024/ABS-0002" in lines[3] and "summon in writing" in lines[3]

    code, out = run(capsys, "register", "--db", db, "--as-of", "2024-05-06", "--json")
    assert code == 1  # a step is overdue: a finding
    listed = json.loads(out)
    assert (listed["today"], listed["end_of_data"]) == ("2024-05-06", False)
    first, second = listed["cases"]
    assert (first["case_number"], first["step"], first["due"]) == (
        "BKPSDM/800/2024/ABS-0001", "examine", "2024-05-03")
    assert (first["overdue"], first["days_overdue"]) == (True, 3)
    assert (second["step"], second["due"], second["overdue"]) == ("summon", None, False)

    code, out = run(capsys, "register", "--db", db, "--as-of", "2024-05-06")
    assert code == 1
    assert out.splitlines()[0] == (
        "Register disiplin per 2024-05-06: 2 kasus terbuka, 1 lewat tenggat"
    )
    assert "LEWAT TENGGAT (3)" in out and "periksa PNS" in out


def test_complaints_overdue_lists_only_those_past_their_service_level(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "complaints", "--db", db, "--json")
    listed = json.loads(out)
    (complaint,) = listed["complaints"]
    due = date.fromisoformat(complaint["deadline"]["due"])
    assert code == 0 and listed["today"] == "2024-05-02" and listed["end_of_data"] is True
    assert complaint["reference"] == "LAPOR-1" and not complaint["overdue"]

    code, out = run(capsys, "complaints", "--overdue", "--db", db, "--lang", "en")
    assert code == 0
    assert out.splitlines() == [
        "Overdue complaints as of 2024-05-02 (the end of the data): 0", "(none)"
    ]

    later = (due + timedelta(days=2)).isoformat()
    code, out = run(capsys, "complaints", "--overdue", "--db", db, "--as-of", later)
    assert code == 1
    heading, _, row = out.splitlines()
    assert heading == f"Pengaduan lewat tenggat per {later}: 1"
    assert row.split()[0] == "LAPOR-1" and row.split()[-1] == "2"


def test_the_board_is_judged_on_the_end_of_the_data_unless_told_a_day(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "board", "--db", db, "--lang", "en")
    assert code == 0
    heading, header, row = out.splitlines()
    assert heading == "Compliance board as of 2024-05-02 (the end of the data)"
    assert header.split()[1:] == ["sidak", "vacant", "findings", "open", "late", "cases",
                                  "score", "zone"]
    # Two open cases cost 3 points each (board.weights).
    assert row.split()[2:] == ["0", "0", "0", "1", "0", "2", "94.00", "green"]

    # On 30 April only the complaint and the first case had been recorded.
    board = json.loads(run(capsys, "board", "--db", db, "--as-of", "2024-04-30", "--json")[1])
    (jodipan,) = board["rows"]
    assert (board["today"], board["end_of_data"]) == ("2024-04-30", False)
    assert (jodipan["open_complaints"], jodipan["open_cases"]) == (1, 1)
    assert main(["board", "--db", db, "--as-of", "30/04/2024"]) == 2


def test_an_empty_store_is_judged_today(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "empty.db")
    ComplianceService.open(db).close()
    code, out = run(capsys, "register", "--db", db, "--lang", "en")
    assert code == 0 and out.splitlines()[1] == "(no open cases)"
    assert "(the end of the data)" not in out


def test_report_names_its_day_as_the_board_does(
    db: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    report = str(tmp_path / "r.html")
    assert main(["report", "--db", db, "--report", report, "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "Compliance board as of 2024-05-02 (the end of the data)"
    )
    assert main(["report", "--db", db, "--report", report, "--as-of", "2024-05-06"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Papan kepatuhan per 2024-05-06"
