"""``Idempotency-Key``: a command sent twice (a flaky phone, a retrying client) is done once.

The first request with a key claims it in a table beside the views (same database, so every
worker sees it), runs, and stores its answer; a repeat gets that answer back. A repeat that
arrives while the first is still running gets 409 and can retry; a key reused for a different
request gets 422. A command that fails releases its key, so a corrected retry can run.

The claim and the command's events are two transactions: if the process dies between the
command's save and storing the answer, the key stays claimed without an answer and a retry gets
409 (the record itself is there, and its natural key refuses a duplicate).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

import attrs

from pelayanan.domain.errors import ConcurrencyConflict, InvalidValue
from pelayanan.projections.store import ViewStore, now_text

TABLE = "pelayanan_idempotency"
MAX_KEY = 200


@attrs.frozen
class Stored:
    status: int
    body: Any


class IdempotencyKeys:
    def __init__(self, store: ViewStore) -> None:
        self.store = store
        self.tables = {"keys": store.prefix + TABLE}
        with store.transaction() as c:
            store.execute(
                c,
                "CREATE TABLE IF NOT EXISTS {keys} (key TEXT PRIMARY KEY, fingerprint TEXT NOT "
                "NULL, claim TEXT NOT NULL, status INTEGER NOT NULL, body TEXT, "
                "created_at TEXT NOT NULL)",
                tables=self.tables,
            )

    @staticmethod
    def scoped(account: str, key: str, method: str, path: str) -> str:
        if not key or len(key) > MAX_KEY or not key.isprintable():
            raise InvalidValue(f"Idempotency-Key must be 1-{MAX_KEY} printable characters")
        return f"{account} {method} {path} {key}"

    @staticmethod
    def fingerprint(payload: Any) -> str:
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def claim(self, key: str, fingerprint: str) -> Stored | None:
        """None if this request now owns the key; the stored answer if it was done before."""
        # Whose claim stands is read back by a token of our own: the same on both databases.
        claim = secrets.token_hex(16)
        with self.store.transaction() as c:
            self.store.execute(
                c,
                "INSERT INTO {keys} (key, fingerprint, claim, status, created_at) "
                "VALUES (?, ?, ?, 0, ?) ON CONFLICT (key) DO NOTHING",
                (key, fingerprint, claim, now_text()),
                tables=self.tables,
            )
            rows = self.store.rows(
                c,
                "SELECT fingerprint, claim, status, body FROM {keys} WHERE key=?",
                (key,),
                tables=self.tables,
            )
        row = rows[0]
        if row["claim"] == claim:
            return None
        if row["fingerprint"] != fingerprint:
            raise InvalidValue(
                "this Idempotency-Key was already used for a different request; use a new key"
            )
        if int(row["status"]) == 0:
            raise ConcurrencyConflict(
                "the first request with this Idempotency-Key is still being processed; "
                "retry in a moment"
            )
        return Stored(int(row["status"]), json.loads(row["body"]))

    def finish(self, key: str, status: int, body: Any) -> None:
        with self.store.transaction() as c:
            self.store.execute(
                c,
                "UPDATE {keys} SET status=?, body=? WHERE key=?",
                (status, json.dumps(body, default=str), key),
                tables=self.tables,
            )

    def release(self, key: str) -> None:
        with self.store.transaction() as c:
            self.store.execute(c, "DELETE FROM {keys} WHERE key=?", (key,), tables=self.tables)
