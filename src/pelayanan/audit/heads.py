"""The chain heads a verification carries: each aggregate's last version and chain link.

A single pass in notification order must remember every aggregate's head until that aggregate's
next event, and a city's log keeps gaining aggregates (every complaint, every sidak), so a plain
dictionary grows with the log. :class:`ChainHeads` keeps the recently used heads in memory in two
generations; when the newer one fills, the older one is written to a private temporary SQLite
file and the newer one takes its place. Most aggregates are short-lived (a complaint is settled
in weeks), so the file is rarely read; the long-lived ones (offices) are used often enough to
stay in memory. Lookups see the newest value first: memory, then the file (upserted, in
generation order), so the answer is always what a dictionary would have said.
"""

from __future__ import annotations

import sqlite3

DEFAULT_CAPACITY = 1 << 14
"""Heads per in-memory generation (two generations: up to 32,768 heads, about 8 MB)."""


class ChainHeads:
    def __init__(self, capacity: int | None = None) -> None:
        capacity = DEFAULT_CAPACITY if capacity is None else capacity
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._hot: dict[bytes, tuple[int, bytes]] = {}
        self._warm: dict[bytes, tuple[int, bytes]] = {}
        self._spilled: sqlite3.Connection | None = None
        self.count = 0  # distinct aggregates seen

    def get(self, originator: bytes) -> tuple[int, bytes] | None:
        found = self._hot.get(originator)
        if found is None:
            found = self._warm.get(originator)
            if found is None and self._spilled is not None:
                row = self._spilled.execute(
                    "SELECT version, link FROM heads WHERE id = ?", (originator,)
                ).fetchone()
                found = None if row is None else (row[0], row[1])
        return found

    def set(self, originator: bytes, head: tuple[int, bytes], *, new: bool) -> None:
        """Record ``originator``'s head; ``new`` when :meth:`get` found none for it."""
        if new:
            self.count += 1
        self._hot[originator] = head
        if len(self._hot) >= self._capacity:
            self._rotate()

    def _rotate(self) -> None:
        if self._warm:
            if self._spilled is None:
                # "" is SQLite's private temporary file: deleted when closed, never shared.
                self._spilled = sqlite3.connect("")
                self._spilled.execute(
                    "CREATE TABLE heads (id BLOB PRIMARY KEY, version INTEGER, link BLOB) "
                    "WITHOUT ROWID"
                )
            self._spilled.executemany(
                "INSERT OR REPLACE INTO heads VALUES (?, ?, ?)",
                ((k, v, link) for k, (v, link) in self._warm.items()),
            )
        self._warm, self._hot = self._hot, {}

    def close(self) -> None:
        if self._spilled is not None:
            self._spilled.close()
            self._spilled = None
