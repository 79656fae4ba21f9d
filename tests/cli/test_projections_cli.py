"""``pelayanan projections ...`` and ``pelayanan board``, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService

JODIPAN = "35.73.01.1011"


@pytest.fixture
def db(store_url: str, clock: ManualClock, clerk: Actor) -> str:
    service = ComplianceService.open(store_url, clock=clock)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.register_office("35.73.02.1001", name="Klojen", kecamatan="Klojen", actor=clerk)
    service.file_complaint(
        "LAPOR-1",
        office_code=JODIPAN,
        channel="phone",
        subject="kosong",
        description="-",
        actor=clerk,
    )
    service.close()
    return store_url


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_catch_up_and_rebuild(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = {s["name"]: s for s in run_json(capsys, "projections", "status", "--db", db)}
    assert set(before) == {"office_board", "discipline_register", "complaint_sla", "audit_trail"}
    assert before["office_board"]["lag"] == 3 and before["office_board"]["generation"] is None

    assert run_json(capsys, "projections", "catch-up", "--db", db) == dict.fromkeys(before, 3)
    (after,) = run_json(capsys, "projections", "status", "office_board", "--db", db)
    assert (after["position"], after["head"], after["lag"], after["generation"]) == (3, 3, 0, 1)

    assert run_json(capsys, "projections", "rebuild", "audit_trail", "--db", db) == {
        "audit_trail": 3
    }
    (rebuilt,) = run_json(capsys, "projections", "status", "audit_trail", "--db", db)
    assert (rebuilt["generation"], rebuilt["position"]) == (2, 3)

    assert main(["projections", "status", "--db", db]) == 0
    assert "office_board" in capsys.readouterr().out
    assert main(["projections", "dead-letters", "complaint_sla", "--db", db]) == 0
    assert "no dead letters" in capsys.readouterr().out


def test_board_scores_each_office_and_kecamatan(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    board = run_json(capsys, "board", "--db", db, "--today", "2024-04-29")
    assert board["today"] == "2024-04-29"
    assert [(r["code"], r["complaints"], r["zone"]) for r in board["rows"]] == [
        (JODIPAN, 1, "hijau"),
        ("35.73.02.1001", 0, "hijau"),
    ]
    # Thirty days on, the unanswered complaint is overdue: 5 points off.
    late = run_json(capsys, "board", "--db", db, "--today", "2024-05-29", "--kecamatan")
    assert [(r["kecamatan"], r["overdue_complaints"], r["score"]) for r in late["rows"]] == [
        ("Blimbing", 1, 95.0),
        ("Klojen", 0, 100.0),
    ]
    assert main(["board", "--db", db, "--today", "2024-04-29"]) == 0
    assert "Jodipan" in capsys.readouterr().out


def test_usage_errors_exit_2_and_store_errors_exit_1(
    db: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["projections", "rebuild", "no_such_view", "--db", db]) == 2
    assert "no projection 'no_such_view'" in capsys.readouterr().err
    assert main(["board", "--db", db, "--today", "29/04/2024"]) == 2
    assert main(["projections", "status", "--db", str(tmp_path / "missing.db")]) == 3
    assert "no event store" in capsys.readouterr().err
