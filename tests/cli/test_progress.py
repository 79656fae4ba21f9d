"""Progress on the commands that read the whole log: drawn on a terminal (stderr a TTY), never
in piped or logged output, and never with ``--quiet``."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService

RUN = "from pelayanan.cli import run; run()"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import datetime

    from pelayanan.domain.values import WIB

    path = tmp_path_factory.mktemp("progress") / "store.db"
    clock = ManualClock(datetime(2024, 4, 29, 8, 0, tzinfo=WIB))
    service = ComplianceService.open(str(path), clock=clock)
    clerk = Actor(name="Operator", role="admin")
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    for n in range(1, 40):
        clock.advance()
        service.assign_staff(
            "35.73.01.1011",
            nip=f"1990010120150310{n:02d}",
            name=f"Staf {n}",
            role="staff",
            actor=clerk,
        )
    service.close()
    assert main(["projections", "catch-up", "--db", str(path), "--quiet"]) == 0
    return path


def on_a_terminal(argv: list[str]) -> tuple[int, str]:
    """Run the command with stderr on a pseudo-terminal; its exit code and what the terminal
    showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", RUN, *argv],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


def piped(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """In this process: stderr is pytest's capture, not a terminal (as in a pipe or a log)."""
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


COMMANDS = [
    (["verify"], "verify"),
    (["replay"], "office_board"),
    (["audit", "decisions"], "audit decisions"),
    (["projections", "rebuild"], "office_board"),
    (["report", "--report", "{tmp}/report.html"], "report"),
]


@pytest.mark.parametrize(("argv", "label"), COMMANDS, ids=[c[0][0] for c in COMMANDS])
def test_progress_is_drawn_on_a_terminal_only(
    argv: list[str], label: str, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = [w.format(tmp=tmp_path) for w in argv] + ["--db", str(store)]
    code, shown = on_a_terminal(words)
    assert code == 0, shown
    assert f"\r{label}" in shown and "]" in shown, shown

    code, quiet = on_a_terminal([*words, "--quiet"])
    assert code == 0 and "\r" not in quiet, quiet

    code, err = piped(words, capsys)
    assert not sys.stderr.isatty()
    assert code == 0 and "\r" not in err and "[" not in err, err


def test_the_demo_shows_its_months_on_a_terminal_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["demo", "--scale", "0.02", "--seed", "3", "--report", str(tmp_path / "r.html")]
    code, shown = on_a_terminal([*argv, "--db", str(tmp_path / "a.db")])
    assert code == 0, shown
    assert "\r2024 " in shown and "\rverify" in shown, shown
    code, err = piped([*argv, "--db", str(tmp_path / "b.db")], capsys)
    assert code == 0 and "\r" not in err and "recorded" in err, err
