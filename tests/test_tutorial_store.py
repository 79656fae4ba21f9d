"""What docs/tutorial.md says of its store: it persists, the command line reads it, and a second
run stops at its first command with AlreadyExists."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from pelayanan import AlreadyExists
from pelayanan.cli import main
from tests.test_docs import python_blocks


def _run_tutorial(namespace: dict[str, object]) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        for block in python_blocks("docs/tutorial.md"):
            exec(block, namespace)


def test_the_tutorial_store_persists_and_a_second_run_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    first: dict[str, object] = {"__name__": "__doc__"}
    _run_tutorial(first)
    first["service"].close()  # type: ignore[attr-defined]

    assert main(["timeline", "35.73.01.1011", "--db", "jodipan.db"]) == 0
    assert capsys.readouterr().out.startswith("Riwayat kantor 35.73.01.1011")

    second: dict[str, object] = {"__name__": "__doc__"}
    with pytest.raises(AlreadyExists, match="already recorded"):
        _run_tutorial(second)
    second["service"].close()  # type: ignore[attr-defined]
