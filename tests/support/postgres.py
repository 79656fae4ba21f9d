"""A throwaway PostgreSQL server for the test suite: initdb in a temp folder, a free port.

Every role may connect without a password (trust), except those made by ``password_role``: they
must give their password (scram-sha-256), so a test can tell whether a password was really sent.
The server refuses to run as root, so as root it runs as the ``postgres`` user (created by
Debian's postgresql package). Nothing here touches a system cluster.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    configured = os.environ.get("PELAYANAN_PG_BINDIR")
    if configured:
        return Path(configured)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise PostgresUnavailable("PostgreSQL server binaries (initdb) not found")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One server process; ``url(db)`` names a database on it, ``restart()`` bounces it."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pelayanan-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                raise PostgresUnavailable("running as root and runuser is missing")
            try:
                subprocess.run(["id", "postgres"], check=True, capture_output=True)
            except subprocess.CalledProcessError:
                raise PostgresUnavailable("running as root and there is no postgres user") from None
            shutil.chown(self.root, "postgres")
            self.root.chmod(0o755)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True)
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip()} {log[-2000:]}")

    def init(self) -> PostgresServer:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.start()
        return self

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def destroy(self) -> None:
        with contextlib.suppress(PostgresUnavailable):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, owner: str | None = None) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
        return name

    def password_role(self, user: str, password: str) -> None:
        """Create (or re-password) a login role that must authenticate with ``password``.

        Its pg_hba.conf line goes first, so it wins over the trust lines for that role only.
        """
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [user]).fetchone()
            conn.execute(
                sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                    sql.SQL("ALTER" if exists else "CREATE"),
                    sql.Identifier(user),
                    sql.Literal(password),
                )
            )
            hba = Path(conn.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
            line = f"host all {user} 127.0.0.1/32 scram-sha-256\n"
            text = hba.read_text()
            if line not in text:
                hba.write_text(line + text)  # the file keeps its owner: it is rewritten in place
            conn.execute("SELECT pg_reload_conf()")
        # The server re-reads pg_hba.conf a moment later: wait until a wrong password fails.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                psycopg.connect(
                    host="127.0.0.1", port=self.port, dbname="postgres", user=user, password="-"
                ).close()
            except psycopg.OperationalError:
                return
            time.sleep(0.05)
        raise PostgresUnavailable(f"pg_hba.conf line for {user} not in effect after 10 s")
