"""Concurrent writers: every command lands or raises ConcurrencyConflict, and nothing is lost.

8 threads in one process and 4 processes issue commands to one shared disciplinary case and to
one office each. Afterwards the number of stored events equals the number of commands that
succeeded, and every aggregate rebuilds from its events.
"""

from __future__ import annotations

import multiprocessing
import threading
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from pelayanan import (
    WIB,
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    ComplianceService,
    ConcurrencyConflict,
    ManualClock,
    SourceKind,
    retry_on_conflict,
)
from tests.reliability.conftest import Figure

START = datetime(2024, 6, 3, 8, 0, tzinfo=WIB)
CLERK = Actor(name="Operator", role="admin")
COMMANDS_PER_WORKER = 12


def _office_code(n: int) -> str:
    return f"35.73.05.{1001 + n}"


def _nip(n: int) -> str:
    return f"19900101201501{1 + n % 2}{n:03d}"


def _setup(url: str, workers: int) -> UUID:
    service = ComplianceService.open(url, clock=ManualClock(START))
    try:
        for n in range(workers):
            code = _office_code(n)
            service.register_office(code, name=f"Kantor {n}", kecamatan="Lowokwaru", actor=CLERK)
            service.assign_staff(code, nip=_nip(n), name=f"Staf {n}", role="staff", actor=CLERK)
        case = service.open_case(
            "BKPSDM/2024/900",
            nip=_nip(0),
            name="Staf 0",
            actor=CLERK,
            source=CaseSource(SourceKind.ATTENDANCE_REPORT, "rekap"),
            breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=3),
        )
        service.request_clarification(
            case, letter_date=date(2024, 6, 3), examination_date=date(2024, 6, 4), actor=CLERK
        )
        return case
    finally:
        service.close()


def _work(url: str, worker: int, case: UUID) -> tuple[int, int]:
    """Alternate commands on the shared case and on this worker's office; count outcomes."""
    clock = ManualClock(START + timedelta(days=1))
    service = ComplianceService.open(url, clock=clock)
    landed = conflicts = 0
    try:
        for i in range(COMMANDS_PER_WORKER):
            try:
                if i % 2 == 0:
                    service.receive_clarification(case, statement=f"w{worker} c{i}", actor=CLERK)
                else:
                    service.record_permission(
                        _office_code(worker),
                        nip=_nip(worker),
                        kind="izin",
                        start=START + timedelta(days=i),
                        end=START + timedelta(days=i, hours=4),
                        reason=f"izin {i}",
                        actor=CLERK,
                    )
                landed += 1
            except ConcurrencyConflict:
                conflicts += 1
    finally:
        service.close()
    return landed, conflicts


def _work_in_process(args: tuple[str, int, UUID]) -> tuple[int, int]:
    return _work(*args)


def _check(url: str, workers: int, case: UUID, landed: int) -> None:
    """Stored events = setup + landed commands; every aggregate rebuilds to its last version.

    Events are counted, not read off the head position: PostgreSQL's notification ids have gaps
    where a conflicting insert was rolled back.
    """
    service = ComplianceService.open(url, clock=ManualClock(START + timedelta(days=2)))
    try:
        stored = service.recorder.select_notifications(start=1, limit=100_000)
        setup_events = 2 * workers + 2
        assert len(stored) == setup_events + landed
        aggregates = [case] + [service.get_office(_office_code(n)).id for n in range(workers)]
        for aggregate_id in aggregates:
            events = list(service.events.get(aggregate_id))
            assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
            assert service.repository.get(aggregate_id).version == len(events)
        assert sum(len(list(service.events.get(a))) for a in aggregates) == len(stored)
    finally:
        service.close()


def _figures(figure: Figure, who: str, workers: int, landed: int) -> None:
    figure(f"{who}: commands tried", workers * COMMANDS_PER_WORKER)
    figure(f"{who}: commands stored", landed)
    figure(f"{who}: conflicts seen", workers * COMMANDS_PER_WORKER - landed)


def test_eight_threads(store_url: str, figure: Figure) -> None:
    workers = 8
    case = _setup(store_url, workers)
    results: list[tuple[int, int]] = []
    lock = threading.Lock()

    def run(worker: int) -> None:
        outcome = _work(store_url, worker, case)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == workers
    landed = sum(r[0] for r in results)
    assert landed + sum(r[1] for r in results) == workers * COMMANDS_PER_WORKER
    _check(store_url, workers, case, landed)
    _figures(figure, "8 threads", workers, landed)


def test_four_processes(store_url: str, figure: Figure) -> None:
    workers = 4
    case = _setup(store_url, workers)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        results = pool.map(_work_in_process, [(store_url, w, case) for w in range(workers)])
    landed = sum(r[0] for r in results)
    assert landed + sum(r[1] for r in results) == workers * COMMANDS_PER_WORKER
    _check(store_url, workers, case, landed)
    _figures(figure, "4 processes", workers, landed)


def test_retry_on_conflict_lands_every_command(store_url: str, figure: Figure) -> None:
    workers = 4
    case = _setup(store_url, workers)
    clock = ManualClock(START + timedelta(days=1))
    errors: list[BaseException] = []

    def run(worker: int) -> None:
        service = ComplianceService.open(store_url, clock=clock)
        try:
            for i in range(5):
                retry_on_conflict(
                    lambda i=i: service.receive_clarification(
                        case, statement=f"w{worker} c{i}", actor=CLERK
                    ),
                    attempts=50,
                )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            service.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _check(store_url, workers, case, workers * 5)
    figure("retry_on_conflict: commands stored", workers * 5)


@pytest.mark.parametrize("attempts", [0, -1])
def test_retry_refuses_a_nonsense_attempt_count(attempts: int) -> None:
    from pelayanan import InvalidValue

    with pytest.raises(InvalidValue):
        retry_on_conflict(lambda: None, attempts=attempts)
