# ruff: noqa: F811 - the audit story fixtures are imported by name, so pytest finds them here
"""docs/cli.md's exit code table is what the command does: every example in the table is run,
and every scenario here is in the table."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from pelayanan.cli import audit as audit_commands
from pelayanan.cli import main
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
}


CONSISTENT = {
    "`verify` of an intact store",
    "`audit decisions` with decisions flagged when recorded",
}
"""Run on the story alone; the others on the story with ``cases`` (a decision citing a rule
version that was not in force: inconsistent)."""


def test_every_scenario_is_documented_and_every_example_has_a_scenario() -> None:
    assert set(documented()) == set(SCENARIOS)
    assert set(documented().values()) == {0, 1, 2, 130}
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
