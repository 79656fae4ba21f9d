"""The `pelayanan` command's frame: help, version, usage errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pelayanan.cli import main


def test_help_lists_the_command_groups(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "usage: pelayanan" in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: pelayanan" in capsys.readouterr().out


def test_an_unknown_command_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_the_installed_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from pelayanan.cli import run; run()", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("pelayanan ")
