# ruff: noqa: F811 - the audit story fixtures are imported by name, so pytest finds them here
"""docs/cli.md's exit code table is what the command does: every example in the table is run,
and every scenario here is in the table."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pelayanan.cli import audit as audit_commands
from pelayanan.cli import build_parser, main
from pelayanan.domain.values import WIB, Actor
from tests.audit.conftest import (  # noqa: F401
    JODIPAN,
    KASI_NIP,
    Cases,
    Story,
    _case,
    cases,
    story,
)
from tests.audit.tamper import Tamperer

ROOT = Path(__file__).resolve().parent.parent.parent


def documented() -> dict[str, int]:
    """Each example of docs/cli.md's exit code table -> its documented code."""
    text = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    table = text.split("## Exit codes", 1)[1].split("\n\n", 2)[1]
    examples: dict[str, int] = {}
    for row in table.splitlines()[2:]:
        code, _, example = (cell.strip() for cell in row.strip("|").split(" | "))
        for each in example.split("; "):
            examples[each] = int(code)
    return examples


def _flagged_only(story: Story, tmp_path: Path, clerk: Actor) -> list[str]:
    service, clock = story.service, story.clock
    clock.set(datetime(2024, 4, 29, 9, 0, tzinfo=WIB))
    case = _case(story, "BKPSDM/2024/001", clerk)
    clock.set(datetime(2024, 5, 3, 10, 0, tzinfo=WIB))
    service.receive_clarification(case, statement="panitia pernikahan", actor=clerk)
    service.record_examination(
        case, bap_reference="BAP", signed_by_subject=True, examiners="atasan", actor=clerk
    )
    service.decide_case(
        case,
        outcome="punishment",
        punishment="teguran_lisan",  # 5 days absent require a teguran tertulis: flagged
        reason="ringan",
        decided_by=clerk,
    )
    return ["audit", "decisions", "--db", story.url]


def _changed(story: Story, tmp_path: Path, clerk: Actor) -> list[str]:
    assert main(["seal", "--db", story.url]) == 0
    tamper = Tamperer(story.url, "ComplianceService")
    tamper.change_state(1, b"Jodipan", b"Jodipun")
    tamper.close()
    return ["verify", "--db", story.url]


