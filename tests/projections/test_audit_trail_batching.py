"""audit_trail inserts a batch's entries together, at the batch's end: specified against
building it one event per batch, on SQLite and PostgreSQL.

Whatever the batch size, and however a batch ends (committed, interrupted in a handler or after
its flush, stopped at a failing event, replayed around a dead letter), the table holds one row
per event, in log order, each exactly once, and the view's position says exactly which.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.projections import HandlerFailed, ReadModelRunner, View, handles
from pelayanan.projections.documents import Documents
from pelayanan.projections.standard.audit_trail import AuditTrail, event_classes
from pelayanan.service import ComplianceService
from tests.projections.support import Crash
from tests.projections.test_standard import play


class Faulty(AuditTrail):
    """The audit trail, made to fail at one chosen position."""

    crash_at: ClassVar[int | None] = None  # stands for the process dying there
    fail_at: ClassVar[int | None] = None  # a handler bug there
    nameless_at: ClassVar[int | None] = None  # a stored actor without a name there

    @handles(*event_classes())
    def entry(self, event: Any, view: View) -> None:
        cls = type(self)
        if view.position == cls.crash_at:
            raise Crash()
        if view.position == cls.fail_at:
            raise ValueError("handler bug")
        if view.position == cls.nameless_at:
            nameless = object.__new__(Actor)  # as decoded: stored facts skip the validators
            for field, value in (("name", None), ("role", "system"), ("nip", None)):
                object.__setattr__(nameless, field, value)
            object.__setattr__(event, "actor", nameless)
        super().entry(event, view)


class Lenient(Faulty):
    dead_letters = True


class OneByOne(AuditTrail):
    """The reference: one event per batch, as when every event had its own INSERT."""

    name = "audit_reference"


@pytest.fixture
def service(store_url: str, clock: ManualClock, clerk: Actor) -> Iterator[ComplianceService]:
    app = ComplianceService.open(store_url, clock=clock)
    play(app, clock, clerk)  # about 25 events of every aggregate, some citing legal bases
    yield app
    app.close()


@pytest.fixture
def reference(service: ComplianceService) -> tuple[Any, Any]:
    runner = ReadModelRunner(service, [OneByOne], page_size=1)
    runner.catch_up()
    return view(runner, OneByOne.name)


def view(runner: ReadModelRunner, name: str = "audit_trail") -> tuple[Any, Any]:
    reader = runner.reader(name)
    return reader.query("SELECT * FROM {entries} ORDER BY position"), reader.items()


def positions(runner: ReadModelRunner, name: str = "audit_trail") -> list[int]:
    return [row["position"] for row in view(runner, name)[0]]


def test_the_entries_do_not_depend_on_how_the_log_is_cut_into_batches(
    service: ComplianceService, reference: tuple[Any, Any]
) -> None:
    head = service.head()
    entries, owners = reference
    assert [row["position"] for row in entries] == list(range(1, head + 1))
    assert any(row["legal_basis"] and row["rules"] for row in entries)
    assert owners  # offices of records whose events name none come from these

    for page_size in (2, 7, 1000):
        runner = ReadModelRunner(service, [AuditTrail], page_size=page_size)
        runner.rebuild()
        assert view(runner) == reference, f"page_size={page_size}"


def test_a_crash_mid_batch_leaves_nothing_of_that_batch_and_a_rerun_nothing_twice(
    service: ComplianceService, reference: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Faulty, "crash_at", 8)  # the third event of the second batch of 5
    runner = ReadModelRunner(service, [Faulty], page_size=5)
    with pytest.raises(Crash):
        runner.catch_up()

    assert runner.status()[0].position == 5
    assert positions(runner) == [1, 2, 3, 4, 5]

    monkeypatch.setattr(Faulty, "crash_at", None)
    runner.catch_up()  # a row inserted twice would break the table's primary key
    assert view(runner) == reference


def test_a_crash_after_the_flush_rolls_back_the_entries_with_the_position(
    service: ComplianceService, reference: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = ReadModelRunner(service, [AuditTrail], page_size=5)
    runner.catch_up(until=5)
    flush = Documents.flush

    def dies_once_written(self: Documents) -> int:
        flush(self)
        assert self.query("SELECT COUNT(*) AS n FROM {entries}")[0]["n"] == 10
        raise Crash()  # before the batch's position is recorded

    monkeypatch.setattr(Documents, "flush", dies_once_written)
    with pytest.raises(Crash):
        runner.catch_up()

    assert runner.status()[0].position == 5
    assert positions(runner) == [1, 2, 3, 4, 5]
    monkeypatch.setattr(Documents, "flush", flush)
    runner.catch_up()
    assert view(runner) == reference


def test_a_failing_handler_keeps_the_batch_before_it_and_stops_exactly_there(
    service: ComplianceService, reference: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Faulty, "fail_at", 9)
    runner = ReadModelRunner(service, [Faulty], page_size=100)
    with pytest.raises(HandlerFailed) as failed:
        runner.catch_up()

    assert failed.value.position == 9
    assert runner.status()[0].position == 8
    assert positions(runner) == list(range(1, 9))
    monkeypatch.setattr(Faulty, "fail_at", None)
    runner.catch_up()
    assert view(runner) == reference


def test_an_actor_the_table_would_refuse_stops_the_runner_at_its_event(
    service: ComplianceService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Faulty, "nameless_at", 6)
    runner = ReadModelRunner(service, [Faulty], page_size=100)
    with pytest.raises(HandlerFailed) as failed:
        runner.catch_up()

    assert failed.value.position == 6 and "without name or role" in str(failed.value)
    assert positions(runner) == [1, 2, 3, 4, 5]


def test_a_dead_letter_replays_the_batch_without_it_then_its_retry_adds_it_once(
    service: ComplianceService, reference: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Lenient, "fail_at", 9)
    runner = ReadModelRunner(service, [Lenient], page_size=100)
    runner.catch_up()

    assert [letter.position for letter in runner.dead_letters("audit_trail")] == [9]
    assert positions(runner) == [p for p in range(1, service.head() + 1) if p != 9]
    monkeypatch.setattr(Lenient, "fail_at", None)
    assert runner.retry_dead_letters("audit_trail").resolved == (9,)
    assert view(runner) == reference


def test_as_of_a_position_holds_exactly_the_entries_up_to_it(
    service: ComplianceService, reference: tuple[Any, Any]
) -> None:
    runner = ReadModelRunner(service, [AuditTrail], page_size=4)
    with runner.as_of("audit_trail", position=10) as then:
        rows = then.query("SELECT * FROM {entries} ORDER BY position")
    assert rows == reference[0][:10]
