"""A catch-up process killed (SIGKILL) in the middle of a batch: the next run resumes exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from eventsourcing.application import Application

from pelayanan.projections import ReadModelRunner
from tests.projections.support import Ledger, Totals, record

ROOT = Path(__file__).resolve().parents[2]

# The child runs a catch-up whose handler, at one event in Totals' third page, says so through
# a file and then hangs, holding the batch transaction open, until it is killed.


def test_a_killed_catch_up_leaves_no_partial_batch_and_resumes_exactly(
    app: Application[Any], store_url: str, tmp_path: Path
) -> None:
    counters = record(app, counters=4, bumps=40)  # positions 1..164
    marker = tmp_path / "marker"
    script = tmp_path / "child.py"
    script.write_text(
        "import sys, time\n"
        "from pathlib import Path\n"
        "from eventsourcing.application import Application\n"
        "from pelayanan.projections import ReadModelRunner, View, handles\n"
        "from pelayanan.storage.settings import parse_location\n"
        "from tests.projections.support import Counter, Ledger, Totals\n"
        "url, marker = sys.argv[1], Path(sys.argv[2])\n"
        "class Hanging(Totals):\n"
        "    @handles(Counter.Bumped)\n"
        "    def bumped(self, e, view: View) -> None:\n"
        "        super().bumped(e, view)\n"
        "        if view.position == 130:\n"
        "            marker.write_text('in the middle of a batch')\n"
        "            time.sleep(600)\n"
        "app = Application(env=parse_location(url).env)\n"
        "ReadModelRunner(app, [Ledger, Hanging], page_size=50).catch_up()\n"
    )
    child = subprocess.Popen(
        [sys.executable, str(script), store_url, str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the child ended before reaching the event"
            assert time.monotonic() < deadline, "the child never reached the event"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()

    resumed = ReadModelRunner(app, [Totals, Ledger], page_size=50)
    positions = {s.name: s.position for s in resumed.status()}
    assert positions == {"totals": 100, "ledger": 164}  # Ledger had finished; Totals: 2 pages
    resumed.catch_up()  # Totals raises if an event is applied twice

    docs = dict(resumed.reader("totals").items("counter:"))
    assert {k: (d["n"], d["bumps"]) for k, d in docs.items()} == {
        f"counter:{c.id}": (40, 40) for c in counters
    }
    assert resumed.reader("ledger").query("SELECT COUNT(*) AS n FROM {bumps}")[0]["n"] == 160
