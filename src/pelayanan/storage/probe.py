"""The questions commands ask the store, each in one statement: where the notification log's
head is, whether a record exists, and what kind of record it is (its first event's topic).

eventsourcing's SQLite recorder wraps every read in ``BEGIN`` ... ``ROLLBACK``: three statements
and about 35 to 60 µs of CPU for a one-row answer (docs/performance.md). A single ``SELECT`` is
atomic by itself, so on SQLite these are asked on a pooled connection without the explicit
transaction; on PostgreSQL eventsourcing already asks in one statement, and its own methods are
used.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from uuid import UUID

from eventsourcing.persistence import OperationalError
from eventsourcing.sqlite import SQLiteDatastore


class Probe:
    """One recorder's head and existence questions (raise eventsourcing's errors on failure)."""

    def __init__(self, recorder: Any) -> None:
        self._recorder = recorder
        datastore = getattr(recorder, "datastore", None)
        self._sqlite: SQLiteDatastore | None = (
            datastore if isinstance(datastore, SQLiteDatastore) else None
        )
        if self._sqlite is not None:
            table = recorder.events_table_name
            self._head = recorder.select_max_notification_id_statement
            self._exists = f"SELECT 1 FROM {table} WHERE originator_id = ? LIMIT 1"  # noqa: S608
            self._first = (
                f"SELECT topic FROM {table} WHERE originator_id = ? "  # noqa: S608
                "ORDER BY originator_version LIMIT 1"
            )

    def head(self) -> int:
        """The notification id of the newest event (0 when there is none)."""
        if self._sqlite is None:
            return int(self._recorder.max_notification_id() or 0)
        row = self._one(self._head, ())
        return int(row[0] or 0) if row is not None else 0

    def exists(self, aggregate_id: UUID) -> bool:
        """Has any event of ``aggregate_id`` been recorded?"""
        if self._sqlite is None:
            return bool(self._recorder.select_events(aggregate_id, limit=1))
        return self._one(self._exists, (aggregate_id.hex,)) is not None

    def first_topic(self, aggregate_id: UUID) -> str | None:
        """The topic of the first event of ``aggregate_id``; None when none is recorded."""
        if self._sqlite is None:
            found = self._recorder.select_events(aggregate_id, limit=1)
            return str(found[0].topic) if found else None
        row = self._one(self._first, (aggregate_id.hex,))
        return None if row is None else str(row[0])

    def _one(self, statement: str, params: tuple[Any, ...]) -> Any:
        assert self._sqlite is not None
        try:
            with self._sqlite.get_connection(commit=False) as connection:
                cursor = connection.cursor()
                cursor.execute(statement, params)
                return cursor.fetchone()
        except sqlite3.Error as exc:  # as eventsourcing's own reads would report it
            raise OperationalError(exc) from exc
