"""pelayanan's benchmarks: each result is a ratio against a baseline measured in the same run.

    python -m benchmarks.run [--quick] [--postgres] [--out FILE]

--quick scans one simulated Kota Malang year (about 109,000 events); the default size scans the
same year at scale 13.5, 13.5 times the sidak, permissions and complaints (1,003,437
events), and compares its memory with the scale-1 year's. Stores are cached in
benchmarks/.cache. Nothing here is a test: docs/performance.md records what it printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from pelayanan import WIB, Actor, ComplianceService, ManualClock
from pelayanan.audit import open_log, seal, verify
from pelayanan.audit.snapshots import snapshot_check
from pelayanan.projections import ReadModelRunner, default_registry
from pelayanan.scenarios.malang import SimulationSettings, simulate

from .commands import fresh, record, replay
from .startup import startup
from .verify_process import verify_process

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CLERK = Actor(name="Benchmark", role="system")


def timed(work: Callable[[], Any], timer: Callable[[], float] = time.perf_counter) -> float:
    start = timer()
    work()
    return timer() - start


# --------------------------------------------------------------------------- stores


def malang_store(scale: float, folder: Path = CACHE) -> Path:
    """A sealed SQLite store of the simulated year at ``scale``, built once and cached."""
    folder.mkdir(exist_ok=True)
    path = folder / f"malang-{scale:g}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
        service = ComplianceService.open(str(partial), clock=clock)
        try:
            simulate(service, clock, SimulationSettings(scale=scale))
            snapshots = snapshot_check(service)  # sealed as `make demo` seals: vouched for
        finally:
            service.close()
        log = open_log(str(partial), read_only=False)
        try:
            seal(log, snapshots=snapshots)
        finally:
            log.close()
        partial.rename(path)
    return path


# --------------------------------------------------------------------------- 1. write path


class Bare(Aggregate):
    """The baseline: a plain eventsourcing aggregate with one text field per event."""

    class Noted(Aggregate.Event):
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.notes += 1

    def __init__(self) -> None:
        self.notes = 0

    def note(self, text: str) -> None:
        self.trigger_event(self.Noted, text=text)


class BareApp(Application[Any]):
    name = "BareApp"


class BareWriter:
    """Bare aggregates in one application, saving so many events per transaction."""

    def __init__(self, env: dict[str, str], events: int, size: int) -> None:
        self.app = BareApp(env)
        self.payload = "x" * max(1, size - 150)  # the envelope (ids, timestamps) makes up the rest
        self.aggregates = [Bare() for _ in range(max(1, events // 20))]
        self.app.save(*self.aggregates)
        self.saved = 0

    def save(self, count: int) -> None:
        """``count`` events (aggregates taking turns) saved in one transaction."""
        batch = {}
        for _ in range(count):
            aggregate = self.aggregates[self.saved % len(self.aggregates)]
            aggregate.note(self.payload)
            batch[aggregate.id] = aggregate
            self.saved += 1
        self.app.save(*batch.values())

    def close(self) -> None:
        self.app.close()


def _bare_writes(
    env: dict[str, str],
    transactions: list[int],
    size: int,
    timer: Callable[[], float] = time.perf_counter,
) -> float:
    """Bare aggregates saving ``transactions[i]`` events in transaction ``i``."""
    writer = BareWriter(env, sum(transactions), size)
    try:

        def run() -> None:
            for count in transactions:
                writer.save(count)

        return timed(run, timer)
    finally:
        writer.close()


def write_path(scale: float, db: Callable[[str], tuple[str, dict[str, str]]]) -> dict[str, Any]:
    """The simulated year's commands, replayed (see benchmarks/commands.py), vs bare saves."""
    recording = record(db("recorded")[0], scale)
    events, size = recording.events, recording.mean_event_bytes
    service, clock = fresh(db("replayed")[0])
    try:
        library = timed(lambda: replay(service, clock, recording.transactions))
        assert service.head() == events, "the replay must write what the simulation wrote"
    finally:
        service.close()
    _, env = db("bare")
    baseline = _bare_writes(env, [t.events for t in recording.transactions], size)
    return {
        "events": events,
        "commands": sum(len(t.commands) for t in recording.transactions),
        "transactions": len(recording.transactions),
        "mean_event_bytes": size,
        "library_us_per_event": round(library / events * 1e6, 1),
        "bare_us_per_event": round(baseline / events * 1e6, 1),
        "ratio": round(library / baseline, 2),
        "target": "<= 1.3",
        "simulation_us_per_event": round(recording.simulation_seconds / events * 1e6, 1),
        "note": "library: the recorded commands replayed; the simulation's own time is separate",
    }


