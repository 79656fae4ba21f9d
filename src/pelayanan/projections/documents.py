"""The document view a handler writes to: JSON documents keyed by text, cached per batch.

Within one batch every document a handler touches is read from the database at most once and
written at most once, when the batch flushes (one statement per table per batch, not per event).
Documents are JSON (``json`` from the standard library), so a value that is not JSON-compatible is
refused at flush with a message naming the key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pelayanan.projections.api import Json, ReadModelError
from pelayanan.projections.store import ViewStore
from pelayanan.storage.readjson import loads

_MISSING = object()


class Documents:
    """A :class:`~pelayanan.projections.api.View` over one generation of one projection."""

    def __init__(self, store: ViewStore, cursor: Any, tables: dict[str, str]) -> None:
        self.position = 0
        self._store = store
        self._cursor = cursor
        self._tables = tables
        self._cache: dict[str, Any] = {}  # key -> doc, or _MISSING when known absent
        self._dirty: set[str] = set()
        self._rendered: dict[str, str] = {}
        self._deferred: dict[str, list[Sequence[Any]]] = {}
        self._select = store.sql("SELECT doc FROM {documents} WHERE key=?", tables)

    def get(self, key: str) -> Json | None:
        """The document, or None. Treat it as read-only: change it with put() or update()."""
        doc = self._cache.get(key, _MISSING)
        if doc is _MISSING and key not in self._cache:
            self._cursor.execute(self._select, (key,))
            row = self._cursor.fetchone()
            doc = _MISSING if row is None else loads(row["doc"])
            self._cache[key] = doc
        return None if doc is _MISSING else doc

    def require(self, key: str) -> Json:
        """The document, which must exist: a missing one means the log and view disagree."""
        doc = self.get(key)
        if doc is None:
            raise ReadModelError(f"no document {key!r}; an earlier event should have made it")
        return doc

    def put(self, key: str, doc: Json) -> None:
        if not isinstance(key, str) or not key:
            raise ReadModelError(f"document keys are non-empty text, got {key!r}")
        if doc is None:
            raise ReadModelError("a document cannot be None; use delete()")
        self._cache[key] = doc
        self._dirty.add(key)

    def update(self, key: str, change: Callable[[Json], Json], default: Json | None = None) -> Json:
        """Put ``change(current)``; ``current`` is ``default`` when the key has no document."""
        current = self.get(key)
        if current is None:
            if default is None:
                raise ReadModelError(f"no document {key!r} to update, and no default given")
            current = json.loads(json.dumps(default))  # a fresh copy: defaults are shared
        new = change(current)
        self.put(key, current if new is None else new)
        return self._cache[key]

    def delete(self, key: str) -> None:
        self._cache[key] = _MISSING
        self._dirty.add(key)

    def items(self, prefix: str = "") -> Iterator[tuple[str, Json]]:
        """Every document whose key starts with ``prefix``, in key order, including this batch's."""
        self._cursor.execute(
            self._store.sql(
                "SELECT key, doc FROM {documents} WHERE substr(key, 1, ?) = ?", self._tables
            ),
            (len(prefix), prefix),
        )
        stored = {row["key"]: loads(row["doc"]) for row in self._cursor.fetchall()}
        for key, doc in self._cache.items():
            if key.startswith(prefix):
                if doc is _MISSING:
                    stored.pop(key, None)
                else:
                    stored[key] = doc
        for key in sorted(stored):
            yield key, stored[key]

    # ------------------------------------------------------------------ own tables

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run SQL on the projection's own tables: ``{name}`` is replaced by the table's name."""
        self._cursor.execute(self._render(sql), params)

    def defer(self, sql: str, params: Sequence[Any]) -> None:
        """Run ``sql`` with ``params`` when the batch flushes, in one ``executemany`` with the
        batch's other rows for the same statement: for appends that nothing in the same batch
        reads back. Still in the batch's transaction, so they commit with its position. A row
        the database refuses at the flush fails the whole batch without naming its event, so a
        handler checks what the table's constraints would refuse before deferring."""
        self._deferred.setdefault(self._render(sql), []).append(params)

    def _render(self, sql: str) -> str:
        rendered = self._rendered.get(sql)
        if rendered is None:  # a handler runs the same few statements thousands of times
            rendered = self._rendered[sql] = self._store.sql(sql, self._tables)
        return rendered

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self._store.rows(self._cursor, sql, params, self._tables)

    # ------------------------------------------------------------------ batch end

    def flush(self) -> int:
        """Write the deferred rows and the changed documents in the batch's transaction; return
        how many documents."""
        for statement, rows in self._deferred.items():
            self._cursor.executemany(statement, rows)
        self._deferred.clear()
        upserts: list[tuple[str, str]] = []
        deletes: list[tuple[str]] = []
        for key in sorted(self._dirty):
            doc = self._cache[key]
            if doc is _MISSING:
                deletes.append((key,))
                continue
            try:
                upserts.append((key, json.dumps(doc, ensure_ascii=False, sort_keys=True)))
            except (TypeError, ValueError) as exc:
                raise ReadModelError(f"document {key!r} is not JSON: {exc}") from None
        if deletes:
            self._cursor.executemany(
                self._store.sql("DELETE FROM {documents} WHERE key=?", self._tables), deletes
            )
        if upserts:
            self._cursor.executemany(
                self._store.sql(
                    "INSERT INTO {documents} (key, doc) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET doc=excluded.doc",
                    self._tables,
                ),
                upserts,
            )
        self._dirty.clear()
        return len(upserts) + len(deletes)
