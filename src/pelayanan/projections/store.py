"""Where views live: the application's own database, through eventsourcing's datastore.

Views sit next to the events (the same SQLite file, the same PostgreSQL database) so that a batch
of view changes and its tracking row commit in one transaction. The position of each view is kept
by eventsourcing's own tracking recorder (``tracking`` on SQLite, ``pelayanan_tracking`` on
PostgreSQL), keyed ``<application>/<projection>/g<generation>``.

Every SQL text here is a fixed string; the only names spliced into it are table names built from
projection names that matched :data:`~pelayanan.projections.api.NAME_PATTERN`. SQL is written
with ``?`` placeholders and translated for psycopg.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking, TrackingRecorder

from pelayanan.projections.api import NAME_PATTERN, TABLE_PATTERN, ReadModel, ReadModelError
from pelayanan.storage.readonly import is_read_only
from pelayanan.storage.sql import dialect_of

GENERATIONS = "pelayanan_projections"
"""The generations table: each read model's version and live generation (stored name kept)."""
DEAD_LETTERS = "pelayanan_dead_letters"
POSTGRES_TRACKING = "pelayanan_tracking"
_MAX_IDENTIFIER = 63


def now_text() -> str:
    return datetime.now(UTC).isoformat()


class ViewStore:
    """SQL plumbing shared by the runner and the readers, for one application database."""

    def __init__(self, app: Application[Any], *, datastore: Any = None) -> None:
        """Views of ``app``'s log, kept in its own database, or in ``datastore`` (a scratch
        database: see :func:`scratch_store`). A store opened read-only is only read: no table
        is created, and a view never built there reads as absent."""
        self.app = app
        self.read_only = datastore is None and is_read_only(app)
        own_database = cast(Any, app.recorder).datastore
        self.datastore: Any = datastore if datastore is not None else own_database
        dialect = dialect_of(self.datastore)
        if dialect is None:
            raise ReadModelError(
                "projections need the SQLite or PostgreSQL event store, "
                f"not {type(self.datastore).__module__}"
            )
        self.dialect = dialect
        self.engine = dialect.engine
        self.prefix = dialect.prefix
        self.tracking: TrackingRecorder
        if dialect.is_postgres:
            from eventsourcing.postgres import PostgresTrackingRecorder

            self.tracking = PostgresTrackingRecorder(
                self.datastore, tracking_table_name=POSTGRES_TRACKING
            )
        else:
            from eventsourcing.sqlite import SQLiteTrackingRecorder

            self.tracking = SQLiteTrackingRecorder(self.datastore)
        self.meta = {
            "generations": self.prefix + GENERATIONS,
            "dead_letters": self.prefix + DEAD_LETTERS,
            "dead_letters_bare": DEAD_LETTERS,
        }
        if self.read_only:
            return
        self.tracking.create_table()
        with self.transaction() as c:
            self.execute(
                c,
                "CREATE TABLE IF NOT EXISTS {generations} ("
                "name TEXT PRIMARY KEY, version BIGINT NOT NULL, generation BIGINT NOT NULL, "
                "next_generation BIGINT NOT NULL, last_error TEXT, error_position BIGINT, "
                "updated_at TEXT NOT NULL)",
            )
            self.execute(
                c,
                "CREATE TABLE IF NOT EXISTS {dead_letters} ("
                "projection TEXT NOT NULL, generation BIGINT NOT NULL, position BIGINT NOT NULL, "
                "topic TEXT NOT NULL, originator_id TEXT NOT NULL, "
                "originator_version BIGINT NOT NULL, error TEXT NOT NULL, "
                "attempts BIGINT NOT NULL, recorded_at TEXT NOT NULL, "
                "PRIMARY KEY (projection, generation, position))",
            )

    def require_writable(self, doing: str) -> None:
        if self.read_only:
            raise ReadModelError(
                f"cannot {doing}: the store was opened read-only (checking never writes)"
            )

    def has_table(self, name: str) -> bool:
        """Is there a table of this bare name (no schema prefix) in the views' database?"""
        with self.transaction(commit=False) as c:
            if self.engine == "sqlite":
                found = self.rows(
                    c, "SELECT 1 AS x FROM sqlite_master WHERE type='table' AND name=?", (name,)
                )
            else:
                found = self.rows(
                    c, "SELECT 1 AS x WHERE to_regclass(?) IS NOT NULL", (self.prefix + name,)
                )
        return bool(found)

    # ------------------------------------------------------------------ SQL helpers

    def sql(self, template: str, tables: Mapping[str, str] | None = None) -> str:
        """The one place table names enter SQL text: ``{name}`` becomes a validated identifier.

        ``template`` is a constant in the code (ours, or a projection author's); ``tables`` maps
        placeholders to names built by :meth:`table`, never to runtime input. ``?`` placeholders
        become psycopg's ``%s`` on PostgreSQL.
        """
        text = template.format_map({**self.meta, **(tables or {})})
        # Called for every statement of a rebuild: SQLite's text needs no rewriting at all.
        return self.dialect.sql(text) if self.engine == "postgres" else text

    def execute(
        self,
        cursor: Any,
        template: str,
        params: Sequence[Any] = (),
        tables: Mapping[str, str] | None = None,
    ) -> None:
        cursor.execute(self.sql(template, tables), tuple(params))

    def rows(
        self,
        cursor: Any,
        template: str,
        params: Sequence[Any] = (),
        tables: Mapping[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        cursor.execute(self.sql(template, tables), tuple(params))
        return [dict(row) for row in cursor.fetchall()]

    @contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            yield cursor

    def lock(self, cursor: Any, key: str) -> None:
        """Call first in a writing transaction: serialises writers of one view.

        PostgreSQL takes a transaction-scoped advisory lock. SQLite has one writer at a time, but
        a transaction that reads before it writes fails at once (no busy wait) if the events
        table changed in between; starting with a write takes the write lock up front, waiting
        politely for the application's own inserts.
        """
        if self.engine == "postgres":
            self.execute(cursor, "SELECT pg_advisory_xact_lock(hashtext(?))", (key,))
        else:
            self.execute(
                cursor, "UPDATE {generations} SET updated_at=updated_at WHERE name=?", (key,)
            )

    # ------------------------------------------------------------------ names

    def table(self, projection: str, generation: int, own: str | None = None) -> str:
        """Physical name of a view table, validated; ``own`` names a projection's own table."""
        if not NAME_PATTERN.match(projection) or (own is not None and not TABLE_PATTERN.match(own)):
            raise ReadModelError(f"invalid view name {projection!r}/{own!r}")
        base = f"pelayanan_{projection}" + (f"__{own}" if own else "")
        name = f"{base}_g{int(generation)}"
        if len(name) > _MAX_IDENTIFIER:
            raise ReadModelError(f"view table name {name} is too long; shorten the names")
        return self.prefix + name

    def tables(self, projection: type[ReadModel], generation: int) -> dict[str, str]:
        names = {own: self.table(projection.name, generation, own) for own in projection.tables}
        names["documents"] = self.table(projection.name, generation)
        return names

    @property
    def tracking_table(self) -> str:
        return "tracking" if self.engine == "sqlite" else POSTGRES_TRACKING

    def tracking_key(self, projection: str, generation: int) -> str:
        return f"{self.app.name}/{projection}/g{generation}"

    # ------------------------------------------------------------------ generations

    def create_generation(
        self,
        cursor: Any,
        projection: type[ReadModel],
        generation: int,
        *,
        indexes: bool = True,
    ) -> None:
        names = self.tables(projection, generation)
        self.execute(
            cursor,
            "CREATE TABLE IF NOT EXISTS {documents} (key TEXT PRIMARY KEY, doc TEXT NOT NULL)",
            tables=names,
        )
        for own, columns in projection.tables.items():
            # The column list is the projection author's code, never runtime input.
            self.execute(
                cursor,
                "CREATE TABLE IF NOT EXISTS {table} ({columns})",
                tables={"table": names[own], "columns": columns},
            )
        if indexes:
            self.create_indexes(cursor, projection, generation)

    def create_indexes(self, cursor: Any, projection: type[ReadModel], generation: int) -> None:
        names = self.tables(projection, generation)
        for index, spec in projection.indexes.items():
            physical = self.table(projection.name, generation, index).removeprefix(self.prefix)
            self.execute(
                cursor,
                "CREATE INDEX IF NOT EXISTS {index} ON {target}",
                tables={"index": f"ix_{physical}", "target": spec.format_map(names)},
            )

    def drop_generation(self, cursor: Any, projection: type[ReadModel], generation: int) -> None:
        for name in self.tables(projection, generation).values():
            self.execute(cursor, "DROP TABLE IF EXISTS {table}", tables={"table": name})
        self.execute(
            cursor,
            "DELETE FROM {dead_letters} WHERE projection=? AND generation=?",
            (projection.name, generation),
        )

    def generation_row(self, cursor: Any, name: str) -> dict[str, Any] | None:
        found = self.rows(cursor, "SELECT * FROM {generations} WHERE name=?", (name,))
        return found[0] if found else None

    def generations(self) -> list[dict[str, Any]]:
        if self.read_only and not self.has_table(GENERATIONS):
            return []  # no view was ever built in this store
        with self.transaction(commit=False) as c:
            return self.rows(c, "SELECT * FROM {generations} ORDER BY name")

    def position(self, projection: str, generation: int) -> int:
        if self.read_only and not self.has_table(self.tracking_table):
            return 0
        return self.tracking.max_tracking_id(self.tracking_key(projection, generation)) or 0

    def position_in(self, cursor: Any, projection: str, generation: int) -> int:
        # The private reader runs in *our* transaction, after the lock: the read is current.
        key = self.tracking_key(projection, generation)
        found = cast(Any, self.tracking)._max_tracking_id(key, cursor)
        return int(found or 0)

    def track(self, cursor: Any, projection: str, generation: int, position: int) -> None:
        # eventsourcing's own insert, in our transaction: view change and tracking commit together.
        tracking = Tracking(self.tracking_key(projection, generation), position)
        cast(Any, self.tracking)._insert_tracking(cursor, tracking)

    def head(self) -> int:
        return int(self.app.recorder.max_notification_id() or 0)

    def dead_letters(self, cursor: Any, projection: str, generation: int) -> list[dict[str, Any]]:
        if self.read_only and not self.has_table(DEAD_LETTERS):
            return []
        return self.rows(
            cursor,
            "SELECT * FROM {dead_letters} WHERE projection=? AND generation=? ORDER BY position",
            (projection, generation),
        )


@contextmanager
def scratch_store(app: Application[Any]) -> Iterator[ViewStore]:
    """Views of ``app``'s log in a throwaway SQLite file in the system's temporary folder
    (``TMPDIR``), removed on exit: where audits build what they compare, never the store."""
    from eventsourcing.sqlite import SQLiteDatastore

    with tempfile.TemporaryDirectory(prefix="pelayanan-scratch-") as folder:
        datastore = SQLiteDatastore(str(Path(folder) / "views.db"))
        try:
            yield ViewStore(app, datastore=datastore)
        finally:
            datastore.close()
