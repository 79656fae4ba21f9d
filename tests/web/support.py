"""A small store for the front door's tests: two offices, staff, one account per role."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from pelayanan.accounts import Accounts
from pelayanan.domain.account import AccountRole
from pelayanan.domain.values import Actor
from pelayanan.service import ComplianceService

OFFICE = "35.73.01.1011"
OTHER_OFFICE = "35.73.02.1001"
LURAH = "197805052005011002"
STAFF = "199203032019031001"
PASSWORD = "kata sandi yang panjang"
SETUP = Actor.system("test setup")
SERVE = [sys.executable, "-c", "from pelayanan.cli import run; run()", "serve"]

# Every role, the account that holds it, and its office (for the office-scoped ones).
ROLE_ACCOUNTS: dict[AccountRole, tuple[str, str | None]] = {
    AccountRole.SATGAS: ("satgas1", None),
    AccountRole.OPERATOR: ("operator1", OFFICE),
    AccountRole.COMPLAINT_OFFICER: ("pengaduan1", None),
    AccountRole.ATASAN: ("lurah1", OFFICE),
    AccountRole.TIM_PEMERIKSA: ("tim1", None),
    AccountRole.PEJABAT: ("sekda", None),
    AccountRole.ANALYST: ("analis1", None),
    AccountRole.AUDITOR: ("auditor1", None),
    AccountRole.ADMIN: ("admin", None),
}


def seed(db: str) -> dict[str, str]:
    """Offices, staff and one account per role; returns each account's API token by name."""
    service = ComplianceService.open(db, vault="store")
    try:
        for code, name, kecamatan in (
            (OFFICE, "Jodipan", "Blimbing"),
            (OTHER_OFFICE, "Kauman", "Klojen"),
        ):
            service.register_office(code, name=name, kecamatan=kecamatan, actor=SETUP)
        service.assign_staff(OFFICE, nip=LURAH, name="Agus Prasetyo", role="lurah", actor=SETUP)
        service.assign_staff(OFFICE, nip=STAFF, name="Eko Saputra", role="staff", actor=SETUP)
        accounts = Accounts(service)
        tokens = {}
        for role, (name, office) in ROLE_ACCOUNTS.items():
            accounts.add(name, password=PASSWORD, role=role, office=office, actor=SETUP)
            tokens[name] = accounts.issue_token(name, label="tests", actor=SETUP)
        return tokens
    finally:
        service.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_field(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(db: str, *extra: str, timeout: float = 120.0) -> Iterator[str]:
    """``pelayanan serve`` as a real process on a free loopback port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PELAYANAN_WEB_SECRET": "test-secret-" + str(port)}
    # The server's log goes to a file, not a pipe: a pipe nobody reads fills up (an access-log
    # line per request) and then blocks the server mid-response.
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [*SERVE, "--db", db, "--port", str(port), *extra],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    output.seek(0)
                    log = output.read().decode(errors="replace")
                    raise AssertionError(f"pelayanan serve exited {process.returncode}: {log}")
                try:
                    if httpx.get(base + "/healthz", timeout=1.0).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError("pelayanan serve did not answer /healthz in time")
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
