"""The runners, specified on a tiny aggregate, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application

from pelayanan.projections import (
    HandlerFailed,
    Progress,
    ReadModel,
    ReadModelError,
    ReadModelRunner,
    View,
    handles,
)
from pelayanan.storage.settings import parse_location
from tests.projections.support import Counter, Crash, Ledger, Lenient, Totals, record


def totals(runner: ReadModelRunner, name: str = "totals") -> dict[str, tuple[int, int]]:
    return {k: (d["n"], d["bumps"]) for k, d in runner.reader(name).items("counter:")}


def test_catch_up_processes_to_the_head_in_batches_and_reports_progress(
    app: Application[Any],
) -> None:
    counters = record(app, counters=5, bumps=20)
    runner = ReadModelRunner(app, [Totals], page_size=30)
    seen: list[Progress] = []

    positions = runner.catch_up(progress=seen.append)

    head = app.recorder.max_notification_id()
    assert positions == {"totals": head}
    assert [p.position for p in seen] == [30, 60, 90, head]  # one commit per page of 30
    assert seen[-1].remaining == 0
    assert totals(runner) == {f"counter:{c.id}": (20, 20) for c in counters}
    (status,) = runner.status()
    assert (status.position, status.head, status.lag, status.dead_letters) == (head, head, 0, 0)


def test_events_of_unhandled_types_still_advance_the_position(app: Application[Any]) -> None:
    counter = record(app, counters=1, bumps=1)[0]
    counter.rename("renamed")  # Totals handles no Renamed event
    app.save(counter)
    runner = ReadModelRunner(app, [Totals])

    runner.catch_up()

    (status,) = runner.status()
    assert status.position == app.recorder.max_notification_id() == 3
    runner.wait(3, timeout=0.1)  # proven processed up to 3: no timeout


def test_a_handler_that_raises_stops_the_runner_at_that_event_and_skips_nothing(
    app: Application[Any],
) -> None:
    good = record(app, counters=1, bumps=3)[0]
    bad = Counter("bad")
    bad.bump(-1)
    app.save(bad)  # positions 5 (Created) and 6 (the poison)
    record(app, counters=1, bumps=2)
    runner = ReadModelRunner(app, [Totals], page_size=100)

    with pytest.raises(HandlerFailed) as failed:
        runner.catch_up()

    assert failed.value.position == 6 and "negative bump" in str(failed.value)
    (status,) = runner.status()
    assert status.position == 5  # everything before the poison is kept
    assert status.last_error is not None and "negative bump" in status.last_error
    assert status.error_position == 6
    assert totals(runner)[f"counter:{good.id}"] == (3, 3)
    with pytest.raises(HandlerFailed):  # and it stays stopped there: never skipped
        runner.catch_up()
    assert runner.status()[0].position == 5


def test_an_opted_in_projection_dead_letters_the_event_goes_on_and_retries_it(
    app: Application[Any],
) -> None:
    bad = Counter("bad")
    bad.bump(2)
    bad.bump(-1)
    bad.bump(3)
    app.save(bad)
    runner = ReadModelRunner(app, [Lenient])

    runner.catch_up()

    (status,) = runner.status()
    assert status.position == 4 and status.dead_letters == 1
    (letter,) = runner.dead_letters("lenient")
    assert letter.position == 3 and "negative bump -1" in letter.error
    assert letter.topic.endswith("Counter.Bumped") and letter.originator_id == str(bad.id)
    assert totals(runner, "lenient") == {f"counter:{bad.id}": (5, 2)}

    # Still failing: kept, attempts counted.
    assert runner.retry_dead_letters("lenient").still_failing == (3,)
    assert runner.dead_letters("lenient")[0].attempts == 2

    # Fixed handler: the retry applies it and removes the dead letter in one transaction.
    class Fixed(Lenient):
        @handles(Counter.Bumped)
        def bumped(self, e: Any, view: View) -> None:
            view.update(f"counter:{e.originator_id}", lambda d: d.update(n=d["n"] + abs(e.by)))

    fixed = ReadModelRunner(app, [Fixed])
    assert fixed.retry_dead_letters("lenient").resolved == (3,)
    assert fixed.dead_letters("lenient") == []
    assert fixed.reader("lenient").get(f"counter:{bad.id}")["n"] == 6


def test_a_runner_interrupted_mid_batch_resumes_with_nothing_twice_or_missed(
    app: Application[Any],
) -> None:
    counters = record(app, counters=4, bumps=40)  # 164 events
    Totals.crash_at = 130  # inside the third page of 50
    try:
        with pytest.raises(Crash):
            ReadModelRunner(app, [Totals, Ledger], page_size=50).catch_up()
    finally:
        Totals.crash_at = None

    resumed = ReadModelRunner(app, [Totals, Ledger], page_size=50)
    assert resumed.status("totals")[0].position == 100  # the interrupted page left no trace
    resumed.catch_up()  # Totals asserts no event is applied twice; Ledger's key would break

    assert totals(resumed) == {f"counter:{c.id}": (40, 40) for c in counters}
    rows = resumed.reader("ledger").query("SELECT COUNT(*) AS n, SUM(amount) AS s FROM {bumps}")
    assert (rows[0]["n"], rows[0]["s"]) == (160, 160)


def test_a_view_rebuilt_from_zero_equals_the_one_built_live(app: Application[Any]) -> None:
    runner = ReadModelRunner(app, [Totals, Ledger], page_size=7)
    for _ in range(5):
        record(app, counters=2, bumps=5)
        runner.catch_up()
    live = (
        runner.reader("totals").items(),
        runner.reader("ledger").query("SELECT * FROM {bumps} ORDER BY position"),
    )
    before = runner.status()

    runner.rebuild()

    after = runner.status()
    assert [s.generation for s in after] == [g + 1 for g in (s.generation or 0 for s in before)]
    rebuilt = (
        runner.reader("totals").items(),
        runner.reader("ledger").query("SELECT * FROM {bumps} ORDER BY position"),
    )
    assert rebuilt == live and len(live[1]) == 50


def test_a_new_version_is_rebuilt_blue_green_and_replaces_the_old_view_when_caught_up(
    app: Application[Any],
) -> None:
    (counter,) = record(app, counters=1, bumps=30)
    ReadModelRunner(app, [Totals]).catch_up()

    class TotalsV2(Totals):
        version = 2

        @handles(Counter.Bumped)
        def bumped(self, e: Any, view: View) -> None:
            view.update(f"counter:{e.originator_id}", lambda d: d.update(n=d["n"] + 10 * e.by))

    old_reader = ReadModelRunner(app, [Totals])
    served_during_rebuild = []

    def check_old_view_still_served(progress: Progress) -> None:
        served_during_rebuild.append(old_reader.reader("totals").get(f"counter:{counter.id}"))

    v2 = ReadModelRunner(app, [TotalsV2], page_size=10)
    assert v2.status()[0].needs_rebuild
    v2.catch_up(progress=check_old_view_still_served)

    assert {doc["n"] for doc in served_during_rebuild if doc} == {30}  # blue until the swap
    assert v2.reader("totals").get(f"counter:{counter.id}")["n"] == 300
    (status,) = v2.status()
    assert (status.stored_version, status.generation, status.needs_rebuild) == (2, 2, False)


def test_as_of_builds_a_throwaway_view_up_to_a_position(app: Application[Any]) -> None:
    (counter,) = record(app, counters=1, bumps=10)  # positions 1..11
    runner = ReadModelRunner(app, [Totals, Ledger])
    runner.catch_up()

    with runner.as_of("totals", position=6) as past:
        assert past.get(f"counter:{counter.id}")["n"] == 5
        generation = past.generation
    with runner.as_of("ledger", position=3) as past:
        assert past.query("SELECT COUNT(*) AS n FROM {bumps}")[0]["n"] == 2

    assert runner.reader("totals").get(f"counter:{counter.id}")["n"] == 10  # live view untouched
    assert runner.reader("totals").generation != generation
    with pytest.raises(ReadModelError):
        runner.as_of("totals").__enter__()


def test_projection_declarations_are_checked() -> None:
    class BadName(Totals):
        name = "Bad-Name"

    class NoHandlers(ReadModel):
        name = "empty"

    for bad in (BadName, NoHandlers):
        with pytest.raises(ReadModelError):
            bad.check()


class Labels(ReadModel):
    """One document per counter, keyed by its label: keys chosen by the test."""

    name = "labels"
    version = 1

    @handles(Counter.Created)
    def created(self, e: Any, view: View) -> None:
        view.put(e.label, {"label": e.label})


def test_items_by_prefix_are_exactly_the_keys_that_start_with_it(app: Application[Any]) -> None:
    """items(prefix) reads a range of the key index; the range holds every key with the
    prefix and no other, on both databases, whatever the characters around its ends."""
    keys = [
        "office:",
        "office:35.73",
        "office:\u00e9",
        "office:\U0010fff0",
        "office:~",
        "office;",
        "office;x",
        "office9",
        "offic",
        "Office:x",
        "owner:1",
        "\U0010ffff",
        "\U0010ffff\U0010ffff",
    ]
    for key in keys:
        app.save(Counter(key))
    runner = ReadModelRunner(app, [Labels])
    runner.catch_up()
    reader = runner.reader("labels")
    for prefix in ("office:", "office", "o", "", "\U0010ffff", "office:\U0010fff0", "x"):
        expected = sorted(k for k in keys if k.startswith(prefix))
        assert [k for k, _ in reader.items(prefix)] == expected, prefix


def test_a_view_another_process_advances_past_the_head_just_read_is_no_moved_position(
    app: Application[Any],
) -> None:
    """Several server workers catch the same view up: while one reads the log's head, another
    may record an event and bring the view past it. That is progress, not a moved position."""
    record(app, counters=1, bumps=2)
    runner = ReadModelRunner(app, [Totals])
    other = ReadModelRunner(app, [Totals])
    runner.catch_up()
    record(app, counters=1, bumps=1)
    read_head = runner.store.head

    def head_then_another_worker_moves_on() -> int:
        head = read_head()
        runner.store.head = read_head  # type: ignore[method-assign]
        record(app, counters=1, bumps=1)
        other.catch_up()
        return head

    runner.store.head = head_then_another_worker_moves_on  # type: ignore[method-assign]
    runner.catch_up()  # no PositionMoved
    assert runner.store.position("totals", 1) == app.recorder.max_notification_id()
    assert len(totals(runner)) == 3


def test_reading_a_built_view_waits_for_no_writer(tmp_path: Path) -> None:
    """A page reads its view while another process writes to the SQLite file: once the view's
    generation row exists, reading it takes no write lock (nor waits for one)."""
    db = str(tmp_path / "views.db")
    app: Application[Any] = Application(env=parse_location(db).env)
    try:
        counters = record(app, counters=2, bumps=3)
        runner = ReadModelRunner(app, [Totals])
        runner.catch_up()
        writer = sqlite3.connect(db, timeout=0)
        writer.execute("BEGIN IMMEDIATE")  # another process holds SQLite's one write lock
        try:
            assert totals(runner) == {f"counter:{c.id}": (3, 3) for c in counters}
        finally:
            writer.rollback()
            writer.close()
    finally:
        app.close()
