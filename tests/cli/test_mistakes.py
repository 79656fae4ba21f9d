"""Every mistake a user can make at the command line: one line on stderr, no traceback, the exit
code docs/cli.md gives (2 for usage), and nothing written: not the store, not a half file.
Paths are checked before the long work starts."""

from __future__ import annotations

import errno
import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pelayanan.cli import main
from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService
from pelayanan.storage import outputs


@pytest.fixture
def store(tmp_path: Path, clock: ManualClock, clerk: Actor) -> Path:
    path = tmp_path / "store.db"
    service = ComplianceService.open(str(path), clock=clock)
    service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.close()
    assert main(["seal", "--db", str(path), "--quiet"]) == 0
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its digest: what "nothing written" compares."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# (argv with {db} and {tmp}, exit code, words the one line says)
MISTAKES: list[tuple[list[str], int, str]] = [
    (
        ["report", "--db", "{db}", "--report", "/nonexistent/dir/r.html"],
        2,
        "there is no folder /nonexistent/dir",
    ),
    (["report", "--db", "{db}", "--report", "{tmp}"], 2, "it is not a regular file"),
    (
        ["checkpoints", "export", "/nonexistent/x.jsonl", "--db", "{db}"],
        2,
        "there is no folder /nonexistent",
    ),
    (["checkpoints", "export", "{tmp}", "--db", "{db}"], 2, "it is not a regular file"),
    (["checkpoints", "keygen", "/nonexistent/k.pem"], 2, "there is no folder /nonexistent"),
    (["checkpoints", "keygen", "{db}"], 2, "exists"),
    (["seal", "--db", "{db}", "--every", "99999999999999999999"], 2, "must be at most"),
    (["seal", "--db", "{db}", "--key", "/nonexistent/k.pem"], 2, "No such file or directory"),
    (["seal", "--db", "{db}", "--key", "{db}"], 2, "is not an unencrypted PEM private key"),
    (["seal", "--db", "{db}", "--export", "/nonexistent/w.jsonl"], 2, "no folder /nonexistent"),
    (["verify", "--db", ""], 2, "must be a SQLite file path or a postgresql:// URL"),
    (["board", "--db", "{tmp}"], 2, "is a directory, not a database file"),
    (
        ["report", "--db", "{db}", "--today", "2024-02-30"],
        2,
        "bad date '2024-02-30': expected YYYY-MM-DD",
    ),
    (["board", "--db", "{db}", "--today", "2024-02-30"], 2, "bad date '2024-02-30'"),
    (
        ["demo", "--db", "{tmp}/new.db", "--report", "/nonexistent/r.html"],
        2,
        "there is no folder /nonexistent",
    ),
    (["demo", "--db", "{tmp}/new.db", "--report", "{tmp}"], 2, "it is not a regular file"),
    (["timeline", "35.73.09.9999", "--db", "{db}"], 3, "no office 35.73.09.9999 is recorded"),
    (
        ["timeline", "BKPSDM/800/2024/ABS-0043", "--db", "{db}"],
        3,
        "'BKPSDM/800/2024/ABS-0043'",
    ),
    (["projections", "rebuild", "nosuch", "--db", "{db}"], 2, "no projection 'nosuch'"),
]


@pytest.mark.parametrize(
    ("argv", "code", "words"), MISTAKES, ids=[" ".join(m[0][:3]) for m in MISTAKES]
)
def test_a_mistake_is_one_line_and_writes_nothing(
    argv: list[str],
    code: int,
    words: str,
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the long work started before the mistake was found")

    # The demo's year is never simulated when its report cannot be written.
    monkeypatch.setattr("pelayanan.cli.demo.simulate", never)
    words_in = [w.format(db=store, tmp=tmp_path) for w in argv]
    before = snapshot(tmp_path)
    capsys.readouterr()

    assert main(words_in) == code

    out, err = capsys.readouterr()
    assert words in err, err
    assert len(err.splitlines()) == 1 and err.startswith("pelayanan"), err
    assert "Traceback" not in err and out == ""
    assert snapshot(tmp_path) == before


class FullDisk:
    """A file that takes half of what it is given and then says the disk is full."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: Any) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        (["report", "--db", "{db}", "--report", "{tmp}/report.html", "--quiet"], "report"),
        (["checkpoints", "export", "{tmp}/witness.jsonl", "--db", "{db}"], "witness file"),
        (["seal", "--db", "{db}", "--export", "{tmp}/witness.jsonl"], "witness file"),
        (["checkpoints", "keygen", "{tmp}/new.pem"], "signing key"),
    ],
    ids=["report", "export", "seal --export", "keygen"],
)
def test_a_full_disk_leaves_the_previous_file_and_says_so_in_one_line(
    argv: list[str],
    kind: str,
    store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A previous report and witness file are there: a failed write must leave them whole.
    assert main(["report", "--db", str(store), "--report", str(tmp_path / "report.html")]) == 0
    assert main(["checkpoints", "export", str(tmp_path / "witness.jsonl"), "--db", str(store)]) == 0
    assert main(["seal", "--db", str(store), "--quiet"]) == 0  # nothing new: appends nothing
    service = ComplianceService.open(str(store))
    service.register_office("35.73.02.1006", name="Kasin", kecamatan="Klojen", actor=ACTOR)
    service.close()
    # Every output goes through storage.outputs: there, the disk is full.
    real_open: Callable[..., Any] = open
    monkeypatch.setattr(
        outputs, "open", lambda *a, **k: FullDisk(real_open(*a, **k)), raising=False
    )
    before = snapshot(tmp_path)
    before.pop("store.db")  # sealing writes the store itself
    capsys.readouterr()

    assert main([w.format(db=store, tmp=tmp_path) for w in argv]) == 3

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"cannot write the {kind} to " in err and "No space left on device" in err
    after = snapshot(tmp_path)
    after.pop("store.db")
    assert {k: v for k, v in after.items() if not k.startswith("store.db-")} == {
        k: v for k, v in before.items() if not k.startswith("store.db-")
    }


ACTOR = Actor(name="Operator", role="admin")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_one_line_not_a_traceback(store: Path) -> None:
    run = "from pelayanan.cli import run; run()"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-c", run, "board", "--db", str(store), "--json", "--quiet"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 3
    assert result.stderr == "pelayanan: cannot write standard output: No space left on device\n"


def test_dead_letters_without_a_name_lists_every_projection(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["projections", "dead-letters", "--db", str(store)]) == 0
    assert capsys.readouterr().out == "no dead letters\n"
    assert main(["projections", "dead-letters", "--db", str(store), "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"
