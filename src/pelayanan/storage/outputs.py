"""Where a command may write its output: never over the store, never over someone's file.

A command that writes a file (a report, a witness's checkpoint file) checks the path before it
starts its work: the folder must exist; the path must not be the event store (or its ``-wal``,
``-shm`` or ``-journal``); and an existing file is replaced only when it is recognisably a
previous output of the same kind. Anything else is refused with :class:`OutputRefused`.

:func:`write_output` then writes it whole or not at all: a full disk or an I/O error leaves the
previous file (or no file) and raises :class:`OutputFailed` naming the path and the reason.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from pelayanan.domain.errors import PelayananError
from pelayanan.storage.settings import parse_location

_SAMPLE = 65536  # bytes read to recognise a previous output


class OutputRefused(PelayananError):
    """An output path would destroy an input or a file that is not a previous output."""


class OutputFailed(PelayananError):
    """Writing an output failed part-way (a full disk, an I/O error); nothing was left behind."""


def write_output(
    path: str | Path,
    chunks: Iterable[str],
    *,
    kind: str,
    append: bool = False,
    mode: int = 0o666,
    encoding: str = "utf-8",
    exclusive: bool = False,
) -> None:
    """Write ``chunks`` to ``path`` whole or not at all, or raise :class:`OutputFailed`.

    A new or replaced file is written beside the target and renamed over it, so a reader never
    sees half a report and a failure leaves the previous file as it was. ``append`` adds to the
    file in place (a witness file keeps its identity) and, on failure, cuts it back to where it
    ended, so no half line is left for the next reader. ``mode`` is the new file's permissions
    (before the umask), e.g. 0o600 for a private key; ``exclusive`` refuses to replace a file
    that exists (:class:`FileExistsError`), even one made meanwhile.
    """
    target = Path(path)
    try:
        if append:
            _append(target, chunks, encoding)
        else:
            _replace(target, chunks, encoding, mode, exclusive)
    except FileExistsError:
        raise
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputFailed(f"cannot write the {kind} to {path}: {reason}") from None


def _append(target: Path, chunks: Iterable[str], encoding: str) -> None:
    # Unbuffered, so that nothing is left in a buffer to be written after the cut.
    with open(target, "ab", buffering=0) as fh:
        end = fh.seek(0, os.SEEK_END)
        try:
            for chunk in chunks:
                data = memoryview(chunk.encode(encoding))
                while data:
                    written = fh.write(data)
                    if not written:
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                    data = data[written:]
        except OSError:
            fh.truncate(end)
            raise


def _replace(
    target: Path, chunks: Iterable[str], encoding: str, mode: int, exclusive: bool
) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with open(fd, "w", encoding=encoding) as fh:
            for chunk in chunks:
                fh.write(chunk)
        if exclusive:
            os.link(temporary, target)  # fails if the target exists, however it came to
            temporary.unlink()
        else:
            os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
