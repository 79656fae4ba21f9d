"""Raw access to the stored log and to the sealer's own tables, on SQLite and PostgreSQL.

The audit reads the event table directly rather than through eventsourcing's mapper: it hashes
the bytes as stored, needs no domain code, and pages with keyset queries so memory does not grow
with the log. It writes only its own ``pelayanan_*`` tables, never the events.

Tables (same on both backends, ``BLOB`` being ``bytea`` on PostgreSQL):

- ``pelayanan_checkpoints(seq, last_notification_id, body, hash, signature, key_id)``: one row
  per sealed range; the highest ``last_notification_id`` is the sealer's tracking position, so
  the seal and its position are written in one transaction.
- ``pelayanan_sealed_events(notification_id, originator_id, originator_version, leaf)``: the leaf
  hash of every sealed event. Not trusted (the checkpoints are): it lets a verifier name the
  exact event that changed once a checkpoint's root shows that something did.
- ``pelayanan_chain_heads(originator_id, originator_version, link, notification_id)``: the last
  sealed link of each aggregate's hash chain, where the next seal continues it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from pelayanan.audit.checkpoints import Checkpoint, SealedCheckpoint
from pelayanan.domain.errors import StorageError
from pelayanan.storage.readonly import read_only_uri
from pelayanan.storage.settings import (
    StoreLocation,
    check_sqlite_file,
    parse_location,
    require_sql_name,
)

Record = tuple[int, bytes, int, str, bytes]
"""(notification id, aggregate id bytes, version, topic, state bytes) as stored."""

SealedLeaf = tuple[int, bytes, int, bytes]
"""(notification id, aggregate id bytes, version, leaf hash) as sealed."""

Head = tuple[bytes, int, bytes, int]
"""(aggregate id bytes, version, chain link, notification id)."""

DEFAULT_APPLICATION = "ComplianceService"
PAGE_SIZE = 5000

_TABLES = (
    "CREATE TABLE IF NOT EXISTS pelayanan_checkpoints ("
    "seq BIGINT PRIMARY KEY, last_notification_id BIGINT NOT NULL, body TEXT NOT NULL, "
    "hash TEXT NOT NULL, signature TEXT, key_id TEXT)",
    "CREATE TABLE IF NOT EXISTS pelayanan_sealed_events ("
    "notification_id BIGINT PRIMARY KEY, originator_id {blob} NOT NULL, "
    "originator_version BIGINT NOT NULL, leaf {blob} NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pelayanan_chain_heads ("
    "originator_id {blob} PRIMARY KEY, originator_version BIGINT NOT NULL, "
    "link {blob} NOT NULL, notification_id BIGINT NOT NULL)",
    # Lets a verifier tell a moved event from an inserted one.
    "CREATE INDEX IF NOT EXISTS pelayanan_sealed_events_by_aggregate "
    "ON pelayanan_sealed_events (originator_id, originator_version)",
)


class SealWriter(Protocol):
    def unsealed(self, after: int, limit: int) -> list[Record]: ...
    def last_checkpoint(self) -> SealedCheckpoint | None: ...
    def heads(self, originators: Sequence[bytes]) -> dict[bytes, tuple[int, bytes]]: ...
    def write(
        self, sealed: SealedCheckpoint, leaves: Sequence[SealedLeaf], heads: Sequence[Head]
    ) -> None: ...


class LogStore:
    """The stored log of one application plus the sealer's tables; subclassed per backend."""

    engine = ""
    blob = "BLOB"
    param = "?"

    def __init__(self, events_table: str) -> None:
        self.events_table = events_table

    def q(self, statement: str) -> str:
        """A statement written with ``?`` placeholders, in this driver's placeholder style."""
        return statement if self.param == "?" else statement.replace("?", self.param)

    # -- backend hooks
    @contextlib.contextmanager
    def _cursor(self, *, write: bool = False) -> Iterator[Any]:
        raise NotImplementedError
        yield  # pragma: no cover

    def _lock_for_sealing(self, cursor: Any) -> None:
        """Serialise sealers: the second one waits and then sees the first one's seal."""

    def _select_records(self) -> str:
        """The page query up to its ``WHERE id > ?``; table names are ours, never input."""
        raise NotImplementedError

    def _record(self, row: Any) -> Record:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- reading the log
    def records(
        self, after: int = 0, upto: int | None = None, page_size: int = PAGE_SIZE
    ) -> Iterator[Record]:
        """Stored events with ``after < notification id <= upto``, in notification order."""
        while True:
            params: list[int] = [after]
            statement = self._select_records()
            if upto is not None:
                statement += f" AND {self._id_column} <= ?"
                params.append(upto)
            statement = self.q(f"{statement} ORDER BY {self._id_column} LIMIT ?")
            params.append(page_size)
            with self._cursor() as c:
                c.execute(statement, params)
                rows = c.fetchall()
            if not rows:
                return
            convert = self._record
            for row in rows:
                yield convert(row)
            if len(rows) < page_size:
                return
            after = rows[-1][0]

    _id_column = "rowid"

    def max_notification_id(self) -> int:
        with self._cursor() as c:
            c.execute(f"SELECT MAX({self._id_column}) FROM {self.events_table}")  # noqa: S608
            row = c.fetchone()
        return int(row[0] or 0)

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    def has_sealer_tables(self) -> bool:
        """Has this store ever been sealed? (Then it has a checkpoint table, maybe empty.)"""
        return self.has_table("pelayanan_checkpoints")

    # -- the sealer's tables
    def ensure_tables(self) -> None:
        with self._cursor(write=True) as c:
            for statement in _TABLES:
                c.execute(statement.format(blob=self.blob))

    def checkpoints(self) -> list[SealedCheckpoint]:
        """Every stored checkpoint, by sequence number (a few per million events)."""
        if not self.has_sealer_tables():
            return []
        with self._cursor() as c:
            c.execute(
                "SELECT body, hash, signature, key_id FROM pelayanan_checkpoints ORDER BY seq"
            )
            rows = c.fetchall()
        return [_sealed_from_row(row) for row in rows]

    def sealed_leaves(self, after: int, upto: int) -> Iterator[SealedLeaf]:
        last = after
        while True:
            with self._cursor() as c:
                c.execute(
                    self.q(
                        "SELECT notification_id, originator_id, originator_version, leaf "
                        "FROM pelayanan_sealed_events WHERE notification_id > ? "
                        "AND notification_id <= ? ORDER BY notification_id LIMIT ?"
                    ),
                    [last, upto, PAGE_SIZE],
                )
                rows = c.fetchall()
            for row in rows:
                yield int(row[0]), bytes(row[1]), int(row[2]), bytes(row[3])
            if len(rows) < PAGE_SIZE:
                return
            last = int(rows[-1][0])

    def position_of(self, originator: bytes, version: int) -> int | None:
        """Where an aggregate's version is stored now (None if it is not)."""
        with self._cursor() as c:
            c.execute(
                self.q(
                    f"SELECT {self._id_column} FROM {self.events_table} "  # noqa: S608 (ours)
                    "WHERE originator_id = ? AND originator_version = ?"
                ),
                [self._originator_param(originator), version],
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def sealed_position_of(self, originator: bytes, version: int) -> int | None:
        """Where an aggregate's version was when it was sealed (None if it never was)."""
        with self._cursor() as c:
            c.execute(
                self.q(
                    "SELECT notification_id FROM pelayanan_sealed_events "
                    "WHERE originator_id = ? AND originator_version = ?"
                ),
                [originator, version],
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def _originator_param(self, originator: bytes) -> Any:
        raise NotImplementedError

    @contextlib.contextmanager
    def sealing(self) -> Iterator[SealWriter]:
        """One sealing transaction: read the last seal and heads, write the next seal."""
        self.ensure_tables()
        with self._cursor(write=True) as c:
            self._lock_for_sealing(c)
            yield _Writer(self, c)


def _sealed_from_row(row: Any) -> SealedCheckpoint:
    import json

    return SealedCheckpoint(Checkpoint.from_body(json.loads(row[0])), row[1], row[2], row[3])


class _Writer:
    def __init__(self, store: LogStore, cursor: Any) -> None:
        self._store = store
        self._c = cursor

    def unsealed(self, after: int, limit: int) -> list[Record]:
        s = self._store
        self._c.execute(
            s.q(f"{s._select_records()} ORDER BY {s._id_column} LIMIT ?"), [after, limit]
        )
        return [s._record(row) for row in self._c.fetchall()]

    def last_checkpoint(self) -> SealedCheckpoint | None:
        self._c.execute(
            "SELECT body, hash, signature, key_id FROM pelayanan_checkpoints "
            "ORDER BY seq DESC LIMIT 1"
        )
        row = self._c.fetchone()
        return None if row is None else _sealed_from_row(row)

    def heads(self, originators: Sequence[bytes]) -> dict[bytes, tuple[int, bytes]]:
        found: dict[bytes, tuple[int, bytes]] = {}
        for start in range(0, len(originators), 500):
            chunk = list(originators[start : start + 500])
            marks = ",".join("?" * len(chunk))  # placeholders only, never values
            statement = f"SELECT * FROM pelayanan_chain_heads WHERE originator_id IN ({marks})"  # noqa: S608
            self._c.execute(
                self._store.q(statement),
                chunk,
            )
            for row in self._c.fetchall():
                found[bytes(row[0])] = (int(row[1]), bytes(row[2]))
        return found

    def write(
        self, sealed: SealedCheckpoint, leaves: Sequence[SealedLeaf], heads: Sequence[Head]
    ) -> None:
        cp = sealed.checkpoint
        self._c.execute(
            self._store.q("INSERT INTO pelayanan_checkpoints VALUES (?,?,?,?,?,?)"),
            [
                cp.seq,
                cp.last_notification_id,
                cp.canonical().decode("ascii"),
                sealed.hash,
                sealed.signature,
                sealed.key_id,
            ],
        )
        self._c.executemany(
            self._store.q("INSERT INTO pelayanan_sealed_events VALUES (?,?,?,?)"), list(leaves)
        )
        self._c.executemany(
            self._store.q(
                "INSERT INTO pelayanan_chain_heads VALUES (?,?,?,?) "
                "ON CONFLICT (originator_id) DO UPDATE SET "
                "originator_version = excluded.originator_version, link = excluded.link, "
                "notification_id = excluded.notification_id"
            ),
            list(heads),
        )


class SQLiteLogStore(LogStore):
    engine = "sqlite"

    def __init__(self, path: str, *, read_only: bool, events_table: str = "stored_events") -> None:
        super().__init__(events_table)
        # Refuses a missing, corrupt or foreign file with a clear message before any query.
        check_sqlite_file(path, must_exist=True)
        uri = read_only_uri(path) if read_only else f"file:{Path(path).resolve()}?mode=rw"
        # Autocommit mode: transactions are begun explicitly, so reads take no write lock.
        self._conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)

    @contextlib.contextmanager
    def _cursor(self, *, write: bool = False) -> Iterator[Any]:
        c = self._conn.cursor()
        try:
            c.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield c
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()
        finally:
            c.close()

    def _select_records(self) -> str:
        return (
            "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {self.events_table} WHERE rowid > ?"
        )

    def _record(self, row: Any) -> Record:
        state = row[4]
        if not isinstance(state, bytes):
            # SQLite keeps a value's storage class per row: a hand edit such as
            # ``SET state = replace(state, ...)`` stores TEXT. Hash its UTF-8 bytes.
            state = str(state).encode("utf-8")
        try:
            originator = bytes.fromhex(row[1])
        except (TypeError, ValueError):
            # Not an id eventsourcing wrote: keep its text so the leaf (and the report) shows it.
            originator = str(row[1]).encode("utf-8")
        return row[0], originator, row[2], row[3], state

    def _originator_param(self, originator: bytes) -> Any:
        return originator.hex()

    def has_table(self, name: str) -> bool:
        with self._cursor() as c:
            c.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name])
            return c.fetchone() is not None

    def close(self) -> None:
        self._conn.close()


