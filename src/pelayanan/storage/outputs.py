"""Where a command may write its output: never over the store, never over someone's file.

A command that writes a file (a report, a witness's checkpoint file) checks the path before it
starts its work: the folder must exist; the path must not be the event store (or its ``-wal``,
``-shm`` or ``-journal``); and an existing file is replaced only when it is recognisably a
previous output of the same kind. Anything else is refused with :class:`OutputRefused`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pelayanan.domain.errors import PelayananError
from pelayanan.storage.settings import parse_location

_SAMPLE = 65536  # bytes read to recognise a previous output


class OutputRefused(PelayananError):
    """An output path would destroy an input or a file that is not a previous output."""


def check_output(
    path: str | Path,
    *,
    kind: str,
    recognise: Callable[[bytes], bool],
    db: str | None = None,
) -> Path:
    """Return ``path`` if ``kind`` (e.g. "report") may be written there; else refuse.

    ``recognise`` is shown the first bytes of an existing file and says whether it is a
    previous output of this kind; ``db`` is the ``--db`` value, whose file is never written.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(f"cannot write the {kind} to {path}: there is no folder {folder}")
    if not os.access(folder, os.W_OK):
        raise OutputRefused(f"cannot write the {kind} to {path}: folder {folder} is not writable")
    if db is not None and _is_store(target, db):
        raise OutputRefused(f"{path} is the event store (--db); the {kind} goes to another file")
    if not target.exists() and not target.is_symlink():
        return target
    if not target.is_file():
        raise OutputRefused(f"cannot write the {kind} to {path}: it is not a regular file")
    with target.open("rb") as fh:
        head = fh.read(_SAMPLE)
    if head and not recognise(head):
        raise OutputRefused(
            f"{path} exists and is not a pelayanan {kind}; pelayanan will not overwrite it "
            "(remove it, or choose another name)"
        )
    return target


def _is_store(target: Path, db: str) -> bool:
    location = parse_location(db)
    if not location.is_sqlite or location.env["SQLITE_DBNAME"] == ":memory:":
        return False
    store = Path(location.env["SQLITE_DBNAME"])
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = Path(f"{store}{suffix}")
        if part.resolve() == target.resolve():
            return True
        if part.exists() and target.exists() and os.path.samefile(part, target):
            return True
    return False


_EVENTSOURCING_TABLES = {"stored_events", "stored_snapshots", "tracking"}


def require_pelayanan_store(path: str | Path) -> None:
    """Refuse (:class:`OutputRefused`) to treat ``path`` as a store that may be deleted unless
    it is one: a SQLite file whose tables are an event store's (``stored_events``) and
    pelayanan's own (``pelayanan_*``), and nothing else."""
    import sqlite3

    from pelayanan.storage.readonly import read_only_uri

    file = Path(path)
    refused = OutputRefused(
        f"{path} is not a pelayanan store; --fresh deletes only a pelayanan store"
    )
    if not file.is_file():
        raise refused
    with file.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise refused
    try:
        conn = sqlite3.connect(read_only_uri(file), uri=True)
        try:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise refused from None
    tables = {str(name) for (name,) in rows}
    foreign = {
        t
        for t in tables
        if t not in _EVENTSOURCING_TABLES and not t.startswith(("pelayanan_", "sqlite_"))
    }
    if "stored_events" not in tables or foreign:
        raise refused
