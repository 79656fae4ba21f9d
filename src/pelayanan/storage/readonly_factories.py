"""The eventsourcing factories behind :func:`pelayanan.storage.readonly.read_only_env`.

Apart from readonly.py so that what only needs a read-only URI (``verify``, the audit's own
store) imports neither eventsourcing nor a PostgreSQL driver.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from eventsourcing.postgres import PostgresFactory
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteFactory

from pelayanan.storage.readonly import read_only_uri


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

    read_only = True

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        old = self.datastore.pool
        old.close()
        self.datastore.pool = _ReadOnlyPool(db_name=old.db_name, lock_timeout=old.lock_timeout)

    def env_create_table(self) -> bool:
        return False


class ReadOnlyPostgresFactory(PostgresFactory):
    """PostgreSQL in read-only transactions; no table is ever created."""

    read_only = True

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # libpq's ``options``: the session's every transaction is READ ONLY.
        pool: Any = self.datastore.pool
        pool.kwargs["options"] = "-c default_transaction_read_only=on"

    def env_create_table(self) -> bool:
        return False
