"""Opening a store so that nothing can be written: what every checking command uses.

SQLite: the file is opened with SQLite's read-only URI (``mode=ro``), never switched to WAL and
never given tables. A WAL-mode file that no program has open (no ``-wal`` file beside it) is
read as ``immutable=1``: a plain ``mode=ro`` reader would leave a new ``-wal`` and ``-shm``
file behind (SQLite needs them to read a WAL database, and a read-only connection cannot remove
them). ``immutable`` takes no locks: a program that starts writing the file while a check runs
could make the check read a mixture (and fail); an auditor checks a copy. A file that is in use
(its ``-wal`` is there) or is in rollback-journal mode is read with ``mode=ro`` alone, taking
SQLite's shared locks as any reader does.

PostgreSQL: no tables are created and every transaction is ``READ ONLY``
(``default_transaction_read_only``), so a role that could write still writes nothing, and a
role granted only ``SELECT`` works.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from eventsourcing.postgres import PostgresFactory
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteFactory

from pelayanan.storage.settings import StoreLocation

_WAL_MODE = 2  # byte 18 (and 19) of a SQLite header: 1 rollback journal, 2 WAL


def read_only_uri(path: str | Path) -> str:
    """The SQLite URI that reads ``path`` without creating, changing or leaving any file."""
    file = Path(path).resolve()
    uri = f"file:{quote(str(file))}?mode=ro"
    wal = Path(f"{file}-wal")
    try:
        with file.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return uri
    if len(header) == 20 and header[18] == _WAL_MODE and not wal.exists():
        # Nothing has the file open (a WAL database's last connection removes its -wal), so
        # every committed change is in the file itself.
        return uri + "&immutable=1"
    return uri


def read_only_env(location: StoreLocation) -> dict[str, str]:
    """eventsourcing settings that open ``location`` read-only (see the module docstring)."""
    env = dict(location.env)
    env["CREATE_TABLE"] = "no"
    if location.is_sqlite:
        env["PERSISTENCE_MODULE"] = f"{__name__}:ReadOnlySQLiteFactory"
    else:
        env["PERSISTENCE_MODULE"] = f"{__name__}:ReadOnlyPostgresFactory"
    return env


def _surrogate_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


class _ReadOnlyPool(SQLiteConnectionPool):
    """eventsourcing's pool, less its switch to WAL mode (a write), on a read-only URI."""

    def _create_connection(self) -> SQLiteConnection:
        connection = sqlite3.connect(
            read_only_uri(self.db_name),
            uri=True,
            check_same_thread=False,
            isolation_level=None,
            cached_statements=True,
            timeout=self.lock_timeout or 5,
        )
        connection.row_factory = sqlite3.Row
        # TEXT that is not UTF-8 (a hand edit) is kept as lone surrogates instead of failing
        # the whole page in the driver: the event that holds it is then the one refused.
        connection.text_factory = _surrogate_text
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class ReadOnlySQLiteFactory(SQLiteFactory):
    """SQLite opened with :func:`read_only_uri`; no table is ever created."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        old = self.datastore.pool
        old.close()
        self.datastore.pool = _ReadOnlyPool(db_name=old.db_name, lock_timeout=old.lock_timeout)

    def env_create_table(self) -> bool:
        return False


class ReadOnlyPostgresFactory(PostgresFactory):
    """PostgreSQL in read-only transactions; no table is ever created."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # libpq's ``options``: the session's every transaction is READ ONLY.
        pool: Any = self.datastore.pool
        pool.kwargs["options"] = "-c default_transaction_read_only=on"

    def env_create_table(self) -> bool:
        return False


def is_read_only(app: Any) -> bool:
    """Was ``app`` (an eventsourcing application) opened with :func:`read_only_env`?"""
    factory = getattr(app, "factory", None)
    return isinstance(factory, ReadOnlySQLiteFactory | ReadOnlyPostgresFactory)
