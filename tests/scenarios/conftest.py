"""One small simulated year, built once for the scenario specifications (scale 0.02: the
high-volume streams thinned to 2%; rosters, absences and the discipline they cause as in life)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pelayanan import WIB, ComplianceService, ManualClock
from pelayanan.scenarios.malang import SimulationResult, SimulationSettings, simulate

SMALL = SimulationSettings(seed=7, year=2024, scale=0.02)


def build(path: Path, settings: SimulationSettings = SMALL) -> SimulationResult:
    clock = ManualClock(datetime(settings.year, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(str(path), clock=clock)
    try:
        return simulate(service, clock, settings)
    finally:
        service.close()


@pytest.fixture(scope="session")
def small_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SimulationResult]:
    path = tmp_path_factory.mktemp("malang") / "small.db"
    return path, build(path)


@pytest.fixture
def small_service(small_year: tuple[Path, SimulationResult]) -> Iterator[ComplianceService]:
    service = ComplianceService.open(str(small_year[0]), must_exist=True)
    try:
        yield service
    finally:
        service.close()
