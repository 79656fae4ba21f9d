"""``pelayanan serve`` as a real process on a loopback port, on SQLite and on PostgreSQL.

The contract outside checks rely on: ``GET /healthz`` 200, ``GET /openapi.json`` served, every
write without credentials refused with 401; and a command sent with a token shows on the board
at once (the views catch up in the server).
"""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from tests.web.support import OFFICE, SERVE, bearer, running_server

pytestmark = pytest.mark.slow


def test_the_server_keeps_the_contract_and_shows_a_command_on_the_board(
    web_store: tuple[str, dict[str, str]],
) -> None:
    db, tokens = web_store
    with running_server(db) as base, httpx.Client(base_url=base, timeout=10.0) as http:
        assert http.get("/healthz").status_code == 200
        schema = http.get("/openapi.json")
        assert schema.status_code == 200
        writes = [p for p, ops in schema.json()["paths"].items() if "post" in ops]
        assert len(writes) >= 20
        for path in writes:
            concrete = (
                path.replace("{code}", OFFICE).replace("{name}", "admin").replace("{number}", "1")
            )
            for name in ("inspection", "complaint", "case", "subject"):
                concrete = concrete.replace(
                    "{" + name + "}", "00000000-0000-0000-0000-000000000000"
                )
            assert http.post(concrete, json={}).status_code == 401, path
        sidak = {"reference": "SIDAK-SRV-1", "office_code": OFFICE, "team": [{"name": "Tim"}]}
        created = http.post("/api/inspections", json=sidak, headers=bearer(tokens["satgas1"]))
        assert created.status_code == 201, created.text
        started = time.monotonic()  # from the command's answer to the board showing it
        board = http.get("/api/board", headers=bearer(tokens["auditor1"])).json()["rows"]
        assert next(r for r in board if r["code"] == OFFICE)["inspections"] == 1
        assert time.monotonic() - started < 1.0


def test_two_workers_share_sessions_and_the_store(
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    db, tokens = sqlite_store
    with (
        running_server(db, "--workers", "2") as base,
        httpx.Client(base_url=base, timeout=10.0) as http,
    ):
        for i in range(6):  # spread over both workers; each sees the other's writes
            sidak = {"reference": f"SIDAK-W-{i}", "office_code": OFFICE, "team": [{"name": "Tim"}]}
            assert (
                http.post(
                    "/api/inspections", json=sidak, headers=bearer(tokens["satgas1"])
                ).status_code
                == 201
            )
            rows = http.get("/api/board", headers=bearer(tokens["auditor1"])).json()["rows"]
            assert next(r for r in rows if r["code"] == OFFICE)["inspections"] == i + 1


def test_serve_refuses_a_missing_store_with_one_line(tmp_path: object) -> None:
    missing = str(tmp_path / "nope.db")  # type: ignore[operator]
    result = subprocess.run(
        [*SERVE, "--db", missing, "--port", "9"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sys.executable  # the same interpreter as the tests


@pytest.mark.parametrize("rate", [None, 40.0], ids=["closed loop", "paced"])
def test_the_load_benchmark_runs_at_a_tiny_size(
    sqlite_store: tuple[str, dict[str, str]], rate: float | None
) -> None:
    """benchmarks/web_load.py works (two clients, one request of each kind), without pause and
    on a schedule; no timing asserted."""
    from benchmarks.web_load import run

    from tests.web.support import PASSWORD
    from tests.web.test_api import CASE

    db, tokens = sqlite_store
    with running_server(db) as base:
        opened = httpx.post(base + "/api/cases", json=CASE, headers=bearer(tokens["analis1"]))
        assert opened.status_code == 201
        result = run(base, tokens["satgas1"], 2, 1, reader=("auditor1", PASSWORD), rate=rate)
    assert result["errors"] == []
    assert result["paced_requests_per_second"] == rate
    assert {kind: r["n"] for kind, r in result["results"].items()} == {
        "board page": 2,
        "case page": 2,
        "sidak command": 2,
        "healthz (floor)": 2,
    }


def test_a_command_on_one_server_shows_on_another_servers_pages_within_a_second(
    web_store: tuple[str, dict[str, str]],
) -> None:
    """Live views across processes: a sidak recorded through one server is on the board page
    and in the timeline that another server (over the same store) renders next."""
    import re

    from tests.web.support import PASSWORD, csrf_field

    db, tokens = web_store
    with (
        running_server(db) as writer,
        running_server(db, "--workers", "2") as reader,
        httpx.Client(base_url=reader, timeout=10.0) as page,
    ):
        form = {"name": "auditor1", "password": PASSWORD}
        form["_csrf_token"] = csrf_field(page.get("/login").text)
        assert page.post("/login", data=form).status_code == 303

        def inspections() -> int:
            html = page.get("/board").text
            row = re.search(rf'data-code="{re.escape(OFFICE)}">.*?</tr>', html, re.S)
            assert row is not None
            cell = re.search(r'class="inspections">(\d+)<', row.group(0))
            assert cell is not None
            return int(cell.group(1))

        assert inspections() == 0  # the reader's views are built and current
        for n in range(1, 4):
            sidak = {
                "reference": f"SIDAK-LIVE-{n}",
                "office_code": OFFICE,
                "team": [{"name": "Tim"}],
            }
            created = httpx.post(
                writer + "/api/inspections", json=sidak, headers=bearer(tokens["satgas1"])
            )
            assert created.status_code == 201, created.text
            started = time.monotonic()  # from the writer's answer to the reader's page
            assert inspections() == n
            timeline = page.get(f"/api/records/{created.json()['id']}/timeline")
            assert [e["event"] for e in timeline.json()] == ["Started"]
            assert time.monotonic() - started < 1.0
