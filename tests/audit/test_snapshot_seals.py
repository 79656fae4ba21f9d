"""Snapshots vouched for by checkpoints (docs/integrity.md, section 7).

The sealer rebuilds each new snapshot from its events before a checkpoint vouches for it and
refuses to vouch for one that differs (sealing the events all the same, and saying so); verify
compares a vouched snapshot's bytes with its sealed leaf and rebuilds only the snapshots no
checkpoint vouches for, from their aggregate's latest vouched one. Format 1 checkpoints (sealed
before this) still read and verify, their snapshots rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from pelayanan.audit.checkpoints import FORMAT, FORMAT_V1, Checkpoint
from pelayanan.audit.seal import SealResult, seal
from pelayanan.audit.snapshots import snapshot_check
from pelayanan.audit.store import EventReader, open_log
from pelayanan.audit.verify import Problem, SnapshotRebuild, SnapshotTask, VerifyReport, verify
from pelayanan.cli import main
from pelayanan.domain.office import Office
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService
from pelayanan.storage.settings import parse_location
from tests.audit.conftest import JODIPAN, KASI_NIP, LURAH_NIP
from tests.audit.tamper import Tamperer
from tests.audit.test_threats import SnapshottingLedgerApp
from tests.cli.test_lazy import HEAVY, modules_after, run_cli

OTHER_NIP = "199003032010011003"
V1_STORE = Path(__file__).parents[1] / "fixtures" / "v1_store.db"


class Spy:
    """A rebuild that records what it was asked to rebuild, from where."""

    def __init__(self, rebuild: SnapshotRebuild) -> None:
        self.rebuild = rebuild
        self.asked: list[tuple[int | None, list[int]]] = []  # (base version, versions)

    def __call__(self, reader: EventReader, tasks: Sequence[SnapshotTask]) -> Iterator[Problem]:
        for _, base, rows in tasks:
            self.asked.append((None if base is None else base[1], [row[1] for row in rows]))
        return self.rebuild(reader, tasks)


@pytest.fixture
def ledger(store_url: str) -> Iterator[tuple[SnapshottingLedgerApp, UUID]]:
    app = SnapshottingLedgerApp(parse_location(store_url).env)
    a = app.open_ledger("A", notes=4)  # v1-5: a snapshot at v5
    yield app, a
    app.close()


def _seal(url: str, rebuild: SnapshotRebuild | None) -> SealResult:
    log = open_log(url, read_only=False, application="LedgerApp")
    try:
        return seal(log, every=4, snapshots=rebuild)
    finally:
        log.close()


def _verify(url: str, rebuild: SnapshotRebuild | None, **options: Any) -> VerifyReport:
    log = open_log(url, application="LedgerApp")
    try:
        return verify(log, application="LedgerApp", snapshots=rebuild, **options)
    finally:
        log.close()


def test_verify_rebuilds_only_what_no_checkpoint_vouches_for_from_the_last_vouched_one(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, a = ledger
    _seal(store_url, snapshot_check(app))  # vouches for v5
    for n in range(5):
        app.note(a, f"more {n}")  # v6-10: a snapshot at v10, not sealed
    spy = Spy(snapshot_check(app))
    report = _verify(store_url, spy)
    assert report.intact, report.problems
    assert (report.snapshots_sealed, report.snapshots_rebuilt) == (1, 1)
    assert spy.asked == [(5, [10])]  # from the vouched snapshot, not from the first event

    _seal(store_url, snapshot_check(app))  # now vouches for v10 too
    spy = Spy(snapshot_check(app))
    report = _verify(store_url, spy)
    assert (report.snapshots_sealed, report.snapshots_rebuilt, spy.asked) == (2, 0, [])

    spy = Spy(snapshot_check(app))
    report = _verify(store_url, spy, rebuild_snapshots=True)  # the auditor's full check
    assert report.intact and (report.snapshots_sealed, report.snapshots_rebuilt) == (0, 2)
    assert spy.asked == [(None, [5, 10])]


def test_without_the_domain_code_unvouched_snapshots_are_a_stated_limit(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, _ = ledger
    _seal(store_url, None)  # a sealer without the application vouches for nothing
    report = _verify(store_url, None)
    assert report.intact and report.snapshots_checked == 0
    assert any("1 snapshot(s) that no checkpoint vouches for" in limit for limit in report.limits)
    assert _verify(store_url, snapshot_check(app)).snapshots_rebuilt == 1


def _plant_wrong_snapshot(url: str, version: int = 5) -> None:
    tamper = Tamperer(url, "LedgerApp")
    table = "stored_snapshots" if tamper.sqlite else "ledgerapp_snapshots"
    statement = f"SELECT state FROM {table} WHERE originator_version = ?"
    [(state,)] = tamper.sql(statement, version)
    tamper.sql(
        f"UPDATE {table} SET state = ? WHERE originator_version = ?",
        bytes(state).replace(b'"A"', b'"Z"'),
        version,
    )
    tamper.close()


def _sealed_up_to(url: str) -> int:
    log = open_log(url, application="LedgerApp")
    try:
        return log.checkpoints()[-1].checkpoint.last_notification_id
    finally:
        log.close()


def test_a_snapshot_that_differs_is_not_vouched_for_and_its_events_are_sealed_all_the_same(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, a = ledger
    _plant_wrong_snapshot(store_url)
    result = _seal(store_url, snapshot_check(app))
    assert [s.checkpoint.last_notification_id for s in result.checkpoints] == [4, 5]
    assert [s.checkpoint.snapshots_count for s in result.checkpoints] == [0, 0]
    [refused] = result.refused
    assert (refused.kind, refused.version) == ("snapshot_changed", 5)
    assert "title" in refused.message
    # Still a finding for verify, which rebuilds what no checkpoint vouches for.
    report = _verify(store_url, snapshot_check(app))
    assert [(p.kind, p.version) for p in report.problems] == [("snapshot_changed", 5)]
    # Each later seal that writes a checkpoint looks at it again, until it is mended.
    app.note(a, "later")
    again = _seal(store_url, snapshot_check(app))
    assert len(again.checkpoints) == 1 and [p.version for p in again.refused] == [5]


def test_a_wrong_snapshot_planted_before_sealing_leaves_the_events_protected(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    """The attack the refusal used to allow: one wrong cache row stopping every later seal."""
    app, a = ledger
    _plant_wrong_snapshot(store_url)
    for n in range(3):
        app.note(a, f"later {n}")  # notifications 6-8, sealed despite the wrong snapshot
    assert _seal(store_url, snapshot_check(app)).refused
    assert _sealed_up_to(store_url) == 8
    tamper = Tamperer(store_url, "LedgerApp")
    edited = tamper.notification_of(a, 7)
    tamper.change_state(edited, b"later 1", b"LATER 1")
    tamper.close()
    report = _verify(store_url, snapshot_check(app))
    assert ("event_changed", edited) in {(p.kind, p.notification_id) for p in report.problems}


def test_a_malformed_snapshot_row_is_refused_and_named(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, _ = ledger
    tamper = Tamperer(store_url, "LedgerApp")
    table = "stored_snapshots" if tamper.sqlite else "ledgerapp_snapshots"
    # SQLite stores a blob topic as a blob; PostgreSQL's text column, the text of its bits.
    tamper.sql(f"UPDATE {table} SET topic = X'00ff'")
    tamper.close()
    result = _seal(store_url, snapshot_check(app))
    assert _sealed_up_to(store_url) == 5
    [refused] = result.refused
    assert (refused.kind, refused.version) == ("snapshot_malformed", 5)
    report = _verify(store_url, snapshot_check(app))
    assert [(p.kind, p.version) for p in report.problems] == [("snapshot_malformed", 5)]


def test_a_vouched_snapshot_changed_since_vouches_for_none_after_it(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, a = ledger
    _seal(store_url, snapshot_check(app))  # vouches for v5
    for n in range(5):
        app.note(a, f"more {n}")  # a snapshot at v10, to be rebuilt from v5
    _plant_wrong_snapshot(store_url, 5)
    spy = Spy(snapshot_check(app))
    result = _seal(store_url, spy)
    assert _sealed_up_to(store_url) == 10 and spy.asked == []  # nothing rebuilt from v5
    [refused] = result.refused
    assert (refused.kind, refused.version) == ("snapshot_unverifiable", 10)
    assert "version 5, which was changed after a checkpoint vouched for it" in refused.message
    assert [s.checkpoint.snapshots_count for s in result.checkpoints] == [0, 0]
    # verify names the changed one; v10, unvouched, it rebuilds from the first event: equal.
    report = _verify(store_url, snapshot_check(app))
    assert [(p.kind, p.version) for p in report.problems] == [("snapshot_changed", 5)]
    assert report.snapshots_rebuilt == 1


@pytest.fixture
def offices_snapshotted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ComplianceService.snapshotting_intervals, Office, 2)


def _office_store(url: str, clerk: Actor) -> None:
    service = ComplianceService.open(url)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.assign_staff(JODIPAN, nip=LURAH_NIP, name="Pak Lurah", role="lurah", actor=clerk)
    service.close()


def test_pelayanan_seal_seals_the_events_and_names_an_edited_snapshot_in_one_line(
    store_url: str, offices_snapshotted: None, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    _office_store(store_url, clerk)
    tamper = Tamperer(store_url, "ComplianceService")
    table = "stored_snapshots" if tamper.sqlite else "complianceservice_snapshots"
    [(state,)] = tamper.sql(f"SELECT state FROM {table}")
    tamper.sql(f"UPDATE {table} SET state = ?", bytes(state).replace(b"Jodipan", b"Jodipxn"))
    tamper.close()
    assert main(["seal", "--db", store_url]) == 1  # a finding, after writing the checkpoint
    out, err = capsys.readouterr()
    assert out.startswith("sealed 2 events in 1 checkpoint(s)")
    assert err.count("\n") == 1 and err.startswith("not vouched for: snapshot of aggregate")
    assert "version 2" in err and "(fields: name)" in err and "Traceback" not in err
    assert main(["seal", "--db", store_url, "--json"]) == 0  # nothing new: nothing looked at
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and err == ""
    assert main(["verify", "--db", store_url]) == 1
    assert "what broke: snapshot_changed" in capsys.readouterr().out


def test_pelayanan_seal_vouches_and_verify_then_rebuilds_nothing(
    store_url: str, offices_snapshotted: None, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    _office_store(store_url, clerk)
    assert main(["seal", "--db", store_url]) == 0
    capsys.readouterr()
    assert main(["verify", "--db", store_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["snapshots_sealed"], report["snapshots_rebuilt"]) == (1, 0)
    assert main(["verify", "--db", store_url, "--rebuild-snapshots", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["snapshots_sealed"], report["snapshots_rebuilt"]) == (0, 1)
    log = open_log(store_url)
    try:
        assert {s.checkpoint.format for s in log.checkpoints()} == {FORMAT}
    finally:
        log.close()


def test_verify_of_a_store_whose_snapshots_are_all_vouched_imports_no_domain_code(
    tmp_path: Path, offices_snapshotted: None, clerk: Actor
) -> None:
    """The default verify of a sealed store is hashing only (docs/performance.md)."""
    store = str(tmp_path / "year.db")
    _office_store(store, clerk)
    assert main(["seal", "--db", store]) == 0
    loaded = modules_after(run_cli("verify", "--db", store))
    assert "pelayanan.audit.verify" in loaded
    heavy = set(HEAVY) - {"pelayanan.audit"}  # the package itself, which imports on first use
    heavy |= {"eventsourcing.persistence", "pelayanan.audit.snapshots"}
    assert loaded & heavy == set()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_verify_of_vouched_and_unvouched_snapshots_never_writes(
    tmp_path: Path, offices_snapshotted: None, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store.db"
    _office_store(str(path), clerk)
    assert main(["seal", "--db", str(path)]) == 0
    capsys.readouterr()
    service = ComplianceService.open(str(path))  # a second snapshot, not sealed
    service.assign_staff(JODIPAN, nip=KASI_NIP, name="Bu Kasi", role="kasi", actor=clerk)
    service.assign_staff(JODIPAN, nip=OTHER_NIP, name="Pak Staf", role="kasi", actor=clerk)
    service.close()
    path.chmod(0o444)
    before = {p.name: _sha256(p) for p in tmp_path.iterdir()}
    for extra in ([], ["--rebuild-snapshots"]):
        assert main(["verify", "--db", str(path), "--json", *extra]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["snapshots_checked"] == 2, report
    assert {p.name: _sha256(p) for p in tmp_path.iterdir()} == before


# --------------------------------------------------------------------------- format 1


def test_a_format_1_checkpoint_hashes_and_reads_as_it_was_sealed(tmp_path: Path) -> None:
    copy = tmp_path / "v1.db"
    shutil.copy(V1_STORE, copy)
    log = open_log(str(copy))
    try:
        rows = log.checkpoint_rows()
        checkpoints = log.checkpoints()
    finally:
        log.close()
    assert checkpoints and {s.checkpoint.format for s in checkpoints} == {FORMAT_V1}
    for (_, body, hash_, _, _), sealed in zip(rows, checkpoints, strict=True):
        assert sealed.checkpoint.canonical().decode() == body  # byte for byte
        assert sealed.checkpoint.hash() == hash_
        assert sealed.checkpoint.snapshots_root is None
        assert Checkpoint.from_body(json.loads(body)) == sealed.checkpoint


def test_the_v1_store_verifies_and_its_next_seal_vouches_for_its_snapshots(
    tmp_path: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "v1.db"
    shutil.copy(V1_STORE, copy)
    assert main(["verify", "--db", str(copy), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["snapshots_sealed"] == 0 and before["snapshots_rebuilt"] >= 1
    service = ComplianceService.open(str(copy))
    service.register_office("35.73.05.1001", name="Baru", kecamatan="Lowokwaru", actor=clerk)
    service.close()
    assert main(["seal", "--db", str(copy)]) == 0
    capsys.readouterr()
    assert main(["verify", "--db", str(copy), "--json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert (after["snapshots_sealed"], after["snapshots_rebuilt"]) == (
        before["snapshots_rebuilt"],
        0,
    )
    log = open_log(str(copy))
    try:
        formats = [s.checkpoint.format for s in log.checkpoints()]
    finally:
        log.close()
    assert formats == [FORMAT_V1] * (len(formats) - 1) + [FORMAT]


# --------------------------------------------------------------------------- a damaged file


def test_a_damaged_page_of_the_event_table_is_one_line_not_a_traceback(
    tmp_path: Path, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    """verify does not read the whole file first (SQLite's quick_check): the scan reads every
    row it checks, and a page it cannot read is named where it is met."""
    import sqlite3

    path = tmp_path / "store.db"
    service = ComplianceService.open(str(path))
    for n in range(40):
        service.register_office(
            f"35.73.0{1 + n % 5}.{1001 + n}", name=f"Kantor {n}", kecamatan="Klojen", actor=clerk
        )
    service.close()
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        [(root,)] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='stored_events'")
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)
    assert main(["verify", "--db", str(path)]) == 3  # could not read the store
    err = capsys.readouterr().err
    assert "not a readable SQLite database" in err and "Traceback" not in err
    assert err.count("\n") == 1, err
