"""``pelayanan verify`` as a whole process, as a ratio to a process that only reads the log.

    python -m benchmarks.verify_process [--store FILE] [--repeats N]
                                        [--before-src DIR --before-store FILE]

The baseline is a new process that imports eventsourcing's SQLite recorder and reads every
notification of the same store in pages of 5,000, as eventsourcing hands them to any reader;
``pelayanan verify`` is run the way the installed script runs it. Both are whole processes
(interpreter start-up, imports, opening the store, loading checkpoints, the scan), taking turns
so that a busy machine slows them alike; medians are compared, and each run's ratio to the
baseline run just before it gives the spread. The default store is the demo's simulated year
(benchmarks/.cache, built once). With ``--before-src`` (the ``src`` folder of another version
of pelayanan, e.g. ``git archive main src``) and ``--before-store`` (the same events sealed by
that version), that version's commands take their turns too, so before and after are measured
in the same run. Nothing here is a test: docs/performance.md records what it printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

BARE_READ = """
import sys
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
recorder = SQLiteApplicationRecorder(SQLiteDatastore(sys.argv[1]), "stored_events")
position = count = 0
while True:
    page = recorder.select_notifications(start=position + 1, limit=5000)
    if not page:
        break
    count += len(page)
    position = page[-1].id
print(count)
"""
# What the installed ``pelayanan`` script does.
CLI = "import sys; from pelayanan.cli import run; sys.argv[0] = 'pelayanan'; run()"
COMMANDS = {
    "pelayanan verify --no-snapshots": ["verify", "--no-snapshots"],
    "pelayanan verify": ["verify"],
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(args: list[str], source: Path | None = None) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one whole process (with ``source`` first on its path)."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", *args], check=True, capture_output=True, cwd=HERE.parent, env=env
    )
    return time.perf_counter() - start, _cpu() - cpu


def verify_process(
    store: Path, repeats: int, before: tuple[Path, Path] | None = None
) -> dict[str, Any]:
    """``before``: (source folder, store) of the version to compare with, run in turns."""
    commands: dict[str, tuple[list[str], Path, Path | None]] = {
        name: (words, store, None) for name, words in COMMANDS.items()
    }
    if before is not None:
        source, before_store = before
        commands.update(
            (f"before: {name}", (words, before_store, source)) for name, words in COMMANDS.items()
        )
    runs: dict[str, list[tuple[float, float]]] = {"bare_read": []}
    runs.update((name, []) for name in commands)
    for _ in range(repeats):
        runs["bare_read"].append(_run([BARE_READ, str(store)]))
        for name, (words, db, source) in commands.items():
            runs[name].append(_run([CLI, *words, "--db", str(db)], source))
    wall = {name: [w for w, _ in rows] for name, rows in runs.items()}
    cpu = {name: [c for _, c in rows] for name, rows in runs.items()}
    baseline = statistics.median(wall["bare_read"])
    baseline_cpu = statistics.median(cpu["bare_read"])
    result: dict[str, Any] = {
        "store": store.name,
        "repeats": repeats,
        "bare_read_s": round(baseline, 3),
        "bare_read_cpu_s": round(baseline_cpu, 3),
    }
    for name in commands:
        ratios = sorted(t / b for t, b in zip(wall[name], wall["bare_read"], strict=True))
        result[name] = {
            "median_s": round(statistics.median(wall[name]), 3),
            "ratio": round(statistics.median(wall[name]) / baseline, 2),
            "pairwise_ratio_range": [round(ratios[0], 2), round(ratios[-1], 2)],
            # CPU time (user + system) of the whole process: a busy machine disturbs it less.
            "median_cpu_s": round(statistics.median(cpu[name]), 3),
            "cpu_ratio": round(statistics.median(cpu[name]) / baseline_cpu, 2),
            "target": "<= 1.5",
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--store", help="a sealed SQLite store (default: the demo's year)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--before-src", help="the src folder of the version to compare with")
    parser.add_argument("--before-store", help="the same events, sealed by that version")
    args = parser.parse_args(argv)
    if bool(args.before_src) != bool(args.before_store):
        parser.error("--before-src and --before-store go together")
    if args.store:
        store = Path(args.store)
    else:
        from .run import malang_store

        store = malang_store(1.0)
    before = (Path(args.before_src), Path(args.before_store)) if args.before_src else None
    result = verify_process(store, args.repeats, before)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
