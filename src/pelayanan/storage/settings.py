"""Where events are stored: one ``--db`` string, a SQLite file path or a ``postgresql://`` URL.

The string is turned into eventsourcing's persistence settings here, and nowhere else. Passwords
are taken from the URL or from ``PGPASSWORD``/``POSTGRES_PASSWORD`` and never printed:
:func:`redact` is what logs and messages show.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import attrs

from pelayanan.domain.errors import StorageError

SQLITE_MAGIC = b"SQLite format 3\x00"

SQL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,50}$")
"""What a schema or application name must look like: it becomes part of SQL table names."""


def require_sql_name(what: str, value: str) -> str:
    """Refuse a name that would not be a plain SQL identifier (no quoting tricks)."""
    if not isinstance(value, str) or not SQL_NAME.match(value):
        raise StorageError(f"{what} must be letters, digits and underscores, got {value!r}")
    return value


@attrs.frozen
class StoreLocation:
    """A parsed ``--db`` value."""

    engine: str  # "sqlite" or "postgres"
    env: dict[str, str] = attrs.field(repr=False)
    display: str

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"


def redact(url: str) -> str:
    """The URL with any password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


def parse_location(db: str) -> StoreLocation:
    """Parse a ``--db`` value; raise :class:`StorageError` with a clear message if it is bad."""
    if not isinstance(db, str) or not db.strip():
        raise StorageError("--db must be a SQLite file path or a postgresql:// URL")
    if db.startswith(("postgresql://", "postgres://")):
        return _postgres(db)
    if "://" in db:
        raise StorageError(f"unsupported database URL scheme in {redact(db)!r}")
    if db == ":memory:":
        return StoreLocation(
            "sqlite",
            {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"},
            db,
        )
    path = Path(db)
    if path.is_dir():
        raise StorageError(f"{db} is a directory, not a database file")
    return StoreLocation(
        "sqlite",
        {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)},
        str(path),
    )


def _postgres(url: str) -> StoreLocation:
    parts = urlsplit(url)
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise StorageError(f"{redact(url)} names no database (postgresql://host/DBNAME)")
    try:
        port = parts.port or 5432
    except ValueError:
        raise StorageError(f"{redact(url)} has an invalid port") from None
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    password = (
        unquote(parts.password)
        if parts.password is not None
        else os.environ.get("POSTGRES_PASSWORD", os.environ.get("PGPASSWORD", ""))
    )
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or os.environ.get("PGHOST", "localhost"),
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(parts.username or os.environ.get("PGUSER", "postgres")),
        "POSTGRES_PASSWORD": password,
        "POSTGRES_CONNECT_TIMEOUT": query.get("connect_timeout", "5"),
    }
    if "schema" in query:
        env["POSTGRES_SCHEMA"] = require_sql_name("schema", query["schema"])
    return StoreLocation("postgres", env, redact(url))


def check_sqlite_file(path: str, *, must_exist: bool) -> None:
    """Refuse a missing (when required), corrupt or foreign SQLite file with a clear message."""
    if path == ":memory:" or "mode=memory" in path:
        return
    file = Path(path)
    if not file.exists():
        if must_exist:
            raise StorageError(f"no event store at {path}")
        return
    if file.stat().st_size == 0:
        return
    with file.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a SQLite database")
    try:
        from pelayanan.storage.readonly import read_only_uri  # leaves no -wal/-shm behind

        conn = sqlite3.connect(read_only_uri(file), uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a readable SQLite database: {exc}") from None
    if tables and "stored_events" not in tables:
        raise StorageError(
            f"{path} is a SQLite database of something else (no stored_events table); "
            "pelayanan will not write into it"
        )
