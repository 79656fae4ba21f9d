"""The witness workflow of docs/integrity.md, run as documented, and the sealer's edge cases:
an unwritable export, an export that missed checkpoints, absurd sizes, racing sealers."""

from __future__ import annotations

import re
import shlex
import threading
from pathlib import Path

import pytest

from pelayanan.audit.seal import seal
from pelayanan.audit.store import open_log
from pelayanan.cli import main
from tests.audit.ledger import LedgerApp, ledger_app

DOC = Path(__file__).parents[2] / "docs" / "integrity.md"
APP = ["--application", LedgerApp.name]


def documented_commands() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### The witness workflow", 1)[1]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the witness workflow has no console block"
    return [line.removeprefix("$ ") for line in block.group(1).splitlines() if line]


@pytest.fixture
def store(store_url: str) -> str:
    app = ledger_app(store_url)
    ledger = app.open_ledger("A", notes=5)
    app.note(ledger, "later")
    app.close()
    return store_url


def test_the_documented_witness_workflow_verifies_an_untouched_store(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    public_key = ""
    commands = documented_commands()
    assert len(commands) >= 4
    for command in commands:
        words = shlex.split(command.replace("PUBLIC_KEY", public_key))
        if words[0] == "tail":  # the witness keeping only the latest line
            assert words[1:3] == ["-n", "1"] and words[4] == ">"
            latest = Path(words[3]).read_text(encoding="ascii").splitlines()[-1]
            Path(words[5]).write_text(latest + "\n", encoding="ascii")
            continue
        assert words[0] == "pelayanan"
        args = [store if w == "store.db" else w for w in words[1:]]
        if "--db" in args:
            args += APP
        assert main(args) == 0, (command, capsys.readouterr())
        if args[0] == "seal":  # the sealer runs again after more events: two checkpoints
            app = ledger_app(store)
            app.open_ledger("B", notes=1)
            app.close()
            assert main(args) == 0, (command, capsys.readouterr())
        out = capsys.readouterr().out
        if "keygen" in args:
            public_key = out.split("public key: ")[1].split()[0]
        if args[0] == "verify":
            assert out.startswith("INTACT")
            assert "signatures checked: 2" in out


def test_seal_refuses_an_unwritable_export_before_sealing(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-dir" / "witness.jsonl"
    assert main(["seal", "--db", store, *APP, "--export", str(target)]) == 2
    err = capsys.readouterr().err
    assert "--export" in err and "Traceback" not in err
    log = open_log(store, application=LedgerApp.name)
    try:
        assert log.checkpoints() == []  # nothing was sealed
    finally:
        log.close()


def test_an_export_appends_every_checkpoint_the_file_lacks(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    witness = tmp_path / "witness.jsonl"
    assert main(["seal", "--db", store, *APP, "--every", "2"]) == 0  # no export: 4 checkpoints
    assert main(["seal", "--db", store, *APP, "--export", str(witness)]) == 0
    assert "appended 4 earlier checkpoint(s)" in capsys.readouterr().out
    assert len(witness.read_text(encoding="ascii").splitlines()) == 4
    assert main(["seal", "--db", store, *APP, "--export", str(witness)]) == 0
    assert len(witness.read_text(encoding="ascii").splitlines()) == 4  # nothing twice
    assert main(["verify", "--db", store, *APP, "--checkpoints", str(witness)]) == 0


@pytest.mark.parametrize("every", ["99999999999999999999", "10000001", "0", "many"])
def test_an_absurd_checkpoint_size_is_a_usage_error(
    store: str, every: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seal", "--db", store, *APP, "--every", every]) == 2
    err = capsys.readouterr().err
    assert "--every" in err and "Traceback" not in err


def test_a_public_key_alone_says_what_it_cannot_detect(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "sealer.pem"
    assert main(["checkpoints", "keygen", str(key)]) == 0
    public = capsys.readouterr().out.split("public key: ")[1].split()[0]
    assert main(["seal", "--db", store, *APP, "--key", str(key)]) == 0
    capsys.readouterr()
    assert main(["verify", "--db", store, *APP, "--public-key", public]) == 0
    out = capsys.readouterr().out
    assert "not checked: no witness file" in out
    assert "cut back to an earlier signed checkpoint cannot be detected" in out


def test_two_sealers_racing_on_a_fresh_store_seal_once(store: str) -> None:
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        log = open_log(store, read_only=False, application=LedgerApp.name)
        try:
            barrier.wait()
            results.append(len(seal(log, every=3).checkpoints))
        except Exception as exc:  # the point: no raw driver error
            results.append(exc)
        finally:
            log.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Each checkpoint is its own transaction: the two may share the work, never repeat it.
    assert all(type(r) is int for r in results) and sum(results) == 3, results  # type: ignore[misc,arg-type]
    assert main(["verify", "--db", store, *APP]) == 0
