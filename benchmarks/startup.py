"""How long the command line takes to start, as a ratio to importing eventsourcing.

    python -m benchmarks.startup [--repeats N]

Each command runs as a whole new process (interpreter start-up included), the same way the
``pelayanan`` script runs it; the commands take turns so that a busy machine slows them alike,
and the median of each is compared with the median of the baseline,
``python -c "import eventsourcing.application"``. Nothing here is a test: docs/performance.md
records what it printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BASELINE = "import eventsourcing.application"
# What the installed ``pelayanan`` script does.
CLI = "import sys; from pelayanan.cli import run; sys.argv[0] = 'pelayanan'; run()"
COMMANDS = {
    "pelayanan --version": [CLI, "--version"],
    "pelayanan --help": [CLI, "--help"],
}


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", *args], check=True, capture_output=True, cwd=HERE.parent
    )
    return time.perf_counter() - start


def startup(repeats: int) -> dict[str, Any]:
    runs: dict[str, list[float]] = {"baseline": [], **{name: [] for name in COMMANDS}}
    for _ in range(repeats):
        runs["baseline"].append(_run([BASELINE]))
        for name, args in COMMANDS.items():
            runs[name].append(_run(args))
    baseline = statistics.median(runs["baseline"])
    result: dict[str, Any] = {
        "repeats": repeats,
        "baseline": f'python -c "{BASELINE}"',
        "baseline_ms": round(baseline * 1e3, 1),
    }
    for name in COMMANDS:
        ratios = sorted(t / b for t, b in zip(runs[name], runs["baseline"], strict=True))
        result[name] = {
            "median_ms": round(statistics.median(runs[name]) * 1e3, 1),
            "ratio": round(statistics.median(runs[name]) / baseline, 2),
            # Each run against the baseline run just before it: the spread on a busy machine.
            "pairwise_ratio_range": [round(ratios[0], 2), round(ratios[-1], 2)],
            "target": "<= 3",
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    print(json.dumps(startup(args.repeats), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