def sqlite_db(folder: Path) -> Callable[[str], tuple[str, dict[str, str]]]:
    def make(tag: str) -> tuple[str, dict[str, str]]:
        path = folder / f"{tag}.db"
        return str(path), {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}

    return make


def postgres_db() -> tuple[Callable[[str], tuple[str, dict[str, str]]], Any]:
    from tests.support.postgres import PostgresServer

    from pelayanan.storage.settings import parse_location

    server = PostgresServer().init()

    def make(tag: str) -> tuple[str, dict[str, str]]:
        url = server.url(server.create_database())
        return url, dict(parse_location(url).env)

    return make, server


# --------------------------------------------------------------------------- 2, 3. scans


def _bare_read(service: ComplianceService, decode: bool) -> int:
    position, count = 0, 0
    while True:
        page = service.recorder.select_notifications(start=position + 1, limit=5000)
        if not page:
            return count
        if decode:
            for n in page:
                service.mapper.to_domain_event(n)
        count += len(page)
        position = page[-1].id


def scans(store: Path) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp()) / "scan.db"
    shutil.copy(store, work)
    service = ComplianceService.open(str(work), must_exist=True)
    try:
        events = _bare_read(service, decode=False)
        bare_read = min(timed(lambda: _bare_read(service, decode=False)) for _ in range(2))
        bare_decode = timed(lambda: _bare_read(service, decode=True))
        runner = ReadModelRunner(service, default_registry(plugins=False).all())
        rebuilds = {}
        for projection in [s.name for s in runner.status()]:
            rebuilds[projection] = timed(lambda p=projection: runner.rebuild(p))
    finally:
        service.close()

    def run_verify() -> None:
        log = open_log(str(work))
        try:
            assert verify(log).intact
        finally:
            log.close()

    verify_s = min(timed(run_verify) for _ in range(2))
    shutil.rmtree(work.parent, ignore_errors=True)
    return {
        "events": events,
        "bare_read_per_s": round(events / bare_read),
        "bare_read_decode_per_s": round(events / bare_decode),
        "verify": {
            "seconds": round(verify_s, 2),
            "ratio_to_bare_read": round(verify_s / bare_read, 2),
            "target": "<= 1.5",
        },
        "rebuild": {
            name: {
                "seconds": round(s, 2),
                "throughput_vs_bare_decode": round(bare_decode / s, 2),
                "target": ">= 0.5",
            }
            for name, s in rebuilds.items()
        },
    }


# --------------------------------------------------------------------------- 4. aggregate load


def aggregate_load(folder: Path, events: int, every: timedelta) -> dict[str, Any]:
    """Load an office whose history is ``events`` long, one permission ``every`` so often.

    With snapshots a load decodes the latest snapshot plus fewer than 50 events, so its cost
    follows the office's *current* state (the permissions still remembered, see
    PERMISSION_MEMORY), not the length of its history; the spacing sets that state's size.
    """
    clock = ManualClock(datetime(2010, 1, 1, tzinfo=WIB))
    path = folder / f"load-{every.total_seconds():g}.db"
    service = ComplianceService.open(str(path), clock=clock)
    code = "35.73.01.1011"
    try:
        service.register_office(code, name="Jodipan", kecamatan="Blimbing", actor=CLERK)
        service.assign_staff(code, nip="198811212012011001", name="Staf", role="staff", actor=CLERK)
        written = 2
        start = datetime(2010, 1, 2, 8, tzinfo=WIB)
        while written < events:
            with service.batch():
                for _ in range(min(500, events - written)):
                    moment = start + every * written
                    clock.set(moment)
                    service.record_permission(
                        code,
                        nip="198811212012011001",
                        kind="izin",
                        start=moment,
                        end=moment + timedelta(hours=2),
                        reason="rapat",
                        actor=CLERK,
                    )
                    written += 1
        office = service.get_office(code)
        assert office.version == events
        repeats = 30
        load = statistics.median(timed(lambda: service.get_office(code)) for _ in range(repeats))
        # As of a version just before the latest snapshot: that snapshot cannot be used, the
        # one before it can, and the events between them are replayed.
        as_of = statistics.median(
            timed(lambda: service.get_office(code, version=events - 1)) for _ in range(repeats)
        )
        snapshots = service.snapshots
        assert snapshots is not None

        def bare_snapshot() -> None:
            (snapshot,) = snapshots.get(office.id, desc=True, limit=1)
            snapshot.mutate(None)

        bare = statistics.median(timed(bare_snapshot) for _ in range(repeats))
        (latest,) = snapshots.recorder.select_events(office.id, desc=True, limit=1)
    finally:
        service.close()
    return {
        "events": events,
        "permission_every_hours": every.total_seconds() / 3600,
        "permissions_in_state": len(office.permissions),
        "snapshot_bytes": len(latest.state),
        "load_ms": round(load * 1e3, 2),
        "as_of_load_ms": round(as_of * 1e3, 2),
        "bare_snapshot_load_ms": round(bare * 1e3, 2),
        "ratio": round(load / bare, 2),
        "target": "<= 5 ms and <= 5x a bare snapshot load",
    }


