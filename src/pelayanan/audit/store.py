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
- ``pelayanan_sealed_snapshots(originator_id, originator_version, leaf, seq)``: each snapshot a
  checkpoint vouches for (format 2), with the leaf of its stored bytes. Trusted per checkpoint
  once the rows of that ``seq`` give the checkpoint's ``snapshots_root``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from pelayanan.audit.checkpoints import SealedCheckpoint
from pelayanan.domain.errors import InvalidValue, PelayananError, StorageError
from pelayanan.storage.connection import connection_cause
from pelayanan.storage.readonly import read_only_uri
from pelayanan.storage.settings import (
    StoreLocation,
    check_sqlite_file,
    location_from_env,
    parse_location,
    require_sql_name,
)
from pelayanan.storage.sql import for_engine

Record = tuple[int, bytes, Any, Any, Any]
"""(notification id, aggregate id bytes, version, topic, state) as stored.

Version, topic and state are what the database holds, normally an int, a str and bytes; a hand
edit can leave anything there (NULL, text, a BLOB topic), which the verifier names. An aggregate
id that is not in the one form the service writes (32 lower-case hex digits on SQLite) comes as
:func:`malformed_id` bytes, never 16 long, so it can neither hash nor compare like a real id."""

TrackingRow = tuple[str, Any]
"""(tracking name, highest position) of one projection's tracking rows."""

SnapshotRow = tuple[bytes, Any, Any, Any]
"""(aggregate id bytes, version, topic, state) of one stored snapshot."""

SealedLeaf = tuple[int, bytes, int, bytes]
"""(notification id, aggregate id bytes, version, leaf hash) as sealed."""

SealedSnapshot = tuple[bytes, int, bytes, int]
"""(aggregate id bytes, version, leaf of the stored snapshot, seq of the checkpoint) as sealed."""

AggregateRecord = tuple[Any, Any, Any]
"""(version, topic, state) of one stored event of an aggregate, as stored."""

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
    "CREATE TABLE IF NOT EXISTS pelayanan_sealed_snapshots ("
    "originator_id {blob} NOT NULL, originator_version BIGINT NOT NULL, leaf {blob} NOT NULL, "
    "seq BIGINT NOT NULL, PRIMARY KEY (originator_id, originator_version))",
    # Lets a verifier tell a moved event from an inserted one.
    "CREATE INDEX IF NOT EXISTS pelayanan_sealed_events_by_aggregate "
    "ON pelayanan_sealed_events (originator_id, originator_version)",
)


def malformed_id(value: object) -> bytes:
    """A stored aggregate id the service would not find, kept visible: ``!`` and its repr."""
    raw = b"!" + repr(value).encode("utf-8", "backslashreplace")
    return raw + b"!" if len(raw) == 16 else raw


class SealConflict(PelayananError):
    """Another sealer wrote the same checkpoint at the same time; run ``seal`` again."""


class EventReader(Protocol):
    """What rebuilding a snapshot reads: one aggregate's stored events, by version."""

    def aggregate_records(
        self, originator: bytes, after: int, upto: int
    ) -> Iterator[AggregateRecord]: ...


class SealWriter(EventReader, Protocol):
    def unsealed(self, after: int, limit: int) -> list[Record]: ...
    def last_checkpoint(self) -> SealedCheckpoint | None: ...
    def heads(self, originators: Sequence[bytes]) -> dict[bytes, tuple[int, bytes]]: ...
    def snapshot_keys(self) -> list[tuple[bytes, Any]]: ...
    def snapshot_rows(self, keys: Sequence[tuple[bytes, int]]) -> list[SnapshotRow]: ...
    def sealed_snapshots(self) -> list[SealedSnapshot]: ...
    def checkpoints(self) -> list[SealedCheckpoint]: ...
    def write(
        self,
        sealed: SealedCheckpoint,
        leaves: Sequence[SealedLeaf],
        heads: Sequence[Head],
        snapshots: Sequence[SealedSnapshot] = (),
    ) -> None: ...


