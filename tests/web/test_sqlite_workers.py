"""Several server processes over one SQLite file (``pelayanan serve --workers N``, or two
servers side by side): every write is recorded once, and each process shows the others' writes.

SQLite takes one writer at a time (WAL, with a busy timeout); every writing transaction the
server opens starts with its write, so the others wait their turn instead of failing.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.web.support import OFFICE, OTHER_OFFICE, bearer, running_server

pytestmark = pytest.mark.slow


def _board(base: str, token: str) -> dict[str, int]:
    rows = httpx.get(base + "/api/board", headers=bearer(token), timeout=10.0).json()["rows"]
    return {r["code"]: r["inspections"] for r in rows}


def _sidak(base: str, token: str, reference: str, office: str) -> int:
    body = {"reference": reference, "office_code": office, "team": [{"name": "Tim"}]}
    answer = httpx.post(base + "/api/inspections", json=body, headers=bearer(token), timeout=30.0)
    return answer.status_code


def test_two_servers_on_one_sqlite_file_each_show_what_the_other_recorded(
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    db, tokens = sqlite_store
    satgas, auditor = tokens["satgas1"], tokens["auditor1"]
    with running_server(db) as first, running_server(db) as second:
        for n in range(3):
            assert _sidak(first, satgas, f"SIDAK-A-{n}", OFFICE) == 201
            assert _sidak(second, satgas, f"SIDAK-B-{n}", OTHER_OFFICE) == 201
        assert _board(first, auditor) == {OFFICE: 3, OTHER_OFFICE: 3}
        assert _board(second, auditor) == {OFFICE: 3, OTHER_OFFICE: 3}
        # The same reference through the other server is the same sidak: refused, not doubled.
        again = httpx.post(
            second + "/api/inspections",
            json={"reference": "SIDAK-A-0", "office_code": OFFICE, "team": [{"name": "Tim"}]},
            headers=bearer(satgas),
            timeout=10.0,
        )
        assert again.status_code == 409 and again.json()["error"] == "AlreadyExists"


def test_concurrent_commands_on_two_sqlite_workers_are_each_recorded_once(
    sqlite_store: tuple[str, dict[str, str]],
) -> None:
    db, tokens = sqlite_store
    satgas, auditor = tokens["satgas1"], tokens["auditor1"]
    with running_server(db, "--workers", "2") as base, ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda n: _sidak(base, satgas, f"SIDAK-W-{n}", OFFICE), range(24)))
        assert statuses == [201] * 24
        # Whichever worker answers, the board counts every one of them.
        for _ in range(4):
            assert _board(base, auditor)[OFFICE] == 24
