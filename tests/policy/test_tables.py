"""The rule test tables (tables/*.csv), run through the Python API.

Each row is a case a policy officer can read and extend: inputs, the date, the expected outcome,
and why. The same tables drive the CLI tests in tests/cli/test_rules.py.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from pelayanan import PolicySettings
from pelayanan.policy import DeadlineKind, attendance, deadline

TABLES = Path(__file__).parent / "tables"


def _rows(name: str) -> list[dict[str, str]]:
    with (TABLES / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _id(row: dict[str, str]) -> str:
    return ",".join(v for k, v in row.items() if k != "why")


ATTENDANCE = _rows("attendance")
DEADLINES = _rows("deadlines")


@pytest.mark.parametrize("row", ATTENDANCE, ids=_id)
def test_attendance_table(row: dict[str, str]) -> None:
    outcome = attendance(
        int(row["days"]),
        consecutive_days=int(row["consecutive"]),
        late_minutes=int(row["late_minutes"]),
        on=date.fromisoformat(row["on"]),
        settings=PolicySettings(sedang_regime=row["sedang_regime"] or None),
    )
    assert (outcome.punishment.value if outcome.punishment else "") == row["punishment"]
    assert (outcome.level.value if outcome.level else "") == row["level"]
    assert outcome.verified is (row["verified"] == "yes")
    assert outcome.rule.rule_id == "pp94.attendance"


def test_attendance_table_covers_every_ladder_boundary() -> None:
    plain = [r for r in ATTENDANCE if r["consecutive"] == "0" and r["late_minutes"] == "0"]
    days = {int(r["days"]) for r in plain}
    boundaries = {3, 4, 6, 7, 10, 11, 13, 14, 16, 17, 20, 21, 24, 25, 27, 28}
    assert boundaries <= days
    assert 2 in days  # just below the first row
    assert any(r["consecutive"] == "10" for r in ATTENDANCE)
    assert any(r["consecutive"] == "9" for r in ATTENDANCE)


@pytest.mark.parametrize("row", DEADLINES, ids=_id)
def test_deadline_table(row: dict[str, str]) -> None:
    settings = PolicySettings(
        cuti_bersama_are_working_days=row["cuti_bersama_are_working_days"] == "yes"
    )
    outcome = deadline(row["kind"], date.fromisoformat(row["start"]), settings=settings)
    assert outcome.due == date.fromisoformat(row["due"])
    assert outcome.estimated is (row["estimated"] == "yes")


def test_deadline_table_covers_every_kind() -> None:
    assert {r["kind"] for r in DEADLINES} == {k.value for k in DeadlineKind}
