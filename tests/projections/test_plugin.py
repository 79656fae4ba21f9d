"""A third-party projection plugged in through the ``pelayanan.projections`` entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelayanan.clock import ManualClock
from pelayanan.domain.values import Actor
from pelayanan.projections import ENTRY_POINT_GROUP, ReadModelError, default_registry
from pelayanan.projections.registry import Registry
from pelayanan.projections.runner import ReadModelRunner
from pelayanan.service import ComplianceService

PLUGIN = Path(__file__).parent / "plugin_pkg"


def install(site: Path, monkeypatch: pytest.MonkeyPatch, entry: str) -> None:
    """Install the plug-in as pip would, minus the copy: a dist-info with its entry points."""
    dist = site / "pelayanan_plugin_demo-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pelayanan-plugin-demo\nVersion: 0.1.0\n"
    )
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{entry}\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(PLUGIN))


def test_an_installed_plugin_projection_is_discovered_and_runs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store_url: str,
    clock: ManualClock,
    clerk: Actor,
) -> None:
    install(tmp_path / "site", monkeypatch, "staff_roster = pelayanan_plugin_demo:StaffRoster")
    registry = default_registry()
    assert "staff_roster" in registry and "office_board" in registry

    service = ComplianceService.open(store_url, clock=clock)
    try:
        service.register_office("35.73.01.1011", name="Jodipan", kecamatan="Blimbing", actor=clerk)
        service.assign_staff(
            "35.73.01.1011", nip="197805052005011002", name="Lurah", role="lurah", actor=clerk
        )
        runner = ReadModelRunner(service, registry.all())
        runner.catch_up("staff_roster")
        ((_, roster),) = runner.reader("staff_roster").items()
        assert roster == {"code": "35.73.01.1011", "staff": {"197805052005011002": "lurah"}}
    finally:
        service.close()


def test_a_broken_plugin_is_reported_by_name_not_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path / "site", monkeypatch, "staff_roster = pelayanan_plugin_demo:Missing")
    with pytest.raises(ReadModelError, match="staff_roster"):
        Registry().discover()


def test_an_entry_point_must_carry_the_projection_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path / "site", monkeypatch, "roster = pelayanan_plugin_demo:StaffRoster")
    with pytest.raises(ReadModelError, match="must match"):
        Registry().discover()
