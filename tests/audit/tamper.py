"""Direct edits of the stored tables, as someone with database access would make them.

Nothing here goes through eventsourcing or pelayanan: the point is to change the bytes behind the
library's back, on SQLite (the file) and PostgreSQL (the tables) alike.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from uuid import UUID

from pelayanan.storage.settings import parse_location

SHIFT = 1_000_000


class Tamperer:
    def __init__(self, url: str, application: str) -> None:
        location = parse_location(url)
        self.sqlite = location.is_sqlite
        if self.sqlite:
            self.conn: Any = sqlite3.connect(location.env["SQLITE_DBNAME"], isolation_level=None)
            self.table, self.id, self.p = "stored_events", "rowid", "?"
        else:
            import psycopg

            self.conn = psycopg.connect(url, autocommit=True)
            self.table, self.id, self.p = f"{application.lower()}_events", "notification_id", "%s"

    def close(self) -> None:
        self.conn.close()

    def sql(self, statement: str, *params: Any) -> list[Any]:
        cursor = self.conn.execute(statement.replace("?", self.p), params)
        return list(cursor.fetchall()) if cursor.description else []

    def _oid(self, originator: UUID) -> Any:
        return originator.hex if self.sqlite else originator

    def row(self, notification_id: int) -> tuple[Any, int, str, bytes]:
        rows = self.sql(
            f"SELECT originator_id, originator_version, topic, state FROM {self.table} "
            f"WHERE {self.id} = ?",
            notification_id,
        )
        originator, version, topic, state = rows[0]
        return originator, version, topic, bytes(state)

    def notification_of(self, originator: UUID, version: int) -> int:
        rows = self.sql(
            f"SELECT {self.id} FROM {self.table} "
            "WHERE originator_id = ? AND originator_version = ?",
            self._oid(originator),
            version,
        )
        return int(rows[0][0])

    def change_state(self, notification_id: int, old: bytes, new: bytes) -> None:
        *_, state = self.row(notification_id)
        assert old in state
        self.sql(
            f"UPDATE {self.table} SET state = ? WHERE {self.id} = ?",
            state.replace(old, new),
            notification_id,
        )

    def delete(self, notification_id: int) -> None:
        self.sql(f"DELETE FROM {self.table} WHERE {self.id} = ?", notification_id)

    def delete_aggregate(self, originator: UUID) -> None:
        self.sql(f"DELETE FROM {self.table} WHERE originator_id = ?", self._oid(originator))

    def swap(self, a: int, b: int) -> None:
        """Exchange the notification positions of two events."""
        self.sql(f"UPDATE {self.table} SET {self.id} = ? WHERE {self.id} = ?", -1, a)
        self.sql(f"UPDATE {self.table} SET {self.id} = ? WHERE {self.id} = ?", a, b)
        self.sql(f"UPDATE {self.table} SET {self.id} = ? WHERE {self.id} = ?", b, -1)

    def insert_after(
        self, notification_id: int, originator: UUID, version: int, topic: str, state: bytes
    ) -> int:
        """Make room after ``notification_id`` by shifting later events up, then insert there."""
        self.sql(
            f"UPDATE {self.table} SET {self.id} = {self.id} + ? WHERE {self.id} > ?",
            SHIFT,
            notification_id,
        )
        self.sql(
            f"UPDATE {self.table} SET {self.id} = {self.id} - ? + 1 WHERE {self.id} > ?",
            SHIFT,
            SHIFT,
        )
        new_id = notification_id + 1
        self.sql(
            f"INSERT INTO {self.table} ({self.id}, originator_id, originator_version, topic, "
            "state) VALUES (?, ?, ?, ?, ?)",
            new_id,
            self._oid(originator),
            version,
            topic,
            state,
        )
        return new_id
