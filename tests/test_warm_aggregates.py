"""Warm aggregates, per-thread batches and in-memory snapshots: faster, never a wrong answer.

A command takes a warm aggregate out, brings it up to date with what other writers recorded,
and puts it back only after its own save succeeded. These tests pin what must stay true.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError

from pelayanan.clock import ManualClock
from pelayanan.domain.errors import AlreadyExists, InvalidValue, NotFound, UnknownStaff
from pelayanan.domain.inspection import Team, TeamMember
from pelayanan.domain.office import Office, office_id
from pelayanan.domain.values import WIB, Actor, InspectorUnit, Nip
from pelayanan.scenarios.malang import SimulationSettings, simulate
from pelayanan.service import ComplianceService
from pelayanan.storage.warm import Freshness

JODIPAN = "35.73.01.1011"
LURAH = Nip("197805052005011002")
KASI = Nip("198811212012012001")


@pytest.fixture
def office(service: ComplianceService, clerk: Actor) -> str:
    service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    service.assign_staff(JODIPAN, nip=LURAH, name="Lurah Jodipan", role="lurah", actor=clerk)
    return JODIPAN


def morning(hour: int = 8) -> datetime:
    return datetime(2024, 4, 29, hour, tzinfo=WIB)


def permit(
    service: ComplianceService,
    nip: Nip,
    clerk: Actor,
    start: datetime | None = None,
    length: timedelta = timedelta(hours=1),
) -> None:
    start = morning() if start is None else start
    service.record_permission(
        JODIPAN,
        nip=nip,
        kind="izin",
        start=start,
        end=start + length,
        reason="keperluan keluarga",
        actor=clerk,
    )


def test_a_warm_office_sees_what_another_writer_recorded_since(
    store_url: str, clock: ManualClock, service: ComplianceService, office: str, clerk: Actor
) -> None:
    permit(service, LURAH, clerk)  # the office is now warm in `service`, without the kasi
    other = ComplianceService.open(store_url, clock=clock)
    try:
        other.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
    finally:
        other.close()

    permit(service, KASI, clerk)  # refused as UnknownStaff if the warm copy were stale

    stored = [type(e).__name__ for e in service.events.get(office_id(office))]
    assert stored[-2:] == ["StaffAssigned", "PermissionRecorded"]
    assert service.get_office(office).version == 5


def test_a_refused_command_leaves_the_warm_office_as_recorded(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    permit(service, LURAH, clerk)
    with pytest.raises(UnknownStaff):
        permit(service, KASI, clerk)

    permit(service, LURAH, clerk, morning(10))

    assert [p.nip for p in service.get_office(office).permissions] == [LURAH, LURAH]
    assert service.head() == 4


def test_a_failed_batch_leaves_nothing_warm_behind(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    permit(service, LURAH, clerk)
    with pytest.raises(RuntimeError), service.batch():
        service.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
        raise RuntimeError("the import stopped half way")

    with pytest.raises(UnknownStaff):  # the kasi was never recorded, and is not remembered
        permit(service, KASI, clerk)
    assert service.head() == 3


def test_what_a_reader_gets_is_its_own_and_does_not_change_under_it(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    read = service.get_office(office)
    permit(service, LURAH, clerk)
    permit(service, LURAH, clerk, morning(10))

    assert read.version == 2 and read.permissions == []
    assert service.get_office(office).version == 4


def test_a_batch_belongs_to_its_thread(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    inside, outside = threading.Event(), threading.Event()

    def other_thread() -> None:
        inside.wait(5)
        permit(service, LURAH, clerk, morning(9))  # saved at once: not part of the open batch
        outside.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    with pytest.raises(RuntimeError), service.batch():
        service.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
        inside.set()
        assert outside.wait(5)
        raise RuntimeError("abandon the batch")
    worker.join()

    assert [type(e).__name__ for e in service.events.get(office_id(office))][-1] == (
        "PermissionRecorded"
    )
    assert service.get_office(office).staff.keys() == {LURAH.value}


def test_snapshots_are_taken_at_each_multiple_of_the_interval_inside_a_batch_too(
    service: ComplianceService, office: str, clerk: Actor, clock: ManualClock
) -> None:
    interval = ComplianceService.snapshotting_intervals[Office]
    with service.batch():
        for i in range(interval + 10):
            clock.set(datetime(2024, 5, 1, tzinfo=WIB) + timedelta(hours=i))
            permit(service, LURAH, clerk, clock.now(), timedelta(minutes=30))
    assert service.snapshots is not None
    (snapshot,) = service.snapshots.get(office_id(office))
    assert snapshot.originator_version == interval  # not the version the batch ended at

    from_snapshot = service.get_office(office)
    replayed = None
    for event in service.events.get(office_id(office)):
        replayed = event.mutate(replayed)
    assert isinstance(replayed, Office)
    assert vars(from_snapshot) == vars(replayed)


@pytest.mark.parametrize("size", [-1, 1.5, "many"])
def test_the_number_of_warm_aggregates_must_be_a_whole_number(size: object) -> None:
    with pytest.raises(InvalidValue, match="warm_aggregates"):
        ComplianceService(warm_aggregates=size)  # type: ignore[arg-type]


def test_a_record_a_reader_was_handed_in_a_batch_stays_the_readers(
    service: ComplianceService, office: str, clerk: Actor
) -> None:
    with service.batch():
        service.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
        read = service.get_office(office)  # sees the batch's unsaved change
        assert KASI.value in read.staff
    permit(service, KASI, clerk)

    assert read.version == 3 and read.permissions == []
    assert service.get_office(office).version == 4


def test_in_a_batch_a_record_the_store_has_is_refused_at_the_save_and_nothing_is_written(
    store_url: str, clock: ManualClock, office: str, clerk: Actor
) -> None:
    fresh = ComplianceService.open(store_url, clock=clock)  # nothing warm: only the store knows
    try:
        before = fresh.head()
        refused = r"^office 35\.73\.01\.1011 is already recorded$"
        with pytest.raises(AlreadyExists, match=refused), fresh.batch():
            fresh.register_office(
                "35.73.01.1012", name="Polehan", kecamatan="Blimbing", actor=clerk
            )
            fresh.register_office(office, name="Jodipan", kecamatan="Blimbing", actor=clerk)
            fresh.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
        assert fresh.head() == before
        with pytest.raises(NotFound):
            fresh.get_office("35.73.01.1012")
        assert set(fresh.get_office(office).staff) == {LURAH.value}

        with fresh.batch():  # the service is usable afterwards, and nothing was left warm
            fresh.register_office(
                "35.73.01.1012", name="Polehan", kecamatan="Blimbing", actor=clerk
            )
            fresh.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
        # (PostgreSQL's notification ids skip those the refused batch took: count versions.)
        assert fresh.get_office("35.73.01.1012").version == 1
        assert fresh.get_office(office).version == 3
    finally:
        fresh.close()


def test_a_batch_asks_the_store_nothing_per_record_it_creates(
    service: ComplianceService, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(service._probe, "exists", asked.append)
    with service.batch():
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        service.register_office("35.73.01.1012", name="Polehan", kecamatan="Blimbing", actor=clerk)
    assert asked == []
    assert service.head() == 2


def test_a_record_created_twice_in_one_batch_is_refused_at_once(
    service: ComplianceService, clerk: Actor
) -> None:
    with service.batch():
        service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
        with pytest.raises(AlreadyExists, match=r"office 35\.73\.01\.1011 is already"):
            service.register_office(JODIPAN, name="Jodipan", kecamatan="Blimbing", actor=clerk)
    assert service.head() == 1


def test_a_snapshot_that_cannot_be_stored_does_not_fail_the_command(
    service: ComplianceService, office: str, clerk: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    assert service.snapshots is not None
    recorder = service.snapshots.recorder

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("disk I/O error")

    recorder.insert_events = refuse  # type: ignore[method-assign,assignment]
    interval = ComplianceService.snapshotting_intervals[Office]
    for hour in range(interval):  # versions 3..52: the command reaching 50 snapshots
        start = datetime(2024, 5, 1, tzinfo=WIB) + timedelta(hours=hour)
        permit(service, LURAH, clerk, start, timedelta(minutes=30))

    assert service.head() == interval + 2  # every fact stored once
    assert "snapshots of 1 record(s) not stored" in caplog.text


def test_after_a_simulated_year_a_snapshot_load_equals_a_replay_and_so_does_a_warm_one(
    tmp_path: Path,
) -> None:
    class OftenSnapshotted(ComplianceService):
        # Every 3 events, so that cases, complaints and inspections get snapshots too.
        snapshotting_intervals = dict.fromkeys(ComplianceService.snapshotting_intervals, 3)

    clock = ManualClock(datetime(2024, 1, 1, tzinfo=WIB))
    service = OftenSnapshotted.open(str(tmp_path / "sim.db"), clock=clock)
    try:
        simulate(service, clock, SimulationSettings(scale=0.02))
        assert service.snapshots is not None
        checked: dict[str, int] = {}
        stored = service.recorder.select_notifications(start=1, limit=10**6)
        for aggregate_id in {n.originator_id for n in stored}:
            replayed = None
            for event in service.events.get(aggregate_id):
                replayed = event.mutate(replayed)
            assert replayed is not None
            if list(service.snapshots.get(aggregate_id, limit=1)):
                assert vars(service.repository.get(aggregate_id)) == vars(replayed)
                kind = type(replayed).__name__
                checked[kind] = checked.get(kind, 0) + 1
            warm = service._warm.get(aggregate_id)
            if warm is not None:
                assert vars(warm) == vars(replayed)
        assert set(checked) == {"Office", "Inspection", "Complaint", "DisciplinaryCase"}
    finally:
        service.close()


def counting_fast_forwards(
    service: ComplianceService, monkeypatch: pytest.MonkeyPatch
) -> list[object]:
    """The aggregates a command brings up to date with its own query (events after a version)."""
    asked: list[object] = []
    get = service.events.get

    def spy(*args: object, **kwargs: object) -> object:
        if kwargs.get("gt") is not None:
            asked.append(args[0] if args else kwargs.get("originator_id"))
        return get(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service.events, "get", spy)
    return asked


def test_a_warm_office_nobody_else_wrote_to_is_not_asked_for_again(
    service: ComplianceService, office: str, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = counting_fast_forwards(service, monkeypatch)
    permit(service, LURAH, clerk)
    with service.batch():
        for hour in (9, 10, 11):
            permit(service, LURAH, clerk, morning(hour))

    assert asked == []  # the log's head, read once per command or batch, said nothing changed
    assert len(service.get_office(office).permissions) == 4


def test_after_another_writer_a_warm_record_is_brought_up_to_date_once(
    store_url: str,
    clock: ManualClock,
    service: ComplianceService,
    office: str,
    clerk: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    permit(service, LURAH, clerk)
    other = ComplianceService.open(store_url, clock=clock)
    try:
        other.register_office("35.73.01.1012", name="Polehan", kecamatan="Blimbing", actor=clerk)
    finally:
        other.close()
    asked = counting_fast_forwards(service, monkeypatch)

    permit(service, LURAH, clerk, morning(9))  # someone wrote: this office is asked about
    permit(service, LURAH, clerk, morning(10))  # the head is where this service's save left it

    assert asked == [office_id(office)]


def test_a_batch_sees_what_another_writer_recorded_before_it(
    store_url: str, clock: ManualClock, service: ComplianceService, office: str, clerk: Actor
) -> None:
    permit(service, LURAH, clerk)
    other = ComplianceService.open(store_url, clock=clock)
    try:
        other.assign_staff(office, nip=KASI, name="Kasi", role="kasi", actor=clerk)
    finally:
        other.close()

    with service.batch():
        permit(service, KASI, clerk, morning(9))  # UnknownStaff if the warm copy were stale
        permit(service, LURAH, clerk, morning(10))

    assert len(service.get_office(office).permissions) == 3


def test_a_save_that_is_not_next_in_the_log_starts_a_new_generation() -> None:
    freshness = Freshness()
    first = freshness.check(10)
    assert freshness.check(10) == first  # nothing written since
    assert freshness.saved([11, 12]) == first  # this service's own events, next in the log
    assert freshness.check(12) == first
    moved = freshness.saved([15])  # 13 and 14 are someone else's
    assert moved != first
    assert freshness.check(15) == moved
    assert freshness.check(16) not in (first, moved)  # someone else wrote again
    assert freshness.saved([]) == freshness.check(16)  # nothing saved, nothing learnt


def test_a_warm_record_named_by_a_command_is_not_asked_about(
    store_url: str,
    clock: ManualClock,
    service: ComplianceService,
    office: str,
    clerk: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sidak at a warm office: the office was saved, and records are never removed."""
    asked: list[object] = []
    monkeypatch.setattr(service._probe, "first_topic", asked.append)
    team = Team((TeamMember(name="Inspektur Pembantu", unit=InspectorUnit.INSPEKTORAT),))
    service.start_inspection("SIDAK/2024/01", office_code=office, team=team, actor=clerk)
    assert asked == []

    cold = ComplianceService.open(store_url, clock=clock, warm_aggregates=0)
    try:
        with pytest.raises(NotFound, match=r"^no office 35\.73\.01\.1012 is recorded$"):
            cold.start_inspection(
                "SIDAK/2024/02", office_code="35.73.01.1012", team=team, actor=clerk
            )
        cold.start_inspection("SIDAK/2024/03", office_code=office, team=team, actor=clerk)
        assert cold.head() == 4  # the office, its lurah and two sidaks
    finally:
        cold.close()
