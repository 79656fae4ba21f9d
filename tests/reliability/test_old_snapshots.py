"""A snapshot in the shape an earlier version stored: without the business times the order rules
keep (``_began_at``, ``_latest_at``). docs/reliability.md says the service still loads it and that
``verify`` reports it as ``snapshot_changed``, naming those fields, although no event changed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from pelayanan import ComplianceService, ManualClock
from pelayanan.cli import main
from pelayanan.domain.complaint import Complaint
from pelayanan.domain.values import Actor
from tests.audit.tamper import Tamperer

JODIPAN = "35.73.01.1011"
REFERENCE = "LAPOR-2024-0001"
OLD_SHAPE_LACKS = ("_began_at", "_latest_at")


@pytest.fixture
def complaint_snapshots(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(ComplianceService.snapshotting_intervals, Complaint, 2)
    yield


def _old_shape_snapshot(store_url: str, clock: ManualClock, clerk: Actor) -> None:
    """A complaint of two events whose snapshot at version 2 is rewritten as an earlier version
    wrote it (the same encoder, the two fields left out)."""
    service = ComplianceService.open(store_url, clock=clock)
    try:
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        complaint = service.file_complaint(
            REFERENCE,
            office_code=JODIPAN,
            channel="walk_in",
            subject="antre",
            description="lama",
            actor=clerk,
        )
        service.acknowledge_complaint(complaint, message="diterima", actor=clerk)
        assert service.snapshots is not None
        (snapshot,) = service.snapshots.get(complaint)
        assert snapshot.originator_version == 2
        assert all(name in snapshot.state for name in OLD_SHAPE_LACKS)
        old = dataclasses.replace(
            snapshot,
            state={k: v for k, v in snapshot.state.items() if k not in OLD_SHAPE_LACKS},
        )
        state = service.snapshots.mapper.to_stored_event(old).state
    finally:
        service.close()
    tamper = Tamperer(store_url, "ComplianceService")
    table = "stored_snapshots" if tamper.sqlite else "complianceservice_snapshots"
    tamper.sql(f"UPDATE {table} SET state = ?", state)
    tamper.close()


def test_an_old_snapshot_still_loads_and_verify_reports_it_naming_the_fields(
    store_url: str,
    complaint_snapshots: None,
    clock: ManualClock,
    clerk: Actor,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _old_shape_snapshot(store_url, clock, clerk)
    service = ComplianceService.open(store_url, warm_aggregates=0)
    try:
        loaded = service.get_complaint(REFERENCE)  # from the old snapshot
        assert loaded.version == 2 and loaded.status.value == "acknowledged"
        assert loaded.latest_at is None  # the order rules start again from its next event
        service.respond_to_complaint(loaded.id, response="dicek", actor=clerk)
        assert service.get_complaint(REFERENCE).latest_at is not None
    finally:
        service.close()
    assert main(["verify", "--db", store_url]) == 1  # a finding, not "could not run"
    out, err = capsys.readouterr()
    assert "what broke: snapshot_changed" in out, out
    assert all(name in out for name in OLD_SHAPE_LACKS), out
    assert "Traceback" not in out + err
