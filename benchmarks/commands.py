"""Record the commands a simulated year issues, then replay them: the library's write path alone.

Timing the simulation itself would charge the library for the simulator's own work (random
draws, the calendar, deciding who is absent). Instead the simulation runs once against a
:class:`Recording` of the service, which notes every command with the clock's time and the
transaction it belongs to; :func:`replay` then issues exactly those commands to a fresh service
and only that is timed. Identities are uuid5 of natural keys, so the recorded arguments are
valid in the fresh store.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.domain.errors import PelayananError
from pelayanan.scenarios.malang import SimulationSettings, simulate

# What the simulation may call that writes nothing; everything else public is a command.
READS = frozenset(
    {
        "get_office",
        "get_inspection",
        "get_complaint",
        "get_case",
        "head",
        "required_punishment",
        "settings_record",
        "settings_in_force",
    }
)


@dataclass(frozen=True)
class Command:
    name: str
    at: datetime
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    refused: type[PelayananError] | None  # the simulation also issues commands that are refused


@dataclass
class Transaction:
    commands: list[Command] = field(default_factory=list)
    events: int = 0


class Recording:
    """Stands in for the service during a simulation; forwards everything, notes the commands."""

    def __init__(self, service: ComplianceService) -> None:
        self._service = service
        self.transactions: list[Transaction] = []
        self._open: Transaction | None = None

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._service, name)
        if name.startswith("_") or name in READS or not callable(real):
            return real
        if name == "batch":
            return self._batch

        def command(*args: Any, **kwargs: Any) -> Any:
            transaction = self._open or Transaction()
            before = self._service.head()
            refused: type[PelayananError] | None = None
            try:
                return real(*args, **kwargs)
            except PelayananError as exc:
                refused = type(exc)
                raise
            finally:
                at = self._service.clock.now()
                transaction.commands.append(Command(name, at, args, kwargs, refused))
                if self._open is None:
                    transaction.events = self._service.head() - before
                    self.transactions.append(transaction)

        return command

    @contextlib.contextmanager
    def _batch(self) -> Iterator[None]:
        self._open = Transaction()
        before = self._service.head()
        try:
            with self._service.batch():
                yield
        finally:
            self._open.events = self._service.head() - before
            self.transactions.append(self._open)
            self._open = None

    @property
    def events(self) -> int:
        return sum(t.events for t in self.transactions)


def replay(service: ComplianceService, clock: ManualClock, transactions: list[Transaction]) -> None:
    """Issue the recorded commands to ``service``, in their transactions, at their times."""
    for transaction in transactions:
        batch = service.batch() if len(transaction.commands) > 1 else contextlib.nullcontext()
        with batch:
            for command in transaction.commands:
                if command.at > clock.now():
                    clock.set(command.at)
                call = getattr(service, command.name)
                if command.refused is None:
                    call(*command.args, **command.kwargs)
                    continue
                try:
                    call(*command.args, **command.kwargs)
                except command.refused:
                    continue
                raise AssertionError(f"{command.name} was refused when recorded, not now")


def fresh(url: str) -> tuple[ComplianceService, ManualClock]:
    """A service on the store at ``url``, its clock at the simulated year's start."""
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    return ComplianceService.open(url, clock=clock), clock


@dataclass(frozen=True)
class Recorded:
    """A simulated year's commands, as :func:`record` noted them."""

    transactions: list[Transaction]
    events: int
    mean_event_bytes: int  # of the first 5,000 stored events
    simulation_seconds: float  # the simulation's own time, the service's included


def record(url: str, scale: float) -> Recorded:
    """Simulate the year at ``scale`` into the store at ``url``, noting its commands."""
    service, clock = fresh(url)
    try:
        recording = Recording(service)
        simulated = simulate(recording, clock, SimulationSettings(scale=scale))  # type: ignore[arg-type]
        states = service.recorder.select_notifications(start=1, limit=5000)
        size = int(statistics.mean(len(n.state) for n in states))
    finally:
        service.close()
    return Recorded(recording.transactions, recording.events, size, simulated.seconds)
