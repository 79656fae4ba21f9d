"""Reading a view: documents by key or prefix, and SQL over a projection's own tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pelayanan.projections.api import Json, ReadModel
from pelayanan.projections.store import ViewStore
from pelayanan.storage.readjson import loads


class ViewReader:
    """Read-only access to one generation of a view; each call is its own read transaction."""

    def __init__(self, store: ViewStore, projection: type[ReadModel], generation: int) -> None:
        self.projection = projection
        self.generation = generation
        self.store = store
        self.tables = store.tables(projection, generation)
        """Placeholder -> physical table name: ``documents`` and each own table."""
        self._store = store
        self._tables = self.tables

    def get(self, key: str) -> Json | None:
        with self._store.transaction(commit=False) as c:
            found = self._store.rows(
                c, "SELECT doc FROM {documents} WHERE key=?", (key,), self._tables
            )
        return loads(found[0]["doc"]) if found else None

    def items(self, prefix: str = "") -> list[tuple[str, Json]]:
        """Documents whose key starts with ``prefix``, in key order.

        A range of the key index (``prefix`` <= key < ``prefix`` with its last character
        moved up one), not a scan: a view keeps many documents beside the ones a page lists
        (the board's 57 offices sit among an owner entry per sidak, complaint and case).
        The range is compared byte-wise (``COLLATE "C"`` on PostgreSQL, SQLite's own), where
        every key with the prefix lies inside it whatever the database's collation.
        """
        params: tuple[object, ...]
        if not prefix or ord(prefix[-1]) >= 0x10FFFF:
            sql = "SELECT key, doc FROM {documents} WHERE substr(key, 1, ?) = ?"
            params = (len(prefix), prefix)
        else:
            bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            sql = (
                "SELECT key, doc FROM {documents} WHERE key >= ? AND key < ?"
                if self._store.engine == "sqlite"
                else 'SELECT key, doc FROM {documents} WHERE key COLLATE "C" >= ? '
                'AND key COLLATE "C" < ?'
            )
            params = (prefix, bound)
        with self._store.transaction(commit=False) as c:
            found = self._store.rows(c, sql, params, self._tables)
        return sorted((r["key"], loads(r["doc"])) for r in found)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """SQL over the projection's tables, named ``{documents}`` and ``{<own table>}``."""
        with self._store.transaction(commit=False) as c:
            return self._store.rows(c, sql, params, self._tables)
