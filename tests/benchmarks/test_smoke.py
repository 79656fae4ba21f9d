"""The benchmark scripts work (at tiny sizes). Correctness only: no timing is asserted."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from benchmarks import commands, run, startup, verify_process, write_path
from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.scenarios.malang import SimulationSettings, simulate
from pelayanan.storage.settings import parse_location
from tests.support.postgres import PostgresServer


def test_the_write_path_benchmark_compares_like_with_like(tmp_path: Path) -> None:
    result = run.write_path(0.003, run.sqlite_db(tmp_path))
    assert result["events"] > 100 and result["transactions"] == 12
    assert result["library_us_per_event"] > 0 and result["bare_us_per_event"] > 0


def test_the_write_path_rounds_time_both_sides_of_every_transaction(tmp_path: Path) -> None:
    result = write_path.measure(run.sqlite_db(tmp_path), 0.003, rounds=2)
    assert result["events"] > 100 and len(result["rounds"]) == 2
    for row in result["rounds"]:
        assert row["library_cpu_us"] > 0 and row["bare_cpu_us"] > 0
        assert row["cpu_ratio"] == pytest.approx(row["library_cpu_us"] / row["bare_cpu_us"], 0.05)
    assert result["median_cpu_ratio"] > 0 and result["target"] == "<= 1.3"


def test_replaying_recorded_commands_writes_the_same_events(tmp_path: Path) -> None:
    def stored(path: Path) -> list[tuple[str, int, str]]:
        service = ComplianceService.open(str(path), must_exist=True)
        try:
            rows = service.recorder.select_notifications(start=1, limit=100_000)
            return [(n.topic, n.originator_version, str(n.originator_id)) for n in rows]
        finally:
            service.close()

    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(str(tmp_path / "recorded.db"), clock=clock)
    recording = commands.Recording(service)
    simulate(recording, clock, SimulationSettings(scale=0.003))  # type: ignore[arg-type]
    service.close()
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(str(tmp_path / "replayed.db"), clock=clock)
    commands.replay(service, clock, recording.transactions)
    service.close()

    recorded = stored(tmp_path / "recorded.db")
    assert len(recorded) == recording.events > 100
    assert stored(tmp_path / "replayed.db") == recorded


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
    loaded = run.aggregate_loads(tmp_path, 120)
    assert {row["events"] for row in loaded.values()} == {120}
    assert all(row["load_ms"] > 0 for row in loaded.values())
    peaks = run.memory({"tiny": store})
    assert all(row["peak_rss_mb"]["tiny"] > 0 for row in peaks.values())


def test_the_startup_benchmark_times_each_command_against_the_baseline() -> None:
    result = startup.startup(1)
    assert result["baseline_ms"] > 0
    for name in startup.COMMANDS:
        assert result[name]["median_ms"] > 0 and result[name]["ratio"] > 0


def test_the_verify_benchmark_times_whole_processes_against_a_bare_read(tmp_path: Path) -> None:
    result = verify_process.verify_process(run.malang_store(0.003, tmp_path), 1)
    assert result["bare_read_s"] > 0
    for name in verify_process.COMMANDS:
        assert result[name]["median_s"] > 0 and result[name]["ratio"] > 0


@pytest.mark.postgres
def test_the_postgresql_benchmarks_run(postgres_server: PostgresServer) -> None:
    def make(tag: str) -> tuple[str, dict[str, str]]:
        url = postgres_server.url(postgres_server.create_database())
        return url, dict(parse_location(url).env)

    assert run.follow_latency(make, 5)["events"] == 5
    assert run.writers(make, 5)["commands_per_writer"] == 5


def test_a_step_run_again_joins_the_results_it_keeps_with_its_load_and_commit(
    tmp_path: Path,
) -> None:
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"scans": {"events": 7}}))
    assert run.main(["--quick", "--only", "startup", "--out", str(out)]) == 0
    results = json.loads(out.read_text())
    assert results["scans"] == {"events": 7}, "a step not run again is kept as it was"
    assert results["startup"]["baseline_ms"] > 0
    assert set(results["steps"]) == {"startup"}
    assert len(results["steps"]["startup"]["load_before"]) == 3
    assert len(results["commit"]["hash"]) == 40
