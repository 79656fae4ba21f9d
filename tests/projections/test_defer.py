"""Deferred rows: inserted at the end of each batch, in its transaction, exactly once."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application

from pelayanan.projections import ReadModelRunner
from tests.projections.support import DeferredLedger, record


def rows(runner: ReadModelRunner) -> list[tuple[int, int]]:
    found = runner.reader("deferred_ledger").query(
        "SELECT position, amount FROM {bumps} ORDER BY position"
    )
    return [(r["position"], r["amount"]) for r in found]


def test_deferred_rows_of_many_batches_are_each_stored_once_in_log_order(
    app: Application[Any],
) -> None:
    record(app, counters=3, bumps=20)
    runner = ReadModelRunner(app, [DeferredLedger], page_size=7)

    runner.catch_up()

    bumps = [n.id for n in app.recorder.select_notifications(1, 1000) if "Bumped" in n.topic]
    assert rows(runner) == [(position, 1) for position in bumps]
    runner.catch_up()  # nothing new: nothing inserted twice (the key would refuse it)
    assert len(rows(runner)) == 60


def test_the_row_deferred_by_an_event_that_fails_is_not_stored(app: Application[Any]) -> None:
    (counter,) = record(app, counters=1, bumps=2)
    counter.bump(-5)
    counter.bump(2)
    app.save(counter)
    runner = ReadModelRunner(app, [DeferredLedger])

    runner.catch_up()

    (letter,) = runner.dead_letters("deferred_ledger")
    assert [amount for _, amount in rows(runner)] == [1, 1, 2]
    assert letter.position not in [position for position, _ in rows(runner)]


def indexes(runner: ReadModelRunner) -> list[str]:
    """The names of the ledger's indexes, of every generation."""
    pattern = "%deferred_ledger__by_counter_g%"
    with runner.store.transaction(commit=False) as cursor:
        if runner.store.engine == "postgres":
            sql = "SELECT indexname AS name FROM pg_indexes WHERE indexname LIKE ?"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE ?"
        return sorted(row["name"] for row in runner.store.rows(cursor, sql, (pattern,)))


def test_a_rebuild_indexes_its_rows_once_they_are_in_when_the_projection_asks(
    app: Application[Any],
) -> None:
    record(app, counters=2, bumps=10)
    runner = ReadModelRunner(app, [DeferredLedger], page_size=5)
    runner.catch_up()
    (live,) = indexes(runner)  # the first generation is live at once: indexed from the start
    during: list[list[str]] = []

    runner.rebuild(progress=lambda _: during.append(indexes(runner)))

    assert during and all(seen == [live] for seen in during)  # the new one had none yet
    (rebuilt,) = indexes(runner)
    assert rebuilt != live and rebuilt.endswith("_g2")
    assert len(rows(runner)) == 20