def _interrupted(
    story: Story, tmp_path: Path, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    def interrupt(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(audit_commands, "verify", interrupt)
    return ["verify", "--db", story.url]


def _not_a_store(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("not a database, a shopping list\n" * 20, encoding="utf-8")
    return path


Scenario = Callable[..., list[str]]
SCENARIOS: dict[str, Scenario] = {
    "`verify` of an intact store": lambda story, tmp_path, clerk: ["verify", "--db", story.url],
    "`audit decisions` with decisions flagged when recorded": _flagged_only,
    "`verify` of a changed store": _changed,
    "`audit decisions` with an inconsistent decision": lambda story, tmp_path, clerk: [
        "audit",
        "decisions",
        "--db",
        story.url,
    ],
    "`timeline` of a name nobody recorded": lambda story, tmp_path, clerk: [
        "timeline",
        "BKPSDM/800/2024/ABS-9999",
        "--db",
        story.url,
    ],
    "`report --today 2024-02-30`": lambda story, tmp_path, clerk: [
        "report",
        "--today",
        "2024-02-30",
        "--db",
        story.url,
    ],
    '`verify --db ""`': lambda story, tmp_path, clerk: ["verify", "--db", ""],
    "`report --report` to a missing folder": lambda story, tmp_path, clerk: [
        "report",
        "--report",
        str(tmp_path / "missing" / "r.html"),
        "--db",
        story.url,
    ],
    "Ctrl-C": _interrupted,
    "`verify` of a store that does not exist": lambda story, tmp_path, clerk: [
        "verify",
        "--db",
        str(tmp_path / "none.db"),
    ],
    "`audit decisions` of a file that is not a store": lambda story, tmp_path, clerk: [
        "audit",
        "decisions",
        "--db",
        str(_not_a_store(tmp_path)),
    ],
}


CONSISTENT = {
    "`verify` of an intact store",
    "`audit decisions` with decisions flagged when recorded",
}
"""Run on the story alone; the others on the story with ``cases`` (a decision citing a rule
version that was not in force: inconsistent)."""


def test_every_scenario_is_documented_and_every_example_has_a_scenario() -> None:
    assert set(documented()) == set(SCENARIOS)
    assert set(documented().values()) == {0, 1, 2, 3, 130}
    assert set(SCENARIOS) > CONSISTENT


def _run(example: str, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == documented()[example], err
    assert "Traceback" not in err
    if code != 0:
        assert len(err.strip().splitlines()) == 1 or argv[0] in ("verify", "audit"), err
    return out


@pytest.mark.parametrize("example", sorted(set(SCENARIOS) - CONSISTENT))
def test_the_documented_exit_code_is_the_exit_code(
    example: str,
    story: Story,
    cases: Cases,
    tmp_path: Path,
    clerk: Actor,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario = SCENARIOS[example]
    extra = {"monkeypatch": monkeypatch} if scenario is _interrupted else {}
    _run(example, scenario(story, tmp_path, clerk, **extra), capsys)


@pytest.mark.parametrize("example", sorted(CONSISTENT))
def test_the_documented_exit_code_of_a_consistent_store(
    example: str, story: Story, tmp_path: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = SCENARIOS[example](story, tmp_path, clerk)
    out = _run(example, argv, capsys)
    if argv[0] == "audit":
        assert "all consistent" in out and "1 decision(s) flagged when recorded" in out
        assert main([*argv, "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["clean"] is True and report["findings"] == []
        (flagged,) = report["flagged_at_recording"]
        assert flagged["kind"] == "flagged_at_recording"
        assert flagged["record"] == f"BKPSDM/2024/001 (NIP {'*' * 14}{KASI_NIP[-4:]}, {JODIPAN})"


# --------------------------------------------------------------------------- could not run

STORE_COMMANDS: dict[str, list[str]] = {
    "demo": ["demo", "--scale", "0.001", "--report", "{tmp}/r.html"],
    "report": ["report", "--report", "{tmp}/r.html"],
    "projections status": ["projections", "status"],
    "projections catch-up": ["projections", "catch-up"],
    "projections rebuild": ["projections", "rebuild", "office_board"],
    "projections dead-letters": ["projections", "dead-letters"],
    "projections follow": ["projections", "follow"],
    "board": ["board"],
    "register": ["register"],
    "complaints": ["complaints"],
    "seal": ["seal"],
    "checkpoints export": ["checkpoints", "export", "{tmp}/witness.jsonl"],
    "verify": ["verify"],
    "replay": ["replay"],
    "audit decisions": ["audit", "decisions"],
    "timeline": ["timeline", "35.73.01.1011"],
    "settings show": ["settings", "show"],
    "settings apply": ["settings", "apply", "--config", "{tmp}/city.toml"],
    "users add": ["users", "add", "ana", "--role", "admin", "--password-stdin"],
    "users position": ["users", "position", "ana", "sekda"],
    "users list": ["users", "list"],
    "users grant": ["users", "grant", "ana", "admin"],
    "users revoke": ["users", "revoke", "ana", "admin"],
    "users disable": ["users", "disable", "ana", "--reason", "cuti"],
    "users enable": ["users", "enable", "ana"],
    "users password": ["users", "password", "ana", "--password-stdin"],
    "users token": ["users", "token", "ana", "--label", "cron"],
    "users revoke-token": ["users", "revoke-token", "ana", "t1"],
    "serve": ["serve", "--port", "9"],
}
"""A command line for every command that takes ``--db``."""

CREATES = {"demo", "users add"}
"""Commands that build a store where there is none (the demo's year, the first account)."""


def _store_commands() -> set[str]:
    """Every command of the parser tree that takes ``--db``, by its words."""

    def leaves(parser: argparse.ArgumentParser, words: str) -> Iterator[str]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            if any("--db" in a.option_strings for a in parser._actions):
                yield words
            return
        for sub in subs:
            for name, child in sub.choices.items():
                yield from leaves(child, f"{words} {name}".strip())

    return set(leaves(build_parser(), ""))


def test_every_command_that_takes_a_store_is_checked_here() -> None:
    assert set(STORE_COMMANDS) == _store_commands()


def _could_not_run(
    command: str, db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    (tmp_path / "city.toml").write_text(
        '[change]\ndecree = "Perwal 1/2024"\nby = "Kepala BKPSDM"\n', encoding="utf-8"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("a password long enough\n"))
    argv = [w.replace("{tmp}", str(tmp_path)) for w in STORE_COMMANDS[command]]
    code = main([*argv, "--db", db])
    out, err = capsys.readouterr()
    assert code == 3, (command, err)
    assert out == "" and err.startswith("pelayanan") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def no_store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """Where no store is, and what the one line says: a SQLite file that is not there, a
    PostgreSQL database that does not exist."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db"), "no event store"
    url: str = request.getfixturevalue("postgres_url")
    missing = url.rsplit("/", 1)[0] + "/no_such_store?connect_timeout=1"
    return missing, 'database "no_such_store" does not exist'


@pytest.mark.parametrize("command", sorted(set(STORE_COMMANDS) - CREATES))
def test_a_store_that_does_not_exist_could_not_be_read(
    command: str,
    no_store: tuple[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, says = no_store
    assert says in _could_not_run(command, db, tmp_path, capsys, monkeypatch)
    if db.endswith(".db"):  # nothing was created: the same command still finds no store
        assert says in _could_not_run(command, db, tmp_path, capsys, monkeypatch)


@pytest.mark.parametrize("command", sorted(STORE_COMMANDS))
def test_a_file_that_is_not_a_store_could_not_be_read(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _not_a_store(tmp_path)
    before = path.read_bytes()
    err = _could_not_run(command, str(path), tmp_path, capsys, monkeypatch)
    assert "is not a SQLite database" in err
    assert path.read_bytes() == before
