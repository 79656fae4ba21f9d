"""One dialect helper for pelayanan's own SQL: engine detection and placeholder style."""

from __future__ import annotations

from pelayanan import ComplianceService
from pelayanan.storage.sql import dialect_of, for_engine


def test_sqlite_statements_are_left_as_written() -> None:
    statement = "SELECT * FROM t WHERE name LIKE '%a' AND id = ?"
    assert for_engine(statement, "sqlite") == statement


def test_postgres_statements_get_psycopg_placeholders_and_escaped_percent() -> None:
    assert (
        for_engine("SELECT * FROM t WHERE name LIKE '%a' AND id = ?", "postgres")
        == "SELECT * FROM t WHERE name LIKE '%%a' AND id = %s"
    )


def test_the_dialect_names_the_engine_and_the_schema_prefix(store_url: str) -> None:
    service = ComplianceService.open(store_url)
    try:
        dialect = dialect_of(service.recorder)
    finally:
        service.close()
    assert dialect is not None
    if service.location.engine == "postgres":
        assert (dialect.engine, dialect.prefix) == ("postgres", '"public".')
    else:
        assert (dialect.engine, dialect.prefix) == ("sqlite", "")


def test_a_store_of_another_kind_has_no_dialect() -> None:
    assert dialect_of(object()) is None
