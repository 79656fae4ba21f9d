"""Sign-in limits that every server process shares: failed attempts in a table of the store.

At most ``per_name`` failed sign-ins for one account name, and ``per_address`` from one client
address, in ``window`` seconds; past that, :class:`~pelayanan.web.auth.TooManyAttempts` (429)
until the oldest failure leaves the window. An office shares one address behind its router, so
the address limit is looser; guessing one account's password is what the name limit stops.

The failures live in a small table beside the views (``pelayanan_login_failures``, in the same
database: SQLite or PostgreSQL), so N workers, or N servers over one store, allow what one does.
It belongs to the web layer and holds no events: nothing in it is a fact worth keeping. A row
holds the SHA-256 digest of ``name:<name>`` or ``addr:<address>`` (a password typed into the
name field is not kept as typed) and the time of the failure, and is deleted once it has left
the window. Times are the servers' wall clocks, which workers of one deployment share.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from pelayanan.projections.store import ViewStore
from pelayanan.web.auth import TooManyAttempts

TABLE = "pelayanan_login_failures"


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


class LoginThrottle:
    """Failed sign-ins per name and per address, counted in the store's database."""

    def __init__(
        self,
        store: ViewStore,
        *,
        per_name: int = 5,
        per_address: int = 30,
        window: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.limits = {"name": per_name, "addr": per_address}
        self.window = window
        self.clock = clock
        self.tables = {"failures": store.prefix + TABLE, "index": TABLE + "_by_key"}
        with store.transaction() as c:
            store.execute(
                c,
                "CREATE TABLE IF NOT EXISTS {failures} "
                "(key TEXT NOT NULL, failed_at DOUBLE PRECISION NOT NULL)",
                tables=self.tables,
            )
            store.execute(
                c,
                "CREATE INDEX IF NOT EXISTS {index} ON {failures} (key, failed_at)",
                tables=self.tables,
            )

    def _keys(self, name: str, address: str) -> dict[str, str]:
        return {_digest("name", name): "name", _digest("addr", address): "addr"}

    def check(self, name: str, address: str) -> None:
        """Refuse with TooManyAttempts if either limit is reached; otherwise nothing."""
        keys = self._keys(name, address)
        since = self.clock() - self.window
        with self.store.transaction(commit=False) as c:
            rows = self.store.rows(
                c,
                "SELECT key, COUNT(*) AS n FROM {failures} "
                "WHERE key IN (?, ?) AND failed_at > ? GROUP BY key",
                (*keys, since),
                tables=self.tables,
            )
        for row in rows:
            if int(row["n"]) >= self.limits[keys[row["key"]]]:
                raise TooManyAttempts("too many failed sign-ins; wait a few minutes and try again")

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self.store.transaction() as c:
            for key in self._keys(name, address):
                self.store.execute(
                    c,
                    "INSERT INTO {failures} (key, failed_at) VALUES (?, ?)",
                    (key, now),
                    tables=self.tables,
                )
            # Failures that left the window count for nothing: the table stays small.
            self.store.execute(
                c,
                "DELETE FROM {failures} WHERE failed_at <= ?",
                (now - self.window,),
                tables=self.tables,
            )

    def succeeded(self, name: str) -> None:
        """A right password clears the name's failures (not the address's)."""
        with self.store.transaction() as c:
            self.store.execute(
                c,
                "DELETE FROM {failures} WHERE key = ?",
                (_digest("name", name),),
                tables=self.tables,
            )
