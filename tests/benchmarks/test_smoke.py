"""The benchmark scripts work (at tiny sizes). Correctness only: no timing is asserted."""

from __future__ import annotations

from pathlib import Path

from benchmarks import run


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
