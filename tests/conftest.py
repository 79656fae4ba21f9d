"""Shared fixtures: a clock, actors, a service, and the two storage backends.

``store_url`` is parametrised over SQLite (a file in tmp_path) and PostgreSQL (a fresh database
on a throwaway server started once per session). Without PostgreSQL binaries the PostgreSQL cases
skip with the reason, except when ``PELAYANAN_REQUIRE_POSTGRES=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.values import WIB, Actor, Nip
from pelayanan.service import ComplianceService
from tests.support.postgres import PostgresServer, PostgresUnavailable

REQUIRE_POSTGRES = os.environ.get("PELAYANAN_REQUIRE_POSTGRES") == "1"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2024, 4, 29, 8, 0, tzinfo=WIB))


@pytest.fixture
def clerk() -> Actor:
    return Actor(name="Siti Rahayu", role="admin kelurahan", nip=Nip("198503122010012003"))


@pytest.fixture
def service(store_url: str, clock: ManualClock) -> Iterator[ComplianceService]:
    """A service on each backend, its recording clock the ``clock`` fixture."""
    app = ComplianceService.open(store_url, clock=clock)
    yield app
    app.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer().init()
    except PostgresUnavailable as exc:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here (PELAYANAN_REQUIRE_POSTGRES=1): {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.url(postgres_server.create_database())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    if request.param == "sqlite":
        return str(request.getfixturevalue("tmp_path") / "store.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a skipped PostgreSQL test is a failure: the suite must prove both backends."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if REQUIRE_POSTGRES and report.skipped and "postgres" in item.keywords:
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL test skipped in CI: {report.longrepr}"
