"""Checking never writes: every checking command leaves the store byte for byte as it was.

On SQLite the file is made read-only (mode 0444; the tests may run as root, whom that does not
stop, so the bytes are what is checked: the file and its ``-wal``/``-shm``/``-journal``). On
PostgreSQL the commands connect as a role granted only ``SELECT``, and every table's contents
are compared before and after.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pelayanan.audit import open_log, seal
from pelayanan.audit.snapshots import snapshot_check
from pelayanan.cli import main
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ReadModelRunner
from pelayanan.service import ComplianceService
from pelayanan.storage.settings import parse_location
from tests.audit.conftest import JODIPAN, Story

Snapshot = Callable[[], dict[str, Any]]


def _sqlite_snapshot(path: Path) -> Snapshot:
    def snapshot() -> dict[str, Any]:
        found: dict[str, Any] = {}
        for suffix in ("", "-wal", "-shm", "-journal"):
            part = Path(f"{path}{suffix}")
            found[suffix or "db"] = (
                hashlib.sha256(part.read_bytes()).hexdigest() if part.exists() else None
            )
        return found

    return snapshot


def _postgres_snapshot(url: str) -> Snapshot:
    import psycopg

    def snapshot() -> dict[str, Any]:
        with psycopg.connect(url, autocommit=True) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' ORDER BY table_name"
                ).fetchall()
            ]
            digest = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            return {
                table: conn.execute(f'SELECT count(*), {digest} FROM "{table}" t').fetchone()
                for table in tables
            }

    return snapshot


def _select_only_role(url: str) -> str:
    """A new role that may connect and SELECT, nothing else; returns its URL."""
    import psycopg

    role = f"auditor_{uuid.uuid4().hex[:8]}"
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f'GRANT CONNECT ON DATABASE "{dbname}" TO {role}')
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    return url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


def _read_only(story: Story) -> tuple[str, Snapshot]:
    """Close the story's service; return a read-only ``--db`` and a snapshot of the store."""
    story.service.close()
    location = parse_location(story.url)
    if location.is_sqlite:
        path = Path(location.env["SQLITE_DBNAME"])
        path.chmod(0o444)
        return story.url, _sqlite_snapshot(path)
    return _select_only_role(story.url), _postgres_snapshot(story.url)


def _caught_up_and_sealed(story: Story) -> None:
    ReadModelRunner(story.service, default_registry().all()).catch_up()
    log = open_log(story.url, read_only=False)
    try:
        seal(log, snapshots=snapshot_check(story.service))
    finally:
        log.close()


def _checks(db: str, tmp_path: Path) -> list[tuple[list[str], int]]:
    """Every checking command, with the exit code it gives on the story's intact store."""
    return [
        (["verify", "--db", db], 0),
        (["verify", "--db", db, "--rebuild-snapshots"], 0),
        (["replay", "--db", db], 0),
        (["replay", "--db", db, "--as-of", "2024-04-24T12:00+07:00"], 0),
        (["audit", "decisions", "--db", db], 0),
        (["timeline", JODIPAN, "--db", db], 0),
        (["timeline", JODIPAN, "--db", db, "--lang", "en", "--json"], 0),
        (["board", "--db", db, "--today", "2024-04-30"], 0),
        (["board", "--db", db, "--today", "2024-04-30", "--kecamatan"], 0),
        (["report", "--db", db, "--report", str(tmp_path / "report.html")], 0),
        (["projections", "status", "--db", db], 0),
    ]


@pytest.fixture
def sealed_read_only(story: Story, tmp_path: Path) -> Iterator[tuple[str, Snapshot]]:
    _caught_up_and_sealed(story)
    yield _read_only(story)


def test_checking_commands_leave_the_store_unchanged(
    sealed_read_only: tuple[str, Snapshot],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, snapshot = sealed_read_only
    before = snapshot()
    for argv, expected in _checks(db, tmp_path):
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == expected, (argv, out, err)
        assert "Traceback" not in err
        assert snapshot() == before, f"{argv} changed the store"
    assert (tmp_path / "report.html").exists()


def test_board_and_report_of_views_behind_the_log_compute_them_without_writing(
    story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ReadModelRunner(story.service, default_registry().all()).catch_up(until=2)
    db, snapshot = _read_only(story)
    before = snapshot()
    assert main(["board", "--db", db, "--today", "2024-04-30", "--json"]) == 0
    out, err = capsys.readouterr()
    assert "behind the log" in err and "store untouched" in err
    assert '"35.73.02.1006"' in out  # Kasin, recorded after position 2: computed, not stale
    assert main(["report", "--db", db, "--report", str(tmp_path / "r.html")]) == 0
    assert main(["replay", "--db", db]) == 0  # behind is not different
    assert snapshot() == before


def test_views_never_built_are_computed_or_named_never_written(
    story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, snapshot = _read_only(story)
    before = snapshot()
    assert main(["board", "--db", db, "--today", "2024-04-30"]) == 0
    assert "never built" in capsys.readouterr().err
    assert main(["board", "--db", db, "--no-catch-up"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("pelayanan: view office_board was never built") and err.count("\n") == 1
    assert main(["projections", "status", "--db", db]) == 0
    assert main(["replay", "--db", db]) == 0  # nothing built, nothing different: only behind
    assert "4 event(s) behind the log" in capsys.readouterr().out
    assert main(["verify", "--db", db]) == 0  # intact, though never sealed (it says so)
    assert snapshot() == before


def test_a_read_only_service_refuses_to_catch_up(sealed_read_only: tuple[str, Snapshot]) -> None:
    from pelayanan.projections.api import ReadModelError

    db, snapshot = sealed_read_only
    before = snapshot()
    service = ComplianceService.open(db, read_only=True)
    try:
        with pytest.raises(ReadModelError, match="opened read-only"):
            ReadModelRunner(service, default_registry().all()).catch_up()
    finally:
        service.close()
    assert snapshot() == before


def test_a_store_in_use_is_read_through_sqlite_locks_and_left_as_it_was(
    tmp_path: Path, clerk: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer has the file open (its -wal is there): readers share it, change nothing."""
    path = tmp_path / "live.db"
    writer = ComplianceService.open(str(path))
    try:
        writer.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        assert Path(f"{path}-wal").exists()
        snapshot = _sqlite_snapshot(path)
        before = snapshot()
        for argv, _ in _checks(str(path), tmp_path):
            main(argv)
            assert "Traceback" not in capsys.readouterr().err
            after = snapshot()
            assert (after["db"], after["-wal"]) == (before["db"], before["-wal"]), argv
    finally:
        writer.close()


def test_a_closed_wal_store_gets_no_wal_or_shm_file(tmp_path: Path, clerk: Any) -> None:
    path = tmp_path / "closed.db"
    service = ComplianceService.open(str(path))
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    ReadModelRunner(service, default_registry().all()).catch_up()
    service.close()
    path.chmod(0o444)
    for argv, _ in _checks(str(path), tmp_path):
        main(argv)
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists(), argv
