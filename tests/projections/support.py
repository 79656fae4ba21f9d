"""A tiny aggregate and test projections, so the runners are specified apart from the domain."""

from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from pelayanan.projections import ReadModel, View, handles


class Counter(Aggregate):
    @event("Created")
    def __init__(self, label: str) -> None:
        self.label = label

    @event("Bumped")
    def bump(self, by: int) -> None:
        pass

    @event("Renamed")
    def rename(self, label: str) -> None:
        self.label = label


class Crash(BaseException):
    """Stands for the process being killed: not an Exception, so nothing may catch it."""


class Totals(ReadModel):
    """Sum of bumps per counter; refuses negative bumps; detects a re-applied event."""

    name = "totals"
    version = 1
    crash_at: ClassVar[int | None] = None

    @handles(Counter.Created)
    def created(self, e: Any, view: View) -> None:
        view.put(f"counter:{e.originator_id}", {"label": e.label, "n": 0, "bumps": 0, "last": 0})

    @handles(Counter.Bumped)
    def bumped(self, e: Any, view: View) -> None:
        if type(self).crash_at == view.position:
            raise Crash()
        if e.by < 0:
            raise ValueError(f"negative bump {e.by}")

        def change(doc: dict[str, Any]) -> None:
            if view.position <= doc["last"]:
                raise AssertionError(f"event {view.position} applied twice")
            doc.update(n=doc["n"] + e.by, bumps=doc["bumps"] + 1, last=view.position)

        view.update(f"counter:{e.originator_id}", change)


class Lenient(Totals):
    """The same fold, but a failing event becomes a dead letter and processing goes on."""

    name = "lenient"
    dead_letters = True


class Ledger(ReadModel):
    """The escape hatch: its own table, one row per bump (a re-applied event breaks the key)."""

    name = "ledger"
    version = 1
    tables: ClassVar[dict[str, str]] = {
        "bumps": "position BIGINT PRIMARY KEY, counter TEXT NOT NULL, amount BIGINT NOT NULL"
    }
    indexes: ClassVar[dict[str, str]] = {"by_counter": "{bumps} (counter)"}

    @handles(Counter.Bumped)
    def bumped(self, e: Any, view: View) -> None:
        view.execute(
            "INSERT INTO {bumps} (position, counter, amount) VALUES (?, ?, ?)",
            (view.position, str(e.originator_id), e.by),
        )


def snapshot(reader: Any) -> list[tuple[str, Any]]:
    return list(reader.items())


def record(app: Application[Any], counters: int, bumps: int, *, by: int = 1) -> list[Counter]:
    """``counters`` counters with ``bumps`` bumps each, saved one counter at a time."""
    made = []
    for i in range(counters):
        counter = Counter(f"c{i}")
        for _ in range(bumps):
            counter.bump(by)
        app.save(counter)
        made.append(counter)
    return made


class DeferredLedger(ReadModel):
    """The Ledger's rows, deferred to the end of each batch; negative bumps are refused after
    their row was deferred, and become dead letters."""

    name = "deferred_ledger"
    version = 1
    dead_letters = True
    tables: ClassVar[dict[str, str]] = Ledger.tables
    indexes: ClassVar[dict[str, str]] = {"by_counter": "{bumps} (counter)"}
    index_after_build = True

    @handles(Counter.Bumped)
    def bumped(self, e: Any, view: View) -> None:
        view.defer(
            "INSERT INTO {bumps} (position, counter, amount) VALUES (?, ?, ?)",
            (view.position, str(e.originator_id), e.by),
        )
        if e.by < 0:
            raise ValueError(f"negative bump {e.by}")