class PostgresLogStore(LogStore):
    engine = "postgres"
    blob = "BYTEA"
    param = "%s"
    _id_column = "notification_id"

    def __init__(self, env: dict[str, str], *, read_only: bool, application: str) -> None:
        import psycopg

        self.schema = env.get("POSTGRES_SCHEMA", "public") or "public"
        super().__init__(f'"{self.schema}"."{application.lower()}_events"')
        try:
            self._conn = psycopg.connect(
                host=env["POSTGRES_HOST"],
                port=int(env["POSTGRES_PORT"]),
                dbname=env["POSTGRES_DBNAME"],
                user=env["POSTGRES_USER"],
                password=env.get("POSTGRES_PASSWORD") or None,
                connect_timeout=int(env.get("POSTGRES_CONNECT_TIMEOUT", "5")),
                options=f"-c search_path={self.schema}",
                autocommit=True,  # transactions are explicit, see _cursor
            )
        except psycopg.Error as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StorageError(f"cannot connect to PostgreSQL: {first_line}") from None
        self._read_only = read_only

    @contextlib.contextmanager
    def _cursor(self, *, write: bool = False) -> Iterator[Any]:
        with self._conn.transaction(), self._conn.cursor() as c:
            if not write or self._read_only:
                c.execute("SET TRANSACTION READ ONLY")
            yield c

    def _lock_for_sealing(self, cursor: Any) -> None:
        # A transaction-scoped advisory lock; the number is arbitrary but fixed for pelayanan.
        cursor.execute("SELECT pg_advisory_xact_lock(7135063512)")

    def _select_records(self) -> str:
        return (
            "SELECT notification_id, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {self.events_table} WHERE notification_id > ?"
        )

    def _record(self, row: Any) -> Record:
        return row[0], row[1].bytes, row[2], row[3], bytes(row[4])

    def _originator_param(self, originator: bytes) -> Any:
        return uuid.UUID(bytes=originator)

    def has_table(self, name: str) -> bool:
        with self._cursor() as c:
            c.execute("SELECT to_regclass(%s)", [f'"{self.schema}".{name}'])
            row = c.fetchone()
        return row is not None and row[0] is not None

    def close(self) -> None:
        self._conn.close()


def open_log(
    db: str | StoreLocation,
    *,
    read_only: bool = True,
    application: str = DEFAULT_APPLICATION,
) -> LogStore:
    """Open the stored log named by a ``--db`` value. Read-only unless sealing."""
    location = db if isinstance(db, StoreLocation) else parse_location(db)
    require_sql_name("application", application)
    if location.is_sqlite:
        return SQLiteLogStore(location.env["SQLITE_DBNAME"], read_only=read_only)
    return PostgresLogStore(location.env, read_only=read_only, application=application)
