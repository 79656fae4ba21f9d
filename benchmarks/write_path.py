"""The write path alone, many rounds: the library's replayed commands vs bare eventsourcing.

    python -m benchmarks.write_path [--scale 0.1] [--rounds 5] [--postgres]
                                    [--profile FILE] [--json]

The step ``write_path_sqlite`` of :mod:`benchmarks.run` times one replay, then one bare run;
on a shared machine the two meet different loads, and one pair says little. Here the
simulated year is recorded once (:mod:`benchmarks.commands`) and replayed once untimed (so the
memoised policy answers are warm, as in ``benchmarks.run``). Then each round replays it into
a fresh store, and after each of its transactions the bare baseline saves as many events in
one transaction into another store: the two take turns every few milliseconds, so a machine
busy with other work slows both alike. Each side's CPU and wall-clock time is summed over the
round. It prints each round and the medians of the per-round ratios: on SQLite the CPU-time
ratio is the honest one (the store runs in the process); on PostgreSQL the server's work is
not in the client's CPU, so the wall-clock ratio counts. Before each round the objects alive
(the recording above all) are frozen out of the garbage collector's reach (``gc.freeze``): the
collections during a round see only what that round allocates.

To compare two versions of the code, run this from each tree in turn (taking turns, several
times) and compare their medians: both ratios are against a baseline measured in the same
process. ``--profile FILE`` writes a cProfile of one more replay (cProfile inflates Python
calls: read its shares, not its times). Nothing here is a test: docs/performance.md records
what it printed.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .commands import Transaction, fresh, record, replay
from .run import BareWriter, postgres_db, sqlite_db

Store = Callable[[str], tuple[str, dict[str, str]]]


def _round(
    db: Store, tag: str, transactions: list[Transaction], events: int, size: int
) -> dict[str, float]:
    """One replay into a fresh store, each transaction followed by the bare baseline saving
    as many events into another: (library, bare) x (CPU, wall-clock) seconds, summed."""
    service, clock = fresh(db(tag)[0])
    _, env = db(tag + "-bare")
    bare = BareWriter(env, events, size)
    spent = dict.fromkeys(("library_cpu", "library_wall", "bare_cpu", "bare_wall"), 0.0)
    cpu, wall = time.process_time, time.perf_counter
    try:
        for transaction in transactions:
            c, w = cpu(), wall()
            replay(service, clock, [transaction])
            c2, w2 = cpu(), wall()
            bare.save(transaction.events)
            c3, w3 = cpu(), wall()
            spent["library_cpu"] += c2 - c
            spent["library_wall"] += w2 - w
            spent["bare_cpu"] += c3 - c2
            spent["bare_wall"] += w3 - w2
        assert service.head() == events, "the replay must write what the simulation wrote"
    finally:
        service.close()
        bare.close()
    return spent


def _profiled(db: Store, transactions: list[Transaction], events: int, profile: str) -> None:
    service, clock = fresh(db("profiled")[0])
    try:
        profiler = cProfile.Profile()
        profiler.enable()
        replay(service, clock, transactions)
        profiler.disable()
        profiler.dump_stats(profile)
        assert service.head() == events, "the replay must write what the simulation wrote"
    finally:
        service.close()


def measure(db: Store, scale: float, rounds: int, profile: str | None = None) -> dict[str, Any]:
    recording = record(db("recorded")[0], scale)
    transactions, events = recording.transactions, recording.events
    size = recording.mean_event_bytes
    _round(db, "warm", transactions, events, size)
    per_round = []
    for i in range(rounds):
        # The recording (every command and its arguments) is the harness's, not the work
        # measured; left to the collector, each full collection (70-110 ms here) walks it and
        # lands on whichever side happens to allocate. Frozen, collections see only the
        # objects the round itself makes.
        gc.collect()
        gc.freeze()
        load = os.getloadavg()[0]
        spent = _round(db, f"r{i}", transactions, events, size)
        row = {
            "library_cpu_us": round(spent["library_cpu"] / events * 1e6, 1),
            "bare_cpu_us": round(spent["bare_cpu"] / events * 1e6, 1),
            "cpu_ratio": round(spent["library_cpu"] / spent["bare_cpu"], 3),
            "library_wall_us": round(spent["library_wall"] / events * 1e6, 1),
            "bare_wall_us": round(spent["bare_wall"] / events * 1e6, 1),
            "wall_ratio": round(spent["library_wall"] / spent["bare_wall"], 3),
            "load": round(load, 2),
        }
        per_round.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    if profile:
        _profiled(db, transactions, events, profile)

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
