"""The write path alone, many rounds: the library's replayed commands vs bare eventsourcing.

    python -m benchmarks.write_path [--scale 0.1] [--rounds 5] [--postgres]
                                    [--profile FILE] [--json]

The step ``write_path_sqlite`` of :mod:`benchmarks.run` times one replay against one bare run;
on a shared machine one pair says little. Here the simulated year is recorded once
(:mod:`benchmarks.commands`), replayed once untimed (so the memoised policy answers are warm,
as in ``benchmarks.run``), then each round times a replay into a fresh store and the bare
baseline into another, in CPU time and in wall-clock time. It prints each round and the
medians of the per-round ratios: on SQLite the CPU-time ratio is the honest one on a busy
machine (the store runs in the process); on PostgreSQL the server's work is not in the
client's CPU, so the wall-clock ratio counts.

To compare two versions of the code, run this from each tree in turn (taking turns, several
times) and compare their medians: both ratios are against a baseline measured in the same
process. ``--profile FILE`` writes a cProfile of one more replay (cProfile inflates Python
calls: read its shares, not its times). Nothing here is a test: docs/performance.md records
what it printed.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.scenarios.malang import SimulationSettings, simulate

from .commands import Recording, Transaction, replay
from .run import _bare_writes, postgres_db, sqlite_db

Store = Callable[[str], tuple[str, dict[str, str]]]


def _record(db: Store, scale: float) -> tuple[list[Transaction], int, int]:
    """The simulated year's commands, their event count and the mean stored event's size."""
    url, _ = db("recorded")
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(url, clock=clock)
    try:
        recording = Recording(service)
        simulate(recording, clock, SimulationSettings(scale=scale))  # type: ignore[arg-type]
        states = service.recorder.select_notifications(start=1, limit=5000)
        size = int(statistics.mean(len(n.state) for n in states))
    finally:
        service.close()
    return recording.transactions, recording.events, size


def _replay(
    db: Store, tag: str, transactions: list[Transaction], events: int, profile: str | None = None
) -> tuple[float, float]:
    """One replay into a fresh store: (CPU seconds, wall-clock seconds)."""
    url, _ = db(tag)
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(url, clock=clock)
    try:
        profiler = cProfile.Profile() if profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        replay(service, clock, transactions)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profiler and profile:
            profiler.dump_stats(profile)
        assert service.head() == events, "the replay must write what the simulation wrote"
    finally:
        service.close()
    return cpu, wall


def _bare(db: Store, tag: str, transactions: list[Transaction], size: int) -> tuple[float, float]:
    """The bare baseline into a fresh store: (CPU seconds, wall-clock seconds)."""
    counts = [t.events for t in transactions]
    _, env = db(tag + "-cpu")
    cpu = _bare_writes(env, counts, size, time.process_time)
    _, env = db(tag + "-wall")
    wall = _bare_writes(env, counts, size)
    return cpu, wall


def measure(db: Store, scale: float, rounds: int, profile: str | None = None) -> dict[str, Any]:
    transactions, events, size = _record(db, scale)
    _replay(db, "warm", transactions, events)
    per_round = []
    for i in range(rounds):
        load = os.getloadavg()[0]
        lib_cpu, lib_wall = _replay(db, f"r{i}", transactions, events)
        bare_cpu, bare_wall = _bare(db, f"b{i}", transactions, size)
        row = {
            "library_cpu_us": round(lib_cpu / events * 1e6, 1),
            "bare_cpu_us": round(bare_cpu / events * 1e6, 1),
            "cpu_ratio": round(lib_cpu / bare_cpu, 3),
            "library_wall_us": round(lib_wall / events * 1e6, 1),
            "bare_wall_us": round(bare_wall / events * 1e6, 1),
            "wall_ratio": round(lib_wall / bare_wall, 3),
            "load": round(load, 2),
        }
        per_round.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    if profile:
        _replay(db, "profiled", transactions, events, profile)

    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in per_round), 3)

    return {
        "scale": scale,
        "events": events,
        "mean_event_bytes": size,
        "rounds": per_round,
        **{f"median_{key}": median(key) for key in per_round[0] if key != "load"},
        "target": "<= 1.3",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="the simulated year's scale")
    parser.add_argument("--rounds", type=int, default=5, help="timed replay/bare pairs")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument("--profile", help="write a cProfile of one more replay to this file")
    parser.add_argument("--json", action="store_true", help="print the whole result as JSON")
    args = parser.parse_args(argv)
    server = None
    if args.postgres:
        db, server = postgres_db()
    else:
        folder = Path(tempfile.mkdtemp(prefix="pelayanan-write-"))
        db = sqlite_db(folder)
    try:
        result = measure(db, args.scale, args.rounds, args.profile)
    finally:
        if server is not None:
            server.destroy()
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['events']} events, {args.rounds} rounds: CPU ratio "
            f"{result['median_cpu_ratio']}x ({result['median_library_cpu_us']} vs "
            f"{result['median_bare_cpu_us']} us/event), wall-clock ratio "
            f"{result['median_wall_ratio']}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
