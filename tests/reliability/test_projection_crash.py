"""A projection runner killed with SIGKILL at random points during catch-up, many times: after
each restart nothing is skipped or applied twice, and at the end every view equals a clean
rebuild and every tracking position equals the head (SQLite and PostgreSQL).

Each round appends events, starts a catch-up process (small pages: many commits to land between)
and kills it at a random point: after a random number of committed batches plus a random delay
of up to a few milliseconds, so a kill lands between two batches or inside one. A round counts as a
kill *mid-catch-up* when the views moved but were still behind the head when it was killed. The
test goes on until MID_RUN_KILLS such kills happened (at most MAX_ROUNDS), then finishes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from pelayanan import WIB, Actor, ComplianceService, ManualClock
from pelayanan.audit import rebuild_and_diff
from pelayanan.projections import ReadModelRunner
from tests.reliability.conftest import Figure
from tests.reliability.crash_projection import PAGE_SIZE, PROJECTIONS

ROOT = Path(__file__).resolve().parents[2]
MID_RUN_KILLS = 12
MAX_ROUNDS = 40
STAFF = 9
CLERK = Actor(name="Importer", role="system")


def append_offices(service: ComplianceService, first: int, count: int) -> None:
    """``count`` offices with STAFF staff each: (1 + STAFF) * count events, one transaction."""
    with service.batch():
        for n in range(first, first + count):
            code = f"35.73.{n // 9000 + 1:02d}.{1000 + n % 9000:04d}"
            service.register_office(code, name=f"Kantor {n}", kecamatan="Sukun", actor=CLERK)
            for s in range(STAFF):
                service.assign_staff(
                    code, nip=f"199001012015011{s:03d}", name=f"Staf {s}", role="staff", actor=CLERK
                )


def positions(runner: ReadModelRunner) -> dict[str, int]:
    return {s.name: s.position for s in runner.status()}


@pytest.mark.slow
def test_catch_up_killed_at_random_points_resumes_exactly(store_url: str, figure: Figure) -> None:
    rng = random.Random(2021)
    service = ComplianceService.open(store_url, clock=ManualClock(datetime(2024, 1, 2, tzinfo=WIB)))
    runner = ReadModelRunner(service, PROJECTIONS, page_size=PAGE_SIZE)
    offices = 0
    mid_run = rounds = 0
    started = time.monotonic()
    try:
        append_offices(service, offices, 200)
        offices += 200
        while mid_run < MID_RUN_KILLS:
            rounds += 1
            assert rounds <= MAX_ROUNDS, f"only {mid_run} kills landed mid-catch-up"
            append_offices(service, offices, 30)
            offices += 30
            before = positions(runner)
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.crash_projection", store_url],
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            for _ in range(rng.randint(0, 30)):
                if not child.stdout.readline().startswith("batch"):
                    break  # done: the kill lands after the catch-up
            time.sleep(rng.uniform(0.0, 0.005))
            child.send_signal(signal.SIGKILL)
            child.wait()
            after = positions(runner)
            head = service.head()
            # Progress is never lost: a restart starts where the last commit left off.
            assert all(after[name] >= before[name] for name in before)
            if min(after.values()) < head and after != before:
                mid_run += 1
        figure("runner processes killed", rounds)
        figure("kills mid-catch-up", mid_run)
        figure("events", service.head())

        runner.catch_up()  # Tally raises if an event would be applied twice
        head = service.head()
        assert positions(runner) == {p.name: head for p in PROJECTIONS}
        [(_, tally)] = runner.reader("tally").items()
        assert tally == {"n": head, "last": head}  # every event counted exactly once
        report = rebuild_and_diff(service, PROJECTIONS)
        assert report.matches, report.differences[:3]
        assert time.monotonic() - started < 90
    finally:
        service.close()
