"""A writer killed with SIGKILL in the middle of saving leaves all of that save or none of it.

The child process saves batches of BATCH events (one office with its staff per batch, in one
transaction) as fast as it can; the parent kills it at a random moment, several times. Every
office found in the store afterwards has all of its staff: no batch is half-written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime

import pytest

from pelayanan import ComplianceService, ManualClock
from pelayanan.domain.values import WIB
from tests.reliability.conftest import Figure
from tests.reliability.crash_writer import STAFF_PER_OFFICE

KILLS = 4


@pytest.mark.slow
def test_a_killed_writer_leaves_whole_batches(store_url: str, figure: Figure) -> None:
    rng = random.Random(94)
    first = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_writer", store_url, str(first)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.3, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        first += 100_000

    service = ComplianceService.open(store_url, clock=ManualClock(datetime(2024, 1, 3, tzinfo=WIB)))
    try:
        notifications = service.recorder.select_notifications(start=1, limit=1_000_000)
        assert notifications, "the writer saved nothing before it was killed"
        offices = [n for n in notifications if n.topic.endswith("Office.Registered")]
        assert len(notifications) == len(offices) * (1 + STAFF_PER_OFFICE)
        for registered in offices:
            office = service.get_office(registered.originator_id)
            assert len(office.staff) == STAFF_PER_OFFICE
        figure("writer processes killed", KILLS)
        figure("batches found whole", len(offices))
    finally:
        service.close()
