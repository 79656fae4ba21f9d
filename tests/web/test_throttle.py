"""Sign-in limits are shared by every server process over one store.

Given failed sign-ins recorded by one process (a worker, or another server over the same
database), when another process checks the same name or address, then it counts them too:
the sixth attempt for a name is refused (429) wherever it lands. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import httpx
import pytest

from pelayanan.projections.store import ViewStore
from pelayanan.service import ComplianceService
from pelayanan.web.auth import TooManyAttempts
from pelayanan.web.throttle import TABLE, LoginThrottle
from tests.web.support import PASSWORD, csrf_field, running_server


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_failures_recorded_by_one_process_count_in_another(store_url: str) -> None:
    first = ComplianceService.open(store_url)
    second = ComplianceService.open(store_url)  # another worker: its own connections
    clock = Clock()
    try:
        one = LoginThrottle(ViewStore(first), clock=clock)
        other = LoginThrottle(ViewStore(second), clock=clock)
        for _ in range(4):
            one.failed("sekda", "10.0.0.1")
            other.check("sekda", "10.0.0.2")  # four: still allowed
        other.failed("sekda", "10.0.0.2")
        for throttle in (one, other):
            with pytest.raises(TooManyAttempts):
                throttle.check("sekda", "10.0.0.3")
        other.check("satgas1", "10.0.0.3")  # another name from another address: allowed
        clock.now += 301  # the failures leave the five-minute window
        one.check("sekda", "10.0.0.1")
        # A wrong password after that starts the count again; a right one clears the name.
        one.failed("sekda", "10.0.0.1")
        other.succeeded("sekda")
        store = ViewStore(first)
        with store.transaction(commit=False) as c:
            rows = store.rows(c, "SELECT key FROM {t}", tables={"t": store.prefix + TABLE})
        # The expired failures are gone; what is left is a digest, never the name typed.
        assert len(rows) == 1 and all("sekda" not in r["key"] for r in rows)
    finally:
        first.close()
        second.close()


def test_the_address_limit_is_shared_too(store_url: str) -> None:
    first = ComplianceService.open(store_url)
    second = ComplianceService.open(store_url)
    try:
        one, other = LoginThrottle(ViewStore(first)), LoginThrottle(ViewStore(second))
        for i in range(15):
            one.failed(f"tebakan{i}", "10.0.0.9")
            other.failed(f"coba{i}", "10.0.0.9")
        with pytest.raises(TooManyAttempts):
            one.check("satgas1", "10.0.0.9")
    finally:
        first.close()
        second.close()


def _sign_in(base: str, name: str, password: str) -> int:
    with httpx.Client(base_url=base, timeout=30.0) as http:  # a new connection each time
        token = csrf_field(http.get("/login").text)
        form = {"name": name, "password": password, "_csrf_token": token}
        return http.post("/login", data=form).status_code


@pytest.mark.slow
def test_two_servers_over_one_store_share_the_sign_in_limit(
    web_store: tuple[str, dict[str, str]],
) -> None:
    """Five wrong passwords on one server; the sixth attempt, on the other, is refused."""
    db, _ = web_store
    with running_server(db) as first, running_server(db) as second:
        for _ in range(5):
            assert _sign_in(first, "sekda", "bukan kata sandinya") == 401
        assert _sign_in(second, "sekda", PASSWORD) == 429
        assert _sign_in(first, "sekda", PASSWORD) == 429
        assert _sign_in(second, "satgas1", PASSWORD) in (200, 303)


@pytest.mark.slow
def test_two_workers_share_the_sign_in_limit(sqlite_store: tuple[str, dict[str, str]]) -> None:
    """With --workers 2, every attempt after the fifth failure is refused, whichever worker
    takes the connection (each attempt is a new connection)."""
    db, _ = sqlite_store
    with running_server(db, "--workers", "2") as base:
        for _ in range(5):
            assert _sign_in(base, "sekda", "bukan kata sandinya") == 401
        assert [_sign_in(base, "sekda", PASSWORD) for _ in range(6)] == [429] * 6
