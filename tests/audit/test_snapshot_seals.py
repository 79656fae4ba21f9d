"""Snapshots vouched for by checkpoints (docs/integrity.md, section 7).

The sealer rebuilds each new snapshot from its events before a checkpoint vouches for it and
refuses one that differs; verify compares a vouched snapshot's bytes with its sealed leaf and
rebuilds only the snapshots no checkpoint vouches for, from their aggregate's latest vouched
one. Format 1 checkpoints (sealed before this) still read and verify, their snapshots rebuilt.
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
from pelayanan.audit.seal import SnapshotMismatch, seal
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


def _seal(url: str, rebuild: SnapshotRebuild | None) -> None:
    log = open_log(url, read_only=False, application="LedgerApp")
    try:
        seal(log, every=4, snapshots=rebuild)
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


def test_the_sealer_refuses_a_snapshot_that_differs_and_seals_nothing_of_its_range(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, _ = ledger
    tamper = Tamperer(store_url, "LedgerApp")
    table = "stored_snapshots" if tamper.sqlite else "ledgerapp_snapshots"
    [(state,)] = tamper.sql(f"SELECT state FROM {table}")
    tamper.sql(f"UPDATE {table} SET state = ?", bytes(state).replace(b'"A"', b'"Z"'))
    with pytest.raises(SnapshotMismatch, match=r"cannot seal: .*version 5.*title"):
        _seal(store_url, snapshot_check(app))
    # Checkpoint 1 (events 1-4) was sealed; the one that would vouch for v5 was not.
    assert tamper.sql("SELECT MAX(last_notification_id) FROM pelayanan_checkpoints") == [(4,)]
    tamper.close()
    report = _verify(store_url, snapshot_check(app))
    assert report.first_problem is not None and report.first_problem.kind == "snapshot_changed"


def test_the_sealer_refuses_to_rebuild_from_a_vouched_snapshot_changed_since(
    store_url: str, ledger: tuple[SnapshottingLedgerApp, UUID]
) -> None:
    app, a = ledger
    _seal(store_url, snapshot_check(app))  # vouches for v5
    for n in range(5):
        app.note(a, f"more {n}")  # a snapshot at v10, to be rebuilt from v5
    tamper = Tamperer(store_url, "LedgerApp")
    table = "stored_snapshots" if tamper.sqlite else "ledgerapp_snapshots"
    [(state,)] = tamper.sql(f"SELECT state FROM {table} WHERE originator_version = 5")
    tamper.sql(
        f"UPDATE {table} SET state = ? WHERE originator_version = 5",
        bytes(state).replace(b'"A"', b'"Z"'),
    )
    tamper.close()
    with pytest.raises(SnapshotMismatch, match="version 5 was changed after a checkpoint"):
        _seal(store_url, snapshot_check(app))


@pytest.fixture
def offices_snapshotted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ComplianceService.snapshotting_intervals, Office, 2)


def _office_store(url: str, clerk: Actor) -> None:
    service = ComplianceService.open(url)
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.assign_staff(JODIPAN, nip=LURAH_NIP, name="Pak Lurah", role="lurah", actor=clerk)
    service.close()


def test_pelayanan_seal_refuses_an_edited_snapshot_in_one_line(
    store_url: str, offices_snapshotted: None, clerk: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    _office_store(store_url, clerk)
    tamper = Tamperer(store_url, "ComplianceService")
    table = "stored_snapshots" if tamper.sqlite else "complianceservice_snapshots"
    [(state,)] = tamper.sql(f"SELECT state FROM {table}")
    tamper.sql(f"UPDATE {table} SET state = ?", bytes(state).replace(b"Jodipan", b"Jodipxn"))
    assert main(["seal", "--db", store_url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot seal" in err and "name" in err
    tamper.close()
    log = open_log(store_url)
    try:
        assert log.checkpoints() == []  # the whole seal rolled back
    finally:
        log.close()
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
    assert main(["verify", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "not a readable SQLite database" in err and "Traceback" not in err
    assert err.count("\n") == 1, err