class LogStore:
    """The stored log of one application plus the sealer's tables; subclassed per backend."""

    engine = ""
    blob = "BLOB"

    def __init__(self, events_table: str) -> None:
        self.events_table = events_table
        self.progress: Callable[[int], None] | None = None
        """Told the notification id reached after each page :meth:`records` reads (a progress
        bar's hook: once a page, so the scan itself pays nothing for it)."""

    def q(self, statement: str) -> str:
        """A statement written with ``?`` placeholders, in this driver's placeholder style."""
        return for_engine(statement, self.engine)

    # -- backend hooks
    @contextlib.contextmanager
    def _cursor(self, *, write: bool = False) -> Iterator[Any]:
        raise NotImplementedError
        yield  # pragma: no cover

    def _lock_for_sealing(self, cursor: Any) -> None:
        """Serialise sealers: the second one waits and then sees the first one's seal."""

    def _select_records(self) -> str:
        """The page query up to its ``WHERE``; table names are ours, never input."""
        raise NotImplementedError

    tracking_table = "tracking"
    snapshots_table = "stored_snapshots"

    def _record(self, row: Any) -> Record:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- reading the log
    def records(
        self, after: int | None = None, upto: int | None = None, page_size: int = PAGE_SIZE
    ) -> Iterator[Record]:
        """Stored events with ``after < notification id <= upto``, in notification order.

        Without ``after``, from the lowest id stored, whatever it is: eventsourcing never writes
        an id below 1, but a row put there by hand is still loaded with its aggregate."""
        while True:
            params: list[int] = []
            conditions = []
            if after is not None:
                conditions.append(f"{self._id_column} > ?")
                params.append(after)
            if upto is not None:
                conditions.append(f"{self._id_column} <= ?")
                params.append(upto)
            statement = self._select_records()
            if conditions:
                statement += " WHERE " + " AND ".join(conditions)
            statement = self.q(f"{statement} ORDER BY {self._id_column} LIMIT ?")
            params.append(page_size)
            rows = self._page(statement, params)
            if not rows:
                return
            convert = self._record
            for row in rows:
                yield convert(row)
            if self.progress is not None:
                self.progress(rows[-1][0])
            if len(rows) < page_size:
                return
            after = rows[-1][0]

    _id_column = "rowid"

    def _page(self, statement: str, params: list[int]) -> list[Any]:
        with self._cursor() as c:
            c.execute(statement, params)
            return list(c.fetchall())

    def max_notification_id(self) -> int:
        with self._cursor() as c:
            c.execute(f"SELECT MAX({self._id_column}) FROM {self.events_table}")  # noqa: S608
            row = c.fetchone()
        return int(row[0] or 0)

    def has_table(self, name: str) -> bool:
        with self._cursor() as c:
            return self.has_table_in(c, name)

    def has_table_in(self, cursor: Any, name: str) -> bool:
        """Does the table exist, asked in an open transaction's cursor?"""
        raise NotImplementedError

    def tracking_positions(self, application: str) -> list[TrackingRow]:
        """Each projection's tracking position (eventsourcing's tracking table, rows named
        ``<application>/<projection>/g<generation>``); none when no projection ever ran."""
        if not self.has_table(self.tracking_table):
            return []
        prefix = f"{application}/"
        with self._cursor() as c:
            c.execute(
                self.q(
                    f"SELECT application_name, MAX(notification_id) FROM {self._schema}"  # noqa: S608
                    f"{self.tracking_table} WHERE substr(application_name, 1, ?) = ? "
                    "GROUP BY application_name ORDER BY application_name"
                ),
                [len(prefix), prefix],
            )
            return [(str(row[0]), row[1]) for row in c.fetchall()]

    def snapshots(self) -> Iterator[SnapshotRow]:
        """Every stored snapshot, by aggregate id and version (a few per thousand events)."""
        if not self.has_table(self.snapshots_table):
            return
        with self._cursor() as c:
            c.execute(self._snapshot_select() + " ORDER BY originator_id, originator_version")
            rows = c.fetchall()
        yield from map(self._snapshot_row, rows)

    def snapshot_rows(self, keys: Sequence[tuple[bytes, int]]) -> list[SnapshotRow]:
        """The stored snapshots at these (aggregate id bytes, version), where they exist."""
        if not keys:
            return []
        with self._cursor() as c:
            return self.snapshot_rows_in(c, keys)

    def snapshot_rows_in(self, cursor: Any, keys: Sequence[tuple[bytes, int]]) -> list[SnapshotRow]:
        statement = self.q(
            self._snapshot_select() + " WHERE originator_id = ? AND originator_version = ?"
        )
        rows: list[SnapshotRow] = []
        for originator, version in keys:
            cursor.execute(statement, [self._originator_param(originator), version])
            rows.extend(map(self._snapshot_row, cursor.fetchall()))
        return rows

    def _snapshot_select(self) -> str:
        return (
            "SELECT originator_id, originator_version, topic, state FROM "  # noqa: S608 (ours)
            f"{self._schema}{self.snapshots_table}"
        )

    def _snapshot_row(self, row: Any) -> SnapshotRow:
        record = self._record((0, *row))
        return record[1], record[2], record[3], record[4]

    def _aggregate_select(self) -> str:
        # The rows the service loads for an aggregate, whatever their notification id.
        return self.q(
            f"SELECT originator_version, topic, state FROM {self.events_table} "  # noqa: S608
            "WHERE originator_id = ? AND originator_version > ? AND originator_version <= ? "
            "ORDER BY originator_version"
        )

    def _aggregate_row(self, row: Any) -> AggregateRecord:
        return row[0], row[1], self._record((0, b"", *row))[4]

    def aggregate_records(
        self, originator: bytes, after: int, upto: int
    ) -> Iterator[AggregateRecord]:
        """An aggregate's stored events with ``after < version <= upto``, by version."""
        with self._cursor() as c:
            c.execute(self._aggregate_select(), [self._originator_param(originator), after, upto])
            rows = c.fetchall()
        yield from map(self._aggregate_row, rows)

    def sealed_snapshots(self) -> list[SealedSnapshot]:
        """The snapshots checkpoints vouch for, as the sealer recorded them (none before
        format 2). Not trusted by itself: verify checks each checkpoint's share of it against
        the checkpoint's ``snapshots_root``."""
        if not self.has_table("pelayanan_sealed_snapshots"):
            return []
        with self._cursor() as c:
            c.execute(_SEALED_SNAPSHOTS)
            return [_sealed_snapshot(row) for row in c.fetchall()]

    _schema = ""

    def filtered_tables(self) -> list[str]:
        """Tables verify reads whose rows may depend on who reads them (none on SQLite: a
        file shows every reader the same rows, and a view in the event table's place is refused
        on opening)."""
        return []

    def has_sealer_tables(self) -> bool:
        """Has this store ever been sealed? (Then it has a checkpoint table, maybe empty.)"""
        return self.has_table("pelayanan_checkpoints")

    # -- the sealer's tables
    def checkpoints(self) -> list[SealedCheckpoint]:
        """Every stored checkpoint, by sequence number (a few per million events).

        Raises :class:`InvalidValue` naming the first row that is not a checkpoint."""
        return [sealed_from_row(row) for row in self.checkpoint_rows()]

    def checkpoint_rows(self) -> list[tuple[Any, ...]]:
        """The checkpoint table's rows as stored: (seq, body, hash, signature, key_id)."""
        if not self.has_sealer_tables():
            return []
        with self._cursor() as c:
            c.execute(
                "SELECT seq, body, hash, signature, key_id FROM pelayanan_checkpoints ORDER BY seq"
            )
            return list(c.fetchall())

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
        """One sealing transaction: read the last seal and heads, write the next seal.

        The lock comes first, even before the tables are created: two sealers starting on a
        fresh PostgreSQL store would otherwise race on ``CREATE TABLE IF NOT EXISTS``."""
        with self._cursor(write=True) as c:
            self._lock_for_sealing(c)
            for statement in _TABLES:
                c.execute(statement.format(blob=self.blob))
            yield _Writer(self, c)