def aggregate_loads(folder: Path, events: int) -> dict[str, Any]:
    return {
        # Busier than the busiest Malang office (993 permissions in the simulated year).
        "busy_office": aggregate_load(folder, events, timedelta(hours=8)),
        # The worst case: a permission every hour, day and night, so 740+ remembered at once.
        "dense_office": aggregate_load(folder, events, timedelta(hours=1)),
    }


# --------------------------------------------------------------------------- 5. memory

_MEMORY_CHILD = """
import resource, shutil, sys, tempfile
from pathlib import Path
what, store = sys.argv[1], sys.argv[2]
work = Path(tempfile.mkdtemp()) / "m.db"
shutil.copy(store, work)
if what == "verify":
    from pelayanan.audit import open_log, verify
    log = open_log(str(work)); assert verify(log).intact; log.close()
else:
    from pelayanan import ComplianceService
    from pelayanan.projections import ReadModelRunner, default_registry
    service = ComplianceService.open(str(work), must_exist=True)
    runner = ReadModelRunner(service, default_registry(plugins=False).all())
    if what == "rebuild":
        runner.rebuild()
    else:
        from pelayanan.audit.replay import rebuild_and_diff
        runner.catch_up(); assert rebuild_and_diff(service).matches
    service.close()
# VmHWM is this process's own peak. ru_maxrss is not: Linux carries the parent's peak at fork
# across exec, so every child of a large benchmark process would report the parent's size.
try:
    status = Path("/proc/self/status").read_text()
    print(int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) // 1024)
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def memory(stores: dict[str, Path]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for what in ("verify", "rebuild", "replay-and-diff"):
        row = {}
        for label, store in stores.items():
            out = subprocess.run(
                [sys.executable, "-c", _MEMORY_CHILD, what, str(store)],
                capture_output=True,
                text=True,
                check=True,
                cwd=HERE.parent,
            )
            row[label] = int(out.stdout.strip().splitlines()[-1])
        result[what] = {"peak_rss_mb": row, "target": "< 300 MB, flat in log size"}
    return result


# --------------------------------------------------------------------------- 6. writers


_WRITER_CHILD = """
import sys, time
from datetime import datetime, timedelta
from pelayanan import WIB, Actor, ComplianceService, ManualClock
url, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
s = ComplianceService.open(url, clock=clock)
code = f"35.73.05.{1001 + worker}"
clerk = Actor(name="w", role="system")
nip = f"19900101201501100{worker}"
start = time.perf_counter()
for i in range(n):
    m = datetime(2024, 1, 2, tzinfo=WIB) + timedelta(hours=i)
    clock.set(m)
    s.record_permission(code, nip=nip, kind="izin", start=m, end=m + timedelta(hours=1),
                        reason="r", actor=clerk)
