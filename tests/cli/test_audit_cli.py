# ruff: noqa: F811 - the audit story fixtures are imported by name, so pytest finds them here
"""`pelayanan seal / checkpoints / verify`: exit codes a script can rely on, and messages that
name the broken place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelayanan.cli import main
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ReadModelRunner
from tests.audit.conftest import (  # noqa: F401
    JODIPAN,
    KASI_NIP,
    KASIN,
    Cases,
    Story,
    cases,
    story,
)
from tests.audit.ledger import LedgerApp, ledger_app
from tests.audit.tamper import Tamperer

APP = ["--application", LedgerApp.name]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "store.db")
    app = ledger_app(url)
    ledger = app.open_ledger("A", notes=5)
    app.note(ledger, "later")
    app.close()
    return url


def test_seal_then_verify_exits_0(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seal", "--db", db, *APP, "--every", "3"]) == 0
    assert "sealed 7 events in 3 checkpoint(s) 1..3" in capsys.readouterr().out
    assert main(["verify", "--db", db, *APP]) == 0
    out = capsys.readouterr().out
    assert out.startswith("INTACT") and "7 events in 3 checkpoint(s)" in out


def test_verify_names_the_first_broken_place_and_exits_1(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["seal", "--db", db, *APP])
    tamper = Tamperer(db, LedgerApp.name)
    tamper.change_state(3, b"note 2", b"note X")
    tamper.close()
    capsys.readouterr()
    assert main(["verify", "--db", db, *APP]) == 1
    out = capsys.readouterr().out
    assert "first broken place: notification 3," in out and "version 3" in out
    assert "what broke: event_changed" in out
    assert main(["verify", "--db", db, *APP, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is False
    assert report["problems"][0]["notification_id"] == 3


def test_signed_export_is_a_witness_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key, witness = tmp_path / "sealer.pem", tmp_path / "witness.jsonl"
    assert main(["checkpoints", "keygen", str(key)]) == 0
    public = capsys.readouterr().out.split("public key: ")[1].split()[0]
    assert main(["seal", "--db", db, *APP, "--key", str(key), "--export", str(witness)]) == 0
    args = ["verify", "--db", db, *APP, "--checkpoints", str(witness), "--public-key", public]
    assert main(args) == 0
    assert "witnessed: 1; signatures checked: 1" in capsys.readouterr().out
    assert main(["checkpoints", "export", str(tmp_path / "all.jsonl"), "--db", db, *APP]) == 0
    assert (tmp_path / "all.jsonl").read_text() == witness.read_text()


def test_usage_errors_exit_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seal", "--db", db, "--every", "0"]) == 2
    assert main(["verify", "--db", db, "--public-key", "beef"]) == 2
    assert "64 hex digits" in capsys.readouterr().err


def test_a_missing_store_is_an_error_not_a_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", "--db", str(tmp_path / "none.db")]) == 3
    assert "no event store" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


# ------------------------------------------------------------------ replay, audit, timeline


def test_replay_exits_0_when_views_match_and_1_naming_an_edited_row(
    story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    ReadModelRunner(story.service, default_registry(plugins=False).all()).catch_up()
    assert main(["replay", "--db", story.url]) == 0
    assert "MATCH" in capsys.readouterr().out
    tamper = Tamperer(story.url, "ComplianceService")
    tamper.sql(
        "UPDATE pelayanan_office_board_g1 SET doc = ? WHERE key = ?",
        json.dumps({"forged": True}),
        f"office:{JODIPAN}",
    )
    tamper.close()
    assert main(["replay", "--db", story.url, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(d["projection"], d["key"]) for d in report["differences"]] == [
        ("office_board", f"office:{JODIPAN}")
    ]
    assert main(["replay", "--db", story.url, "--as-of", "2024-04-23T12:00+07:00"]) == 0
    out = capsys.readouterr().out
    assert f"office:{JODIPAN}" in out and f"office:{KASIN}" not in out


def test_audit_decisions_reports_findings_with_exit_1(
    story: Story, cases: Cases, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "decisions", "--db", story.url]) == 1
    out = capsys.readouterr().out
    assert "2 decision(s)" in out and "1 inconsistent" in out
    # Cases are named as people call them, the NIP masked; the flagged one is listed apart.
    masked = "*" * 14 + KASI_NIP[-4:]
    assert f"rule_not_in_force: DisciplinaryCase.Decided of BKPSDM/2024/002 (NIP {masked}, " in out
    assert "1 decision(s) flagged when recorded (consistent)" in out
    assert f"Decided of BKPSDM/2024/001 (NIP {masked}, {JODIPAN}) v" in out
    assert KASI_NIP not in out and str(cases.lighter) not in out


def test_timeline_prints_plain_sentences(
    story: Story, cases: Cases, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timeline", JODIPAN, "--db", story.url]) == 0
    assert "mendaftarkan kantor Jodipan" in capsys.readouterr().out
    assert main(["timeline", str(cases.lighter), "--db", story.url, "--lang", "en"]) == 0
    assert "rule: pp94.attendance@v1" in capsys.readouterr().out
    assert main(["timeline", "NO-SUCH", "--db", story.url]) == 3
