"""The HTML report: self-contained, bilingual, and showing numbers that match the log.

The browser test renders the page in headless Chromium and reads the DOM after the page's script
ran. Without Chromium it is skipped with the reason, unless PELAYANAN_REQUIRE_CHROMIUM=1 (CI),
where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pelayanan import WIB, Assessment, ComplianceService, DisciplinaryCase, ManualClock
from pelayanan.report import collect, render, write_report
from pelayanan.report.data import ReportData
from pelayanan.scenarios.malang import SimulationSettings, simulate
from tests.scenarios.support import events

REQUIRE_CHROMIUM = os.environ.get("PELAYANAN_REQUIRE_CHROMIUM") == "1"
BOARD = [
    {
        "code": "35.73.01.1011",
        "name": "Jodipan",
        "kecamatan": "Blimbing",
        "score": 42.0,
        "zone": "merah",
        "inspections": 3,
        "vacancies_in_service_hours": 1,
        "findings": {},
        "complaints": 2,
        "open_complaints": 1,
        "overdue_complaints": 1,
        "open_cases": 0,
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ComplianceService]:
    path = tmp_path_factory.mktemp("report") / "year.db"
    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = ComplianceService.open(str(path), clock=clock)
    simulate(service, clock, SimulationSettings(seed=11, scale=0.02))
    try:
        yield service
    finally:
        service.close()


@pytest.fixture(scope="module")
def data(store: ComplianceService) -> ReportData:
    return collect(store, board=BOARD)


def _flagged_in_log(service: ComplianceService) -> int:
    return sum(
        1
        for e in events(service)
        if isinstance(e, DisciplinaryCase.Decided) and e.decision.assessment is Assessment.LIGHTER
    )


def test_the_report_counts_what_the_log_holds(store: ComplianceService, data: ReportData) -> None:
    assert len(data.offices) == 57
    assert len(data.flagged) == _flagged_in_log(store) > 0
    assert data.year == 2024
    assert sum(m["complaints"] for m in data.months.values()) == data.complaints
    assert "35.73.01.1011" in data.timelines


def test_the_page_is_self_contained(data: ReportData) -> None:
    page = render(data)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing is fetched"
    assert "<script src" not in page and "<link" not in page


def test_indonesian_by_default_and_english_on_request(data: ReportData) -> None:
    assert '<html lang="id">' in render(data)
    assert "Laporan Kepatuhan" in render(data)
    english = render(data, "en")
    assert '<html lang="en">' in english and "Compliance Report" in english


def test_an_unknown_language_is_refused(data: ReportData) -> None:
    from pelayanan import InvalidValue

    with pytest.raises(InvalidValue, match="fr"):
        render(data, "fr")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if REQUIRE_CHROMIUM:
            pytest.fail("chromium is required here (PELAYANAN_REQUIRE_CHROMIUM=1)")
        pytest.skip(
            "chromium is not installed (apt-get install chromium); the report's "
            "browser test cannot run"
        )
    return found


def _headless(chromium: str, profile: Path, *extra: str) -> list[str]:
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *extra,
    ]


def test_the_report_loads_in_headless_chromium_and_shows_the_numbers(
    store: ComplianceService, data: ReportData, tmp_path: Path
) -> None:
    chromium = _chromium()
    page = write_report(data, tmp_path / "report.html")
    done = subprocess.run(
        [*_headless(chromium, tmp_path / "profile"), "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    dom = done.stdout
    assert 'data-ready="1"' in dom, "the page's script did not run to its end"
    assert '<b id="total-offices">57</b>' in dom
    assert f'<b id="flagged-count">{_flagged_in_log(store)}</b>' in dom
    jodipan = len(data.timelines["35.73.01.1011"])
    assert f'<span id="timeline-count">{jodipan}</span>' in dom, "the timeline was drawn"
    assert dom.count("<tr><td>2024-") >= jodipan