print(time.perf_counter() - start)
"""


def writers(make: Callable[[str], tuple[str, dict[str, str]]], n: int) -> dict[str, Any]:
    url, _ = make("writers")
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(url, clock=clock)
    for w in range(5):
        code = f"35.73.05.{1001 + w}"
        service.register_office(code, name=f"K{w}", kecamatan="Lowokwaru", actor=CLERK)
        service.assign_staff(code, nip=f"19900101201501100{w}", name="S", role="staff", actor=CLERK)
    service.close()

    def run(workers: range) -> float:
        # Each writer has an office of its own that no earlier run wrote to: its permissions
        # start at the same moment each run, and an office refuses a clock set back.
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _WRITER_CHILD, url, str(w), str(n)],
                stdout=subprocess.PIPE,
                cwd=HERE.parent,
            )
            for w in workers
        ]
        failed = [p.args for p in procs if p.wait() != 0]
        if failed:
            raise RuntimeError(f"{len(failed)} writer process(es) failed")
        return time.perf_counter() - start

    one = run(range(1))
    four = run(range(1, 5))
    return {
        "commands_per_writer": n,
        "one_writer_per_s": round(n / one),
        "four_writers_per_s": round(4 * n / four),
        "speedup": round((4 * n / four) / (n / one), 2),
        "note": "one command per transaction; process start-up included in both",
    }


def follow_latency(make: Callable[[str], tuple[str, dict[str, str]]], n: int) -> dict[str, Any]:
    """Event saved -> visible in the office board, through a live Follower (LISTEN/NOTIFY)."""
    from pelayanan.projections import Follower
    from pelayanan.projections.standard import OfficeBoard

    url, _ = make("follow")
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(url, clock=clock)
    code, nip = "35.73.01.1011", "198811212012011001"
    latencies: list[float] = []
    try:
        service.register_office(code, name="Jodipan", kecamatan="Blimbing", actor=CLERK)
        service.assign_staff(code, nip=nip, name="Staf", role="staff", actor=CLERK)
        runner = ReadModelRunner(service, [OfficeBoard])
        runner.catch_up()
        with Follower(runner, poll_interval=0.5):
            for i in range(n):
                moment = datetime(2024, 1, 2, tzinfo=WIB) + timedelta(hours=i)
                clock.set(moment)
                service.record_permission(
                    code,
                    nip=nip,
                    kind="izin",
                    start=moment,
                    end=moment + timedelta(hours=1),
                    reason="r",
                    actor=CLERK,
                )
                saved = time.perf_counter()
                head = service.head()
                while runner.status("office_board")[0].position < head:
                    time.sleep(0.0005)
                latencies.append(time.perf_counter() - saved)
    finally:
        service.close()
    latencies.sort()
    return {
        "events": n,
        "median_ms": round(statistics.median(latencies) * 1e3, 1),
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3, 1),
        "note": "measured by polling the view's position every 0.5 ms",
    }


# --------------------------------------------------------------------------- main


def _commit() -> dict[str, Any]:
    """The commit measured, and whether the work tree differed from it."""

    def git(*words: str) -> str:
        try:
            out = subprocess.run(
                ["git", *words], capture_output=True, text=True, check=True, cwd=HERE.parent
            )
        except (OSError, subprocess.CalledProcessError):
            return ""
        return out.stdout.strip()

    return {"hash": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="about 100k events, a few minutes")
    parser.add_argument("--postgres", action="store_true", help="also PostgreSQL (starts one)")
    parser.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    parser.add_argument(
        "--only",
        help="comma-separated steps to run (e.g. scans,memory), added to --out if it exists",
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    out = Path(args.out)
    # Scale 13.5 gives the million events the targets are set for (a scale-1 year is 108,913).
    small, big = (0.25, 1.0) if args.quick else (1.0, 13.5)
    folder = Path(tempfile.mkdtemp(prefix="pelayanan-bench-"))
    results: dict[str, Any] = json.loads(out.read_text()) if only and out.exists() else {}
    results.update(
        {
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
            },
            "size": "quick" if args.quick else "full",
        }
    )
    commit = _commit()
    results.setdefault("commit", commit)
    # The machine may be shared: each step records the load average (1, 5, 15 min) around it,
    # and the commit it measured (a step re-run with --only may measure a later one).
    steps = results.setdefault("steps", {})

    def step(name: str, work: Callable[[], Any]) -> None:
        if only is not None and name not in only:
            return
        print(f"{name} ...", file=sys.stderr, flush=True)
        before = os.getloadavg()
        started = time.perf_counter()
        results[name] = work()
        steps[name] = {
            "load_before": [round(x, 2) for x in before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "seconds": round(time.perf_counter() - started),
            "commit": commit["hash"][:12],
        }
        print(json.dumps(results[name], indent=2), file=sys.stderr, flush=True)
        # Written after every step, so a run that fails part-way keeps what it measured.
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n")

    try:
        step(
            "write_path_sqlite", lambda: write_path(0.25 if args.quick else 1.0, sqlite_db(folder))
        )
        if only is None or only & {"scans", "verify_process", "memory"}:
            started = time.perf_counter()
            store_small, store_big = malang_store(small), malang_store(big)
            steps["stores"] = {  # built once, then cached: 0 seconds when cached
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "seconds": round(time.perf_counter() - started),
            }
        step("startup", lambda: startup(5 if args.quick else 15))
        step("scans", lambda: scans(store_big))
        # The demo's year (scale 1) either way: the whole `pelayanan verify` process.
        # The demo's year (scale 1) either way: the whole `pelayanan verify` process.
        repeats = 3 if args.quick else 5
        step(
            "verify_process",
            lambda: verify_process(store_big if args.quick else store_small, repeats),
        )
        step("aggregate_load", lambda: aggregate_loads(folder, 10_000))
        step("memory", lambda: memory({f"{small:g}x": store_small, f"{big:g}x": store_big}))
        postgres_steps = {"write_path_postgres", "writers_postgres", "follow_latency_postgres"}
        if args.postgres and (only is None or only & postgres_steps):
            make, server = postgres_db()
            try:
                step("write_path_postgres", lambda: write_path(0.1 if args.quick else 0.5, make))
                step("writers_postgres", lambda: writers(make, 300 if args.quick else 2000))
                step("follow_latency_postgres", lambda: follow_latency(make, 100))
            finally:
                server.destroy()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
