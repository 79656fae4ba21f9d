"""The benchmark scripts work (at tiny sizes). Correctness only: no timing is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import run
from pelayanan.storage.settings import parse_location
from tests.support.postgres import PostgresServer


def test_the_write_path_benchmark_compares_like_with_like(tmp_path: Path) -> None:
    result = run.write_path(0.003, run.sqlite_db(tmp_path))
    assert result["events"] > 100
    assert result["library_us_per_event"] > 0 and result["bare_us_per_event"] > 0


def test_scans_load_and_memory_run_on_a_small_store(tmp_path: Path) -> None:
    store = run.malang_store(0.003, tmp_path)
    scanned = run.scans(store)
    assert scanned["events"] > 100
    assert set(scanned["rebuild"]) == {
        "office_board",
        "discipline_register",
        "complaint_sla",
        "audit_trail",
    }
    loaded = run.aggregate_load(tmp_path, 120)
    assert loaded["events"] == 120 and loaded["load_ms"] > 0
    peaks = run.memory({"tiny": store})
    assert all(row["peak_rss_mb"]["tiny"] > 0 for row in peaks.values())


@pytest.mark.postgres
def test_the_postgresql_benchmarks_run(postgres_server: PostgresServer) -> None:
    def make(tag: str) -> tuple[str, dict[str, str]]:
        url = postgres_server.url(postgres_server.create_database())
        return url, dict(parse_location(url).env)

    assert run.follow_latency(make, 5)["events"] == 5
    assert run.writers(make, 5)["commands_per_writer"] == 5
