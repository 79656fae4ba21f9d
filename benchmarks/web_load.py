"""Load on the front door: 20 concurrent clients against ``pelayanan serve`` over the demo store.

    python -m benchmarks.web_load [--clients 20] [--requests 10] [--workers 1[,2,...]]
                                  [--rate R] [--postgres URL] [--out FILE]

Builds the demo's year (scale 1, about 109,000 events) once into benchmarks/.cache, adds two
accounts, starts ``pelayanan serve`` on a free loopback port, and has each client (its own
keep-alive connection and session) load the board page, a case page, send a sidak command (a
token, a fresh reference each time) and ask ``GET /healthz``, ``--requests`` times each.
Without ``--rate`` a client sends its next request as soon as the last one is answered (a
closed loop); with ``--rate R`` the requests are due at R a second, all clients together, on a
schedule fixed in advance, and latency counts from when a request was due. Prints p50 and p95
per kind; ``/healthz`` (one cheap query, no page) is the machine's own floor in the same run.
Also the requests per second, and the CPU time per request of the server (all its processes)
and of this client.

The clients run on asyncio in this one process, speaking HTTP/1.1 directly: about 0.2 ms of
CPU a request in a closed loop (httpx in threads took 1.2 ms), so the cores go to the server.
With ``--postgres URL`` (an empty database, or ``auto`` for a throwaway local server) the same
events are copied there and the views built from them as the server starts; ``--workers N``
runs N server processes over the same store (SQLite or PostgreSQL).
All traffic is to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
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
KINDS = ("board page", "case page", "sidak command", "healthz (floor)")


def sign_in(http: httpx.Client, reader: tuple[str, str] = READER) -> None:
    token = re.search(r'name="_csrf_token" value="([^"]+)"', http.get("/login").text)
    assert token is not None
    form = {"name": reader[0], "password": reader[1], "_csrf_token": token.group(1)}
    response = http.post("/login", data=form)
    assert response.status_code == 303, response.status_code  # to the board, signed in


class Connection:
    """One client's keep-alive HTTP/1.1 connection, on asyncio streams: a few lines of bytes
    per request, so that the load client costs the machine little next to the server it
    measures (httpx in threads cost a core under the GIL, and its own latency)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(head + body)
        status_line, *lines = (await self.reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if headers.get(b"transfer-encoding") == b"chunked":
            chunks = []
            while size := int((await self.reader.readline()).strip(), 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            content = b"".join(chunks)
        else:
            content = await self.reader.readexactly(int(headers.get(b"content-length", b"0")))
        if headers.get(b"connection") == b"close":
            await self.close()
        return int(status_line.split()[1]), content

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def _get(path: str, host: str, cookie: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n".encode()


def _post_json(path: str, host: str, token: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()


def run(
    base: str,
    token: str,
    clients: int,
    requests: int,
    reader: tuple[str, str] = READER,
    started: Callable[[], None] | None = None,
    rate: float | None = None,
) -> dict[str, Any]:
    """``token`` sends the sidak commands; ``reader`` signs in to load the pages; ``started``
    is called once, when every client has signed in and the timed requests begin.

    Without ``rate`` each client sends its next request as soon as the last one is answered
    (a closed loop: latency is then mostly queueing). With ``rate`` (requests per second, all
    clients together) the send times are fixed in advance, evenly spaced and interleaved
    between the clients, and each latency is measured from the time the request was *due*: a
    server that falls behind is charged for the wait it caused (no coordinated omission)."""
    with httpx.Client(base_url=base, timeout=60.0) as http:
        rows = http.get("/api/cases", headers={"Authorization": f"Bearer {token}"})
        cases = [c["id"] for r in rows.json()["rows"] for c in r["cases"]]
        sign_in(http, reader)
        offices = re.findall(r'data-code="([0-9.]+)"', http.get("/board").text)
        # Each client gets its own session (sign-ins are argon2: done before the clock starts).
        cookies = []
        for _ in range(clients):
            http.cookies.clear()
            sign_in(http, reader)
            cookies.append("; ".join(f"{k}={v}" for k, v in http.cookies.items()))
    host = base.split("://", 1)[1]
    address, port = host.rsplit(":", 1)
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    errors: list[str] = []

    def request(n: int, i: int, kind: str) -> tuple[bytes, bytes]:
        if kind == "board page":
            return _get("/board", host, cookies[n]), b""
        if kind == "case page":
            return _get(f"/cases/{cases[(n * requests + i) % len(cases)]}", host, cookies[n]), b""
        if kind == "healthz (floor)":
            return _get("/healthz", host, cookies[n]), b""
        body = json.dumps(
            {
                "reference": f"BENCH-{time.time_ns()}-{n}-{i}",
                "office_code": offices[(n + i) % len(offices)],
                "team": [{"name": "Tim Benchmark"}],
            }
        ).encode()
        return _post_json("/api/inspections", host, token, body), body

    # Client n's j-th request is due at (j * clients + n) / rate: evenly spaced arrivals.
    spacing = 0.0 if rate is None else 1.0 / rate

    async def client(n: int, begin: float) -> None:
        connection = Connection(address, int(port))
        try:
            for i in range(requests):
                for k, kind in enumerate(KINDS):
                    head, body = request(n, i, kind)
                    due = time.perf_counter()
                    if rate is not None:
                        due = begin + ((i * len(KINDS) + k) * clients + n) * spacing
                        await asyncio.sleep(max(0.0, due - time.perf_counter()))
                    status, _ = await connection.request(head, body)
                    timings[kind].append(time.perf_counter() - due)
                    if status >= 400:
                        errors.append(f"{kind}: {status}")
        finally:
            await connection.close()

    async def everyone() -> float:
        if started is not None:
            started()
        began = time.perf_counter()
        await asyncio.gather(*(client(n, began) for n in range(clients)))
        return time.perf_counter() - began

    cpu = time.process_time()
    wall = asyncio.run(everyone())
    cpu = time.process_time() - cpu
    total = sum(len(v) for v in timings.values())
    return {
        "clients": clients,
        "requests_per_client_per_kind": requests,
        "paced_requests_per_second": rate,
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(total / wall, 1),
        "client_cpu_ms_per_request": round(cpu * 1000 / total, 3),
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
    parser.add_argument(
        "--rate",
        type=float,
        help="requests per second, all clients together, on a fixed schedule (default: none, "
        "each client sends as soon as it is answered)",
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

                result = run(
                    base, token, args.clients, args.requests, started=note_cpu, rate=args.rate
                )
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
