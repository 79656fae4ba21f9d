"""The SQL dialect of an application's store: which engine it is, and statements in its style.

pelayanan's own tables (projection views, subject keys, the audit log's seal) are queried with
statements written once, with SQLite's ``?`` placeholders; psycopg wants ``%s`` and reads any
other ``%`` as the start of one. This module is the one place that knows it.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

from pelayanan.domain.errors import StorageError

Engine = Literal["sqlite", "postgres"]

_SCHEMA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def for_engine(statement: str, engine: str) -> str:
    """``statement``, written with ``?`` placeholders, in ``engine``'s driver style.

    On PostgreSQL a literal ``%`` becomes ``%%``: execute the result with a parameter sequence
    (an empty one will do), so that psycopg reads it back as ``%``.
    """
    if engine == "postgres":
        return statement.replace("%", "%%").replace("?", "%s")
    return statement


@attrs.frozen
class Dialect:
    """The engine of one application's store and the prefix its own tables are named with."""

    engine: Engine
    prefix: str  # '"schema".' on PostgreSQL, empty on SQLite

    @property
    def is_postgres(self) -> bool:
        return self.engine == "postgres"

    def sql(self, statement: str) -> str:
        return for_engine(statement, self.engine)

    def has_table(self, cursor: Any, name: str) -> bool:
        """Does the table ``name`` (one of ours, unqualified) exist? Read in ``cursor``."""
        if self.is_postgres:
            cursor.execute("SELECT to_regclass(%s) AS found", [self.prefix + name])
        else:
            cursor.execute(
                "SELECT name AS found FROM sqlite_master WHERE type='table' AND name=?", [name]
            )
        row = cursor.fetchone()
        return row is not None and row["found"] is not None


def dialect_of(store: Any) -> Dialect | None:
    """The dialect of an eventsourcing recorder or datastore, or None for a store that is
    neither SQLite nor PostgreSQL (callers say what they need it for)."""
    module = type(store).__module__
    if module.startswith("eventsourcing.sqlite"):
        return Dialect("sqlite", "")
    if module.startswith("eventsourcing.postgres"):
        schema = str(getattr(store, "datastore", store).schema)
        if not _SCHEMA.match(schema):
            raise StorageError(f"unsupported PostgreSQL schema name {schema!r}")
        return Dialect("postgres", f'"{schema}".')
    return None
