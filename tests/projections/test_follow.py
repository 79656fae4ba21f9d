"""Following live: polling on SQLite, LISTEN/NOTIFY on PostgreSQL, through a server restart."""

from __future__ import annotations

import time
from typing import Any

import pytest
from eventsourcing.application import Application

from pelayanan.projections import Follower, HandlerFailed, ReadModelRunner
from pelayanan.storage.settings import parse_location
from tests.projections.support import Counter, Totals, record
from tests.support.postgres import PostgresServer


def test_a_follower_keeps_the_view_up_to_date_as_events_arrive(app: Application[Any]) -> None:
    runner = ReadModelRunner(app, [Totals])
    with Follower(runner, poll_interval=0.05):
        for round_ in range(1, 4):
            (counter,) = record(app, counters=1, bumps=round_)
            runner.wait(app.recorder.max_notification_id(), timeout=10)
            assert runner.reader("totals").get(f"counter:{counter.id}")["n"] == round_


def test_a_follower_stops_on_a_failing_handler_and_reports_it(app: Application[Any]) -> None:
    runner = ReadModelRunner(app, [Totals])
    follower = Follower(runner, poll_interval=0.05).start()
    bad = Counter("bad")
    bad.bump(-5)
    app.save(bad)
    deadline = time.monotonic() + 10
    while follower.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not follower.running
    with pytest.raises(HandlerFailed):
        follower.stop()
    assert runner.status()[0].position == 1


@pytest.mark.postgres
def test_a_follower_survives_a_postgresql_restart(
    postgres_server: PostgresServer, postgres_url: str
) -> None:
    app: Application[Any] = Application(env=parse_location(postgres_url).env)
    runner = ReadModelRunner(app, [Totals])
    follower = Follower(runner, poll_interval=0.1, max_backoff=0.5).start()
    try:
        record(app, counters=1, bumps=2)
        runner.wait(3, timeout=10)

        postgres_server.restart(down_for=0.5)
        (late,) = record(app, counters=1, bumps=4)  # the application's own retry reconnects

        runner.wait(app.recorder.max_notification_id(), timeout=30)
        assert follower.running and follower.reconnects >= 1
        assert runner.reader("totals").get(f"counter:{late.id}")["n"] == 4
    finally:
        follower.stop()
        app.close()
