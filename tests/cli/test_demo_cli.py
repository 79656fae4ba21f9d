"""``pelayanan demo`` and ``pelayanan report`` from the command line (a small scale)."""

from __future__ import annotations

import json
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

    # `pelayanan board` right after agrees with the demo's own board: the same day (the end
    # of the data), the same columns, the same lines.
    demo_lines = out.splitlines()
    assert main(["board", "--db", str(db), "--kecamatan"]) == 0
    board = capsys.readouterr().out.splitlines()
    assert board[0] == demo_lines[0] == "Papan kepatuhan per 2024-12-31 (akhir data)"
    kecamatan = demo_lines[demo_lines.index(board[1]) :][: len(board) - 1]
    assert kecamatan == board[1:]
    assert main(["board", "--db", str(db)]) == 0
    offices = capsys.readouterr().out.splitlines()
    weakest = demo_lines[demo_lines.index("") + len(board) + 1 :][1:11]
    assert len(weakest) == 10 and all(line in offices for line in weakest)
    assert main(["report", "--db", str(db), "--report", str(report)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == board[0]

    # A used store is not written into again, unless --fresh says to start over.
    assert main(["demo", "--db", str(db), "--report", str(report), *SMALL]) == 3
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
    assert main(["report", "--db", str(tmp_path / "missing.db")]) == 3


def test_demo_checks_the_configuration_first_and_builds_under_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, report = tmp_path / "demo.db", tmp_path / "report.html"
    config = tmp_path / "city.toml"
    config.write_text('[change]\ndecree = "Perwal 1/2024"\nby = "Kepala BKPSDM"\n'
                      '[parameters]\n"board.bands" = [50, 80]\n'
                      '[[positions]]\nid = "walikota"\ntitle = "Wali Kota"\nclass = "ppk"\n',
                      encoding="utf-8")
    small = [*SMALL, "--db", str(db), "--report", str(report)]
    assert main(["demo", *small, "--config", str(config)]) == 2
    assert "board.bands" in capsys.readouterr().err and not db.exists()

    config.write_text(config.read_text().replace("[50, 80]", "[80, 50]"), encoding="utf-8")
    assert main(["demo", *small, "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["settings", "show", "--db", str(db), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["in_force"]["content"]["parameters"] == {"board.bands": [80, 50]}
    # The file's settings, then the demo's own positions with them (January, and after the
    # July rotation), recorded as the city records its own.
    assert [c["decree"][:30] for c in shown["changes"]] == [
        "Perwal 1/2024",
        "Keputusan Wali Kota Malang ten",
        "Keputusan Wali Kota Malang ten",
    ]
    ids = {p["id"] for p in shown["in_force"]["content"]["positions"]}
    assert {"walikota", "sekda", "lurah-35.73.01.1011"} <= ids
