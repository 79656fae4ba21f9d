"""Load on the front door: 20 concurrent clients against ``pelayanan serve`` over the demo store.

    python -m benchmarks.web_load [--clients 20] [--requests 10] [--workers 1]
                                  [--postgres URL] [--out FILE]

Builds the demo's year (scale 1, about 109,000 events) once into benchmarks/.cache, adds two
accounts, starts ``pelayanan serve`` on a free loopback port, and has each client (its own
connection, signed in) load the board page, a case page, and send a sidak command (a token,
a fresh reference each time), ``--requests`` times each, with no pause between requests.
Prints p50 and p95 per kind, and the same for ``GET /healthz`` (one cheap query, no page):
the machine's own floor in the same run, to read the others against when the machine is busy.
With ``--postgres URL`` (an empty database, or ``auto`` for a throwaway local server) the same
events are copied there and the views built from them as the server starts; ``--workers N``
runs N server processes (PostgreSQL; SQLite has one writer).
All traffic is to 127.0.0.1; every request has a 60 s timeout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from tests.web.support import running_server

from pelayanan.accounts import Accounts
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PASSWORD = "benchmark password 1"
SETUP = Actor.system("benchmark")


def build_demo(db: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from pelayanan.cli import run; run()",
            "demo",
            "--db",
            db,
            "--quiet",
            "--report",
            str(CACHE / "web-demo-report.html"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    service = ComplianceService.open(db)
    try:
        accounts = Accounts(service)
        accounts.add("bench-satgas", password=PASSWORD, role="satgas", actor=SETUP)
        accounts.add("bench-auditor", password=PASSWORD, role="auditor", actor=SETUP)
    finally:
        service.close()


def copy_events(source_db: str, target_db: str) -> None:
    """The demo's events, as stored, into another store (views are rebuilt from them there).

    Used for PostgreSQL: recording the demo there (``--build``) takes much longer."""
    from eventsourcing.persistence import StoredEvent

    source = ComplianceService.open(source_db, must_exist=True)
    target = ComplianceService.open(target_db)
    try:
        start = 1
        while True:
            page = source.recorder.select_notifications(start, 5000)
            if not page:
                return
            target.recorder.insert_events(
                [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in page]
            )
            start = page[-1].id + 1
    finally:
        source.close()
        target.close()


def token_for(db: str) -> str:
    service = ComplianceService.open(db)
    try:
        return Accounts(service).issue_token("bench-satgas", label="benchmark", actor=SETUP)
    finally:
        service.close()


def server_cpu_seconds(port: int) -> float:
    """User + system CPU of the server listening on ``port`` and all its worker processes
    (from /proc; 0.0 where there is none): a cost that the machine's other load does not
    inflate the way it inflates latency."""
    proc = Path("/proc")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    root = None
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in proc.glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        if b"serve" in cmdline and b"--port" in cmdline and str(port).encode() in cmdline:
            root = pid
    if root is None:
        return 0.0
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(cpu.get(pid, 0.0) for pid in tree)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


READER = ("bench-auditor", PASSWORD)


def sign_in(http: httpx.Client, reader: tuple[str, str] = READER) -> None:
    token = re.search(r'name="_csrf_token" value="([^"]+)"', http.get("/login").text)
    assert token is not None
    form = {"name": reader[0], "password": reader[1], "_csrf_token": token.group(1)}
    response = http.post("/login", data=form)
    assert response.status_code == 303, response.status_code  # to the board, signed in


def run(
    base: str,
    token: str,
    clients: int,
    requests: int,
    reader: tuple[str, str] = READER,
    started: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """``token`` sends the sidak commands; ``reader`` signs in to load the pages; ``started``
    is called once, when every client has signed in and the timed requests begin."""
    with httpx.Client(base_url=base, timeout=60.0) as http:
        rows = http.get("/api/cases", headers={"Authorization": f"Bearer {token}"})
    cases = [c["id"] for r in rows.json()["rows"] for c in r["cases"]]
    offices = re.findall(r'data-code="([0-9.]+)"', _board_html(base, reader))
    timings: dict[str, list[float]] = {
        "board page": [],
        "case page": [],
        "sidak command": [],
        "healthz (floor)": [],
    }
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients, action=started)

    def request(http: httpx.Client, kind: str, n: int, i: int) -> httpx.Response:
        if kind == "board page":
            return http.get("/board")
        if kind == "case page":
            return http.get(f"/cases/{cases[(n * requests + i) % len(cases)]}")
        if kind == "healthz (floor)":
            return http.get("/healthz")
        sidak = {
            "reference": f"BENCH-{time.time_ns()}-{n}-{i}",
            "office_code": offices[(n + i) % len(offices)],
            "team": [{"name": "Tim Benchmark"}],
        }
        return http.post(
            "/api/inspections", headers={"Authorization": f"Bearer {token}"}, json=sidak
        )

    def client(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60.0) as http:
            sign_in(http, reader)
            start.wait()
            for i in range(requests):
                for kind in timings:
                    began = time.perf_counter()
                    response = request(http, kind, n, i)
                    took = time.perf_counter() - began
                    with lock:
                        timings[kind].append(took)
                        if response.status_code >= 400:
                            errors.append(f"{kind}: {response.status_code}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {
        "clients": clients,
        "requests_per_client_per_kind": requests,
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(sum(len(v) for v in timings.values()) / wall, 1),
        "errors": errors,
        "results": {
            kind: {
                "n": len(values),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            }
            for kind, values in timings.items()
        },
    }


def _board_html(base: str, reader: tuple[str, str]) -> str:
    with httpx.Client(base_url=base, timeout=60.0) as http:
        sign_in(http, reader)
        return http.get("/board").text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="an empty PostgreSQL database, or 'auto' for a throwaway local server",
    )
    parser.add_argument(
        "--workers",
        default="1",
        help="server processes; a list (1,2,4) runs once per count over the same store",
    )
    parser.add_argument(
        "--sqlite",
        type=Path,
        default=CACHE / "web-demo.db",
        help="the demo store to serve or copy from (built there if missing; %(default)s)",
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON here too")
    parser.add_argument(
        "--build",
        action="store_true",
        help="with --postgres: record the demo there (slow) instead of copying the SQLite one",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    CACHE.mkdir(exist_ok=True)
    server = None
    if args.postgres == "auto":
        from tests.support.postgres import PostgresServer

        server = PostgresServer().init()
        args.postgres = server.url(server.create_database())
    results = []
    try:
        sqlite = str(args.sqlite)
        if not Path(sqlite).exists():
            build_demo(sqlite)
        db = args.postgres or sqlite
        if args.postgres and args.build:
            build_demo(db)
        elif args.postgres:
            copy_events(sqlite, db)
        token = token_for(db)
        for workers in counts:
            extra = ("--workers", str(workers)) if workers > 1 else ()
            with running_server(db, *extra, timeout=900.0) as base:
                load_before = os.getloadavg()[0]
                port = int(base.rsplit(":", 1)[1])
                cpu_before: list[float] = []  # after the sign-ins (argon2), before the requests

                def note_cpu(port: int = port, into: list[float] = cpu_before) -> None:
                    into.append(server_cpu_seconds(port))

                result = run(base, token, args.clients, args.requests, started=note_cpu)
                served = sum(r["n"] for r in result["results"].values())
                result["server_cpu_ms_per_request"] = round(
                    (server_cpu_seconds(port) - cpu_before[0]) * 1000 / served, 2
                )
            result.update(
                load_average_1min_before=round(load_before, 1),
                load_average_1min_after=round(os.getloadavg()[0], 1),
                backend="postgresql" if args.postgres else "sqlite",
                workers=workers,
                python=platform.python_version(),
                machine=f"{platform.machine()}, {os.cpu_count()} cpus",
            )
            print(json.dumps(result, indent=1), flush=True)
            results.append(result)
    finally:
        if server is not None:
            server.destroy()
    if args.out:
        args.out.write_text(json.dumps(results[0] if len(results) == 1 else results, indent=1))


if __name__ == "__main__":
    main()
