"""Where each data subject's key lives, and where its destruction is recorded.

:class:`SubjectKeys` keeps one random AES-256 key per subject in the event store's own database
(table ``pelayanan_subject_keys``, created on SQLite and PostgreSQL through the application's
datastore; fixed SQL, values always passed as parameters). Erasing a subject sets its key to
NULL and records when, by whom and why, in the same row: the erasure is an auditable fact, and
the row carries nothing about the person (the subject id is random).

Limits, stated in docs/privacy.md: keys in the same database protect against nothing on their
own (they exist for crypto-shredding, not secrecy at rest; add the store-wide cipher for that);
backups taken before an erasure still hold the key; PostgreSQL keeps the old row version until
VACUUM, SQLite overwrites it (``secure_delete``).
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

import attrs
from eventsourcing.application import Application

from pelayanan.domain.errors import InvalidValue, NotFound, StorageError
from pelayanan.domain.values import Actor, require_aware, require_text
from pelayanan.privacy import crypto
from pelayanan.storage.sql import dialect_of

TABLE = "pelayanan_subject_keys"


@attrs.frozen
class Erasure:
    """Who destroyed a subject's key, when and why (never anything about the subject)."""

    subject: UUID
    erased_at: datetime
    erased_by: str
    reason: str


@runtime_checkable
class KeyVault(Protocol):
    """What the service needs from a key store; another one (an HSM, a KMS) can stand in."""

    def create(self, subject: UUID) -> bytes:
        """A new random key for a new subject (refused if the subject has one already)."""
        ...

    def key(self, subject: UUID) -> bytes | None:
        """The subject's key; None once erased; :class:`NotFound` for an unknown subject."""
        ...

    def erase(self, subject: UUID, *, actor: Actor, reason: str, at: datetime) -> Erasure:
        """Destroy the key for good and record the erasure; erasing twice is refused."""
        ...

    def erasure(self, subject: UUID) -> Erasure | None:
        """The recorded erasure of the subject's key, or None while the key exists."""
        ...


def keeps_subject_keys(app: Application[Any]) -> bool:
    """Was this store ever opened with its key vault (so personal data in it is sealed)?"""
    recorder: Any = app.recorder
    dialect = dialect_of(recorder)
    if dialect is None:
        return False
    with recorder.datastore.transaction(commit=False) as cursor:
        return dialect.has_table(cursor, TABLE)


class SubjectKeys:
    """A :class:`KeyVault` in the application's own SQLite or PostgreSQL database."""

    def __init__(self, app: Application[Any]) -> None:
        recorder: Any = app.recorder
        self._datastore: Any = recorder.datastore
        dialect = dialect_of(recorder)
        if dialect is None:
            raise StorageError(
                f"subject keys need the SQLite or PostgreSQL store, not {type(recorder).__module__}"
            )
        self._dialect = dialect
        self._postgres = dialect.is_postgres
        self._table = dialect.prefix + TABLE
        from pelayanan.storage.readonly import is_read_only

        if is_read_only(app):
            return  # a checking command only reads keys: never creates their table
        with self._datastore.transaction(commit=True) as c:
            c.execute(
                self._sql(
                    "CREATE TABLE IF NOT EXISTS {t} (subject TEXT PRIMARY KEY, key TEXT, "
                    "created_at TEXT NOT NULL, erased_at TEXT, erased_by TEXT, reason TEXT)"
                )
            )

    def _sql(self, template: str) -> str:
        # The only text substituted is the table name: a constant plus a validated schema name.
        return self._dialect.sql(template.format(t=self._table))

    def _row(self, subject: UUID) -> dict[str, Any] | None:
        with self._datastore.transaction(commit=False) as c:
            c.execute(self._sql("SELECT * FROM {t} WHERE subject = ?"), (str(subject),))
            row = c.fetchone()
        return None if row is None else dict(row)

    def create(self, subject: UUID) -> bytes:
        key = crypto.new_key()
        now = datetime.now().astimezone().isoformat()
        try:
            with self._datastore.transaction(commit=True) as c:
                c.execute(
                    self._sql("INSERT INTO {t} (subject, key, created_at) VALUES (?, ?, ?)"),
                    (str(subject), base64.b64encode(key).decode(), now),
                )
        except Exception as exc:
            if self._row(subject) is not None:
                raise InvalidValue(f"data subject {subject} already has a key") from None
            raise StorageError(f"cannot store a key for data subject {subject}: {exc}") from None
        return key

    def key(self, subject: UUID) -> bytes | None:
        row = self._row(subject)
        if row is None:
            raise NotFound(f"no key is recorded for data subject {subject}")
        return None if row["key"] is None else base64.b64decode(row["key"])

    def erase(self, subject: UUID, *, actor: Actor, reason: str, at: datetime) -> Erasure:
        require_text("reason", reason, 2000)
        require_aware("at", at)
        if not isinstance(actor, Actor):
            raise InvalidValue(f"actor must be an Actor, got {actor!r}")
        by = f"{actor.name} ({actor.role})"
        # FOR UPDATE: of two concurrent erasers on PostgreSQL, the second waits and is refused.
        select = (
            "SELECT key, erased_at FROM {t} WHERE subject = ? FOR UPDATE"
            if self._postgres
            else "SELECT key, erased_at FROM {t} WHERE subject = ?"
        )
        with self._datastore.transaction(commit=True) as c:
            if not self._postgres:
                # Overwrite the old key bytes in the file instead of leaving them in a free page.
                c.execute("PRAGMA secure_delete = ON")
            c.execute(
                self._sql(select),
                (str(subject),),
            )
            row = c.fetchone()
            if row is None:
                raise NotFound(f"no key is recorded for data subject {subject}")
            if row["key"] is None:
                raise InvalidValue(f"data subject {subject} was erased at {row['erased_at']}")
            c.execute(
                self._sql(
                    "UPDATE {t} SET key = NULL, erased_at = ?, erased_by = ?, reason = ? "
                    "WHERE subject = ?"
                ),
                (at.isoformat(), by, reason, str(subject)),
            )
        return Erasure(subject=subject, erased_at=at, erased_by=by, reason=reason)

    def erasure(self, subject: UUID) -> Erasure | None:
        row = self._row(subject)
        if row is None or row["erased_at"] is None:
            return None
        return Erasure(
            subject=subject,
            erased_at=datetime.fromisoformat(row["erased_at"]),
            erased_by=str(row["erased_by"]),
            reason=str(row["reason"]),
        )
