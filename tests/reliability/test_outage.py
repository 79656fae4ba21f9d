"""A PostgreSQL outage while a writer and a live projection follower run: during the outage
the writer's commands raise StorageError (one line, naming the store, never the password); after
the restart they work again, every command that succeeded is stored, and the follower
reconnects by itself and catches up to the head.

The test runs its own server: stopping the suite's shared one would disturb other tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from pelayanan import (
    WIB,
    Actor,
    AlreadyExists,
    ComplianceService,
    ManualClock,
    Office,
    StorageError,
)
from pelayanan.projections import Follower, ReadModel, ReadModelRunner, View, handles
from tests.reliability.conftest import Figure
from tests.support.postgres import PostgresServer, PostgresUnavailable

PASSWORD = "rahasia-Malang-94"  # trust authentication ignores it; it must never be shown
CLERK = Actor(name="Operator", role="admin")
DOWN_FOR = 3.0


class Registered(ReadModel):
    name = "registered"
    version = 1

    @handles(Office.Registered)
    def registered(self, event: Office.Registered, view: View) -> None:
        view.put(event.code.value, {"name": event.name})


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer().init()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield server
    finally:
        server.destroy()


class Writer(threading.Thread):
    """Registers one new office after another and sorts out what happened to each command."""

    def __init__(self, service: ComplianceService) -> None:
        super().__init__(daemon=True)
        self.service = service
        self.stop = threading.Event()
        self.stored: list[str] = []
        self.refused: list[tuple[str, float, StorageError]] = []
        self.unexpected: list[BaseException] = []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            code = f"35.73.05.{1001 + n}"
            try:
                self.service.register_office(code, name=f"K{n}", kecamatan="Dinoyo", actor=CLERK)
            except StorageError as exc:
                self.refused.append((code, time.monotonic(), exc))
                time.sleep(0.05)
            except AlreadyExists:
                # The commit reached the server but its answer was lost: stored after all.
                self.stored.append(code)
                n += 1
            except BaseException as exc:
                self.unexpected.append(exc)
                return
            else:
                self.stored.append(code)
                n += 1
                time.sleep(0.01)


@pytest.mark.postgres
@pytest.mark.slow
def test_writer_and_follower_ride_out_a_server_restart(
    own_server: PostgresServer, figure: Figure
) -> None:
    url = (
        own_server.url(own_server.create_database()).replace("postgres@", f"postgres:{PASSWORD}@")
        + "?connect_timeout=1"
    )
    clock = ManualClock(datetime(2024, 5, 6, 8, tzinfo=WIB))
    service = ComplianceService.open(url, clock=clock)
    reader = ComplianceService.open(url, clock=clock)
    runner = ReadModelRunner(reader, [Registered])
    follower = Follower(runner, poll_interval=0.1, max_backoff=0.5).start()
    writer = Writer(service)
    try:
        writer.start()
        _wait(lambda: len(writer.stored) >= 20, "the writer never got going")
        own_server.stop()
        down_at = time.monotonic()
        _wait(lambda: any(t > down_at for _, t, _ in writer.refused), "no error in the outage")
        # On a busy machine the follower's thread may not run within DOWN_FOR: the server stays
        # down until it has met the outage too, so what is checked below is a ride-out.
        _wait(lambda: follower.reconnects >= 1, "the follower never met the outage")
        time.sleep(max(0.0, DOWN_FOR - (time.monotonic() - down_at)))
        stored_before_restart = len(writer.stored)
        own_server.start()
        up_at = time.monotonic()
        _wait(lambda: len(writer.stored) >= stored_before_restart + 20, "no writes after restart")
        writer.stop.set()
        writer.join(10)
        assert writer.unexpected == []

        for _, _, error in writer.refused:
            message = str(error)
            assert "\n" not in message and PASSWORD not in message
            assert own_server.url("").split("@")[1].split("/")[0] in message, message
            assert "unavailable" in message or "cannot" in message
        assert any(t < up_at for _, t, _ in writer.refused)

        head = service.head()
        stored_codes = {r.code.value for r in _offices(service)}
        assert set(writer.stored) <= stored_codes  # nothing that succeeded was lost
        refused_codes = {code for code, _, _ in writer.refused}
        assert stored_codes <= set(writer.stored) | refused_codes  # nothing appeared from nowhere

        runner.wait(head, timeout=30)
        assert follower.reconnects >= 1
        assert {k for k, _ in runner.reader("registered").items()} == stored_codes
        figure("commands succeeded", len(writer.stored))
        figure("commands refused with StorageError", len(writer.refused))
        figure("follower reconnects", follower.reconnects)
    finally:
        writer.stop.set()
        follower.stop()
        service.close()
        reader.close()


def _offices(service: ComplianceService) -> list[Office]:
    notifications = service.recorder.select_notifications(start=1, limit=100_000)
    return [service.get_office(n.originator_id) for n in notifications]


def _wait(condition: object, failure: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, failure
        time.sleep(0.02)