_SEALED_SNAPSHOTS = (
    "SELECT originator_id, originator_version, leaf, seq FROM pelayanan_sealed_snapshots "
    "ORDER BY originator_id, originator_version"
)


def _sealed_snapshot(row: Any) -> SealedSnapshot:
    # A hand edit can leave TEXT where the sealer wrote a BLOB: kept as bytes, it only fails
    # to match the checkpoint's root.
    def blob(value: Any) -> bytes:
        return bytes(value) if isinstance(value, bytes | memoryview) else repr(value).encode()

    return blob(row[0]), row[1], blob(row[2]), row[3]


def sealed_from_row(row: Any) -> SealedCheckpoint:
    """A checkpoint row (seq, body, hash, signature, key_id); InvalidValue names a bad one."""
    import json

    seq, body, hash_, signature, key_id = row
    try:
        parsed = json.loads(body) if isinstance(body, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise InvalidValue(f"checkpoint row {seq!r}: its body is not JSON")
    try:
        return SealedCheckpoint.from_parts(parsed, hash_, signature, key_id)
    except InvalidValue as exc:
        raise InvalidValue(f"checkpoint row {seq!r}: {exc}") from None


class _Writer:
    def __init__(self, store: LogStore, cursor: Any) -> None:
        self._store = store
        self._c = cursor

    def unsealed(self, after: int, limit: int) -> list[Record]:
        s = self._store
        self._c.execute(
            s.q(f"{s._select_records()} WHERE {s._id_column} > ? ORDER BY {s._id_column} LIMIT ?"),
            [after, limit],
        )
        return [s._record(row) for row in self._c.fetchall()]

    def last_checkpoint(self) -> SealedCheckpoint | None:
        self._c.execute(
            "SELECT seq, body, hash, signature, key_id FROM pelayanan_checkpoints "
            "ORDER BY seq DESC LIMIT 1"
        )
        row = self._c.fetchone()
        return None if row is None else sealed_from_row(row)

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

    def aggregate_records(
        self, originator: bytes, after: int, upto: int
    ) -> Iterator[AggregateRecord]:
        s = self._store
        self._c.execute(s._aggregate_select(), [s._originator_param(originator), after, upto])
        yield from map(s._aggregate_row, self._c.fetchall())

    def snapshot_keys(self) -> list[tuple[bytes, Any]]:
        s = self._store
        if not s.has_table_in(self._c, s.snapshots_table):
            return []
        self._c.execute(
            f"SELECT originator_id, originator_version FROM {s._schema}{s.snapshots_table}"  # noqa: S608
        )
        return [s._snapshot_row((*row, "", b""))[:2] for row in self._c.fetchall()]

    def snapshot_rows(self, keys: Sequence[tuple[bytes, int]]) -> list[SnapshotRow]:
        return self._store.snapshot_rows_in(self._c, keys)

    def sealed_snapshots(self) -> list[SealedSnapshot]:
        self._c.execute(_SEALED_SNAPSHOTS)
        return [_sealed_snapshot(row) for row in self._c.fetchall()]

    def checkpoints(self) -> list[SealedCheckpoint]:
        """The stored checkpoints that parse, by sequence number (a malformed row is verify's
        to name; the sealer only takes no word from it)."""
        self._c.execute(
            "SELECT seq, body, hash, signature, key_id FROM pelayanan_checkpoints ORDER BY seq"
        )
        found = []
        for row in self._c.fetchall():
            try:
                found.append(sealed_from_row(row))
            except InvalidValue:
                continue
        return found

    def write(
        self,
        sealed: SealedCheckpoint,
        leaves: Sequence[SealedLeaf],
        heads: Sequence[Head],
        snapshots: Sequence[SealedSnapshot] = (),
    ) -> None:
        try:
            self._write(sealed, leaves, heads, snapshots)
        except Exception as exc:
            # Only a second writer that bypassed the lock (an older pelayanan) gets here.
            if "unique" in str(exc).lower() or "constraint" in str(exc).lower():
                raise SealConflict(
                    f"checkpoint {sealed.checkpoint.seq} was written by another sealer at the "
                    "same time; run `pelayanan seal` again"
                ) from None
            raise

    def _write(
        self,
        sealed: SealedCheckpoint,
        leaves: Sequence[SealedLeaf],
        heads: Sequence[Head],
        snapshots: Sequence[SealedSnapshot],
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
        if snapshots:
            self._c.executemany(
                self._store.q("INSERT INTO pelayanan_sealed_snapshots VALUES (?,?,?,?)"),
                list(snapshots),
            )


def _surrogate_text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


class SQLiteLogStore(LogStore):
    engine = "sqlite"

    def __init__(self, path: str, *, read_only: bool, events_table: str = "stored_events") -> None:
        super().__init__(events_table)
        # Refuses a missing or foreign file, or one whose schema cannot be read, with a clear
        # message before any query; a damaged page further in is named when a query reaches it
        # (see _cursor), not looked for first: the scan reads every row it checks anyway.
        check_sqlite_file(path, must_exist=True, whole_file=False)
        self._path = path
        uri = read_only_uri(path) if read_only else f"file:{Path(path).resolve()}?mode=rw"
        # Autocommit mode: transactions are begun explicitly, so reads take no write lock.
        self._conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
        # A hand edit can store TEXT that is not UTF-8 (``CAST(X'FF' AS TEXT)``), which the
        # default text factory refuses with an exception mid-page. Kept as its bytes (lone
        # surrogates), a state still hashes as stored and any other field is named malformed.
        self._conn.text_factory = _surrogate_text

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
        except sqlite3.DatabaseError as exc:
            damaged = type(exc) is sqlite3.DatabaseError or "malformed" in str(exc)
            if not damaged:
                raise  # locked, busy, a missing table, a constraint: not damage to the file
            raise StorageError(f"{self._path} is not a readable SQLite database: {exc}") from None
        finally:
            c.close()

    def _page(self, statement: str, params: list[int]) -> list[Any]:
        # The scan's pages are decoded by SQLite's own text factory (a Python one costs a call
        # per value); a page holding TEXT that is not UTF-8 is read again with the careful one.
        self._conn.text_factory = str
        try:
            return super()._page(statement, params)
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc):
                raise
        finally:
            self._conn.text_factory = _surrogate_text
        return super()._page(statement, params)

    def _select_records(self) -> str:
        return (
            "SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {self.events_table}"
        )

    def _record(self, row: Any) -> Record:
        state = row[4]
        if type(state) is str:
            # SQLite keeps a value's storage class per row: a hand edit such as
            # ``SET state = replace(state, ...)`` stores TEXT. Hash its UTF-8 bytes.
            state = state.encode("utf-8", "surrogateescape")
        text = row[1]
        # eventsourcing writes ``UUID.hex`` and looks events up by it: 32 lower-case hex digits.
        # Any other spelling (upper case, dashes, spaces) hex-decodes to the same 16 bytes but
        # is never found by the service, so it must not hash like the real id.
        try:
            originator = bytes.fromhex(text)
            if len(originator) != 16 or len(text) != 32 or text != text.lower():
                originator = malformed_id(text)
        except (TypeError, ValueError):
            originator = malformed_id(text)
        return row[0], originator, row[2], row[3], state

    def _originator_param(self, originator: bytes) -> Any:
        return originator.hex()

    def has_table_in(self, cursor: Any, name: str) -> bool:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [name])
        return cursor.fetchone() is not None

    def close(self) -> None:
        self._conn.close()


