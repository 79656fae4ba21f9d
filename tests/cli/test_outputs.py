"""Outputs never destroy inputs: a report or witness file never replaces the store or a file
that is not a previous output of the same kind, and ``--fresh`` deletes only a pelayanan store.
Paths are checked before the long work starts."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path, clock: ManualClock, clerk: Actor) -> Path:
    path = tmp_path / "store.db"
    service = ComplianceService.open(str(path), clock=clock)
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.close()
    return path


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str], words: str) -> None:
    assert main(argv) == 2  # a usage error: nothing was read or written
    err = capsys.readouterr().err
    assert words in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_report_never_replaces_the_store(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(store)
    _refused(["report", "--db", str(store), "--report", str(store)], capsys, "is the event store")
    _refused(
        ["report", "--db", str(store), "--report", f"{store}-wal"], capsys, "is the event store"
    )
    assert _digest(store) == before


def test_a_report_replaces_only_a_previous_report(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.html"
    notes.write_text("<html>my own notes</html>", encoding="utf-8")
    _refused(
        ["report", "--db", str(store), "--report", str(notes)], capsys, "is not a pelayanan report"
    )
    assert notes.read_text(encoding="utf-8") == "<html>my own notes</html>"
    report = tmp_path / "report.html"
    assert main(["report", "--db", str(store), "--report", str(report)]) == 0
    assert main(["report", "--db", str(store), "--report", str(report), "--lang", "en"]) == 0
    assert '<html lang="en">' in report.read_text(encoding="utf-8")


def test_a_report_into_a_missing_folder_fails_at_once(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _refused(
        ["report", "--db", str(store), "--report", "/nonexistent/r.html"], capsys, "no folder"
    )


def test_the_demo_checks_its_report_path_before_simulating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    began = time.monotonic()
    _refused(
        ["demo", "--db", str(db), "--report", "/nonexistent/r.html", "--quiet"], capsys, "no folder"
    )
    assert time.monotonic() - began < 5
    assert not db.exists()  # nothing simulated, nothing created


def test_a_witness_export_never_replaces_the_store_or_a_foreign_file(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seal", "--db", str(store)]) == 0
    capsys.readouterr()
    before = _digest(store)
    _refused(["checkpoints", "export", str(store), "--db", str(store)], capsys, "event store")
    _refused(["seal", "--db", str(store), "--export", str(store)], capsys, "event store")
    assert _digest(store) == before
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    _refused(
        ["checkpoints", "export", str(notes), "--db", str(store)],
        capsys,
        "is not a pelayanan witness file",
    )
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    witness = tmp_path / "witness.jsonl"
    assert main(["checkpoints", "export", str(witness), "--db", str(store)]) == 0
    assert main(["checkpoints", "export", str(witness), "--db", str(store)]) == 0  # a previous one
    assert main(["verify", "--db", str(store), "--checkpoints", str(witness)]) == 0


def test_fresh_deletes_only_a_pelayanan_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    _refused(
        ["demo", "--fresh", "--db", str(notes), "--report", str(tmp_path / "r.html")],
        capsys,
        "is not a pelayanan store",
    )
    assert notes.read_text(encoding="utf-8") == "my notes\n"

    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE stored_events (x)")  # looks like an event store, and more
    conn.execute("CREATE TABLE invoices (n INTEGER)")
    conn.commit()
    conn.close()
    before = _digest(other)
    _refused(
        ["demo", "--fresh", "--db", str(other), "--report", str(tmp_path / "r.html")],
        capsys,
        "is not a pelayanan store",
    )
    assert _digest(other) == before
