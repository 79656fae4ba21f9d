"""Verify throughput against a bare read of the same notifications (issue 7's budget: 1.5x).

Run: .venv/bin/python -m tests.audit.bench_verify [EVENTS] [DB-FILE]
Not a test: timings depend on the machine. Results are quoted in docs/integrity.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from eventsourcing.persistence import ApplicationRecorder

from pelayanan.audit.seal import seal
from pelayanan.audit.store import open_log
from pelayanan.audit.verify import verify
from tests.audit.ledger import Ledger, ledger_app

PER_AGGREGATE = 20


def build(path: str, events: int) -> None:
    app = ledger_app(path)
    filler = "Kelurahan office found empty during service hours; staff at a wedding. " * 3
    batch = []
    for n in range(events // PER_AGGREGATE):
        ledger = Ledger(f"office {n}")
        for i in range(PER_AGGREGATE - 1):
            ledger.note(f"{i}: {filler}")
        batch.append(ledger)
        if len(batch) == 100:
            app.save(*batch)
            batch = []
    if batch:
        app.save(*batch)
    app.close()


def bare_read(path: str) -> tuple[int, float]:
    app = ledger_app(path)
    recorder = app.recorder
    assert isinstance(recorder, ApplicationRecorder)
    started = time.perf_counter()
    count, start = 0, 1
    while True:
        page = recorder.select_notifications(start, limit=5000)
        if not page:
            break
        count += len(page)
        start = page[-1].id + 1
    elapsed = time.perf_counter() - started
    app.close()
    return count, elapsed


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = sys.argv[2] if len(sys.argv) > 2 else str(Path(tempfile.mkdtemp()) / "bench.db")
    if not Path(path).exists():
        build(path, events)
        log = open_log(path, read_only=False, application="LedgerApp")
        seal(log)
        log.close()
    for _ in range(2):
        count, bare = bare_read(path)
        log = open_log(path, application="LedgerApp")
        started = time.perf_counter()
        report = verify(log)
        checked = time.perf_counter() - started
        log.close()
        assert report.intact and report.events == count, report.problems
        print(
            f"{count} events: bare select_notifications {bare:.2f}s "
            f"({count / bare:,.0f}/s), verify {checked:.2f}s ({count / checked:,.0f}/s), "
            f"ratio {checked / bare:.2f}"
        )


if __name__ == "__main__":
    main()
