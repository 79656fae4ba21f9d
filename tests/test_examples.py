"""examples/jodipan.py runs to the end and tells both legal tracks of the Sekda's teguran."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "jodipan.py"


def test_the_jodipan_script_records_both_tracks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", [str(SCRIPT), "--db", str(tmp_path / "jodipan.db")])
    runpy.run_path(str(SCRIPT), run_name="__main__")
    out = capsys.readouterr().out
    assert "the Sekda's teguran is refused" in out
    assert "teguran tertulis under UU 25/2009 Pasal 54 (uu25.provider_sanction@v1)" in out
    assert "fixed by 2024-07-30" in out
    assert "camat decides under PP 94/2021: teguran_tertulis" in out
    assert "authority pp94.punishing_authority@v1" in out
    assert "the failure is recorded as fixed" in out