class PostgresLogStore(LogStore):
    engine = "postgres"
    blob = "BYTEA"
    _id_column = "notification_id"

    def __init__(self, env: dict[str, str], *, read_only: bool, application: str) -> None:
        import psycopg

        self.schema = env.get("POSTGRES_SCHEMA", "public") or "public"
        super().__init__(f'"{self.schema}"."{application.lower()}_events"')
        self._schema = f'"{self.schema}".'
        self.snapshots_table = f"{application.lower()}_snapshots"
        self.tracking_table = "pelayanan_tracking"  # projections/store.py POSTGRES_TRACKING
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
            raise StorageError(
                f"cannot open event store {location_from_env(env).display}: "
                f"{connection_cause(env, exc)}"
            ) from None
        self._read_only = read_only

    @contextlib.contextmanager
    def _cursor(self, *, write: bool = False) -> Iterator[Any]:
        with self._conn.transaction(), self._conn.cursor() as c:
            if not write or self._read_only:
                c.execute("SET TRANSACTION READ ONLY")
            yield c

    def filtered_tables(self) -> list[str]:
        # Row-level security shows each role its own rows: the service (the owner) could load
        # events an auditor's SELECT-only role never sees. A view or other relation in a
        # table's place can do the same (e.g. by current_user).
        names = [
            self.events_table.rsplit(".", 1)[1].strip('"'),
            self.snapshots_table,
            self.tracking_table,
            "pelayanan_checkpoints",
        ]
        with self._cursor() as c:
            c.execute(
                "SELECT c.relname, c.relkind, c.relrowsecurity FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = ANY(%s) ORDER BY c.relname",
                [self.schema, names],
            )
            rows = c.fetchall()
        return [
            f"{name} ({'row-level security' if secured else 'not a plain table'})"
            for name, kind, secured in rows
            if secured or kind not in ("r", "p")
        ]

    def _lock_for_sealing(self, cursor: Any) -> None:
        # A transaction-scoped advisory lock; the number is arbitrary but fixed for pelayanan.
        cursor.execute("SELECT pg_advisory_xact_lock(7135063512)")

    def _select_records(self) -> str:
        return (
            "SELECT notification_id, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {self.events_table}"
        )

    def _record(self, row: Any) -> Record:
        # The uuid column admits one value per id whatever its spelling; NULL is the only oddity.
        originator = row[1].bytes if isinstance(row[1], uuid.UUID) else malformed_id(row[1])
        state = bytes(row[4]) if row[4] is not None else None
        return row[0], originator, row[2], row[3], state

    def _originator_param(self, originator: bytes) -> Any:
        return uuid.UUID(bytes=originator)

    def has_table_in(self, cursor: Any, name: str) -> bool:
        cursor.execute("SELECT to_regclass(%s)", [f'"{self.schema}".{name}'])
        row = cursor.fetchone()
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
