"""``pelayanan demo`` and ``pelayanan report`` from the command line (a small scale)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelayanan.cli import main

SMALL = ["--scale", "0.02", "--seed", "3", "--quiet"]


def test_demo_builds_checks_prints_the_board_and_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, report = tmp_path / "demo.db", tmp_path / "report.html"
    assert main(["demo", "--db", str(db), "--report", str(report), *SMALL]) == 0
    out = capsys.readouterr().out
    assert "Papan kepatuhan per 2024-12-31" in out
    for kecamatan in ("Blimbing", "Klojen", "Kedungkandang", "Sukun", "Lowokwaru"):
        assert kecamatan in out
    assert "10 kantor terlemah" in out
    assert "integritas: UTUH" in out
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    # A used store is not written into again, unless --fresh says to start over.
    assert main(["demo", "--db", str(db), "--report", str(report), *SMALL]) == 1
    assert "already holds" in capsys.readouterr().err
    fresh = ["demo", "--db", str(db), "--report", str(report), "--fresh", "--lang", "en", *SMALL]
    assert main(fresh) == 0
    out = capsys.readouterr().out
    assert "Compliance board as of 2024-12-31" in out and "10 weakest offices" in out
    assert "integrity: INTACT" in out

    english = tmp_path / "en.html"
    assert main(["report", "--db", str(db), "--report", str(english), "--lang", "en"]) == 0
    assert '<html lang="en">' in english.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "bad", [["--scale", "0"], ["--scale", "x"], ["--year", "1999"], ["--lang", "fr"]]
)
def test_bad_arguments_are_usage_errors(
    bad: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(tmp_path / "x.db"), *bad]) == 2
    assert "pelayanan" in capsys.readouterr().err


def test_report_needs_an_existing_store(tmp_path: Path) -> None:
    assert main(["report", "--db", str(tmp_path / "missing.db")]) == 1
