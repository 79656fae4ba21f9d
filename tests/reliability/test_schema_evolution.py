"""Schema evolution: a store written by the first released schema (tests/fixtures/v1_store.db,
made by tests/fixtures/make_v1_store.py and never regenerated) loads, projects and verifies with
the current code, on SQLite and PostgreSQL; stored topics and event fields are pinned, so a moved
class without an alias, or a changed event without a ``class_version`` and upcaster, fails here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing import utils
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic, register_topic, resolve_topic

from pelayanan import (
    WIB,
    Actor,
    Breach,
    BreachKind,
    CaseSource,
    Complaint,
    ComplianceService,
    DisciplinaryCase,
    SourceKind,
)
from pelayanan.audit import open_log, rebuild_and_diff, verify
from pelayanan.cli import main as cli
from pelayanan.privacy import Erased, Sealed
from pelayanan.projections import ReadModelRunner, default_registry
from tests.fixtures.make_v1_store import (
    SCHEMAS,
    STORE,
    TOPICS,
    event_classes,
    event_schemas,
    stored_topics,
)

PINNED = TOPICS.read_text().split()
CLERK = Actor(name="Analis BKPSDM", role="bkpsdm")
V1_EVENTS = 34  # event classes in the first released schema, all present in the fixture


def fixture_events() -> list[StoredEvent]:
    service = ComplianceService.open(str(STORE), must_exist=True)
    try:
        return [
            StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
            for n in service.recorder.select_notifications(start=1, limit=100_000)
        ]
    finally:
        service.close()


def copy_v1_into(target: ComplianceService, v1_copy: Path) -> None:
    """Events, snapshots and subject keys, as stored by v1, into another backend."""
    events = fixture_events()
    target.recorder.insert_events(events)
    source = ComplianceService.open(str(v1_copy))
    try:
        assert source.snapshots is not None and target.snapshots is not None
        for aggregate_id in {e.originator_id for e in events}:
            snapshots = source.snapshots.recorder.select_events(aggregate_id)
            target.snapshots.recorder.insert_events(snapshots)
        with source.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            c.execute("SELECT * FROM pelayanan_subject_keys")
            rows = [dict(r) for r in c.fetchall()]
    finally:
        source.close()
    columns = ("subject", "key", "created_at", "erased_at", "erased_by", "reason")
    with target.recorder.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
        for row in rows:
            c.execute(
                "INSERT INTO pelayanan_subject_keys VALUES (%s, %s, %s, %s, %s, %s)",
                tuple(row[k] for k in columns),
            )


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """The fixture file itself, copied: tests never touch the committed bytes."""
    copy = tmp_path / "v1.db"
    shutil.copyfile(STORE, copy)
    return copy


@pytest.fixture
def v1_store(store_url: str, v1_copy: Path) -> Iterator[ComplianceService]:
    """The v1 events, byte for byte, in a store of each backend (with the v1 subject keys)."""
    if not store_url.startswith("postgresql"):
        store_url = str(v1_copy)
    service = ComplianceService.open(store_url, vault="store")
    if store_url.startswith("postgresql"):
        copy_v1_into(service, v1_copy)
    try:
        yield service
    finally:
        service.close()


# --------------------------------------------------------------------------- pins


def test_every_pinned_topic_still_resolves() -> None:
    """Renaming or moving a stored class breaks old events unless the old topic is aliased
    (``eventsourcing.utils.register_topic(old_topic, NewClass)``)."""
    unresolved = []
    for topic in PINNED:
        try:
            resolve_topic(topic)
        except Exception:
            unresolved.append(topic)
    assert unresolved == []


def test_every_event_class_is_pinned() -> None:
    """A new event class (or aggregate) is added to tests/fixtures/topics.txt when released."""
    assert sorted(set(stored_topics()) - set(PINNED)) == []


def test_every_event_schema_is_pinned_under_its_class_version() -> None:
    """A changed event needs ``class_version`` + 1, an ``upcast_vN_vN+1`` and a new pinned entry
    in tests/fixtures/event_schemas.json (the older entries stay as they are)."""
    pinned: dict[str, dict[str, list[str]]] = json.loads(SCHEMAS.read_text())
    for topic, current in event_schemas().items():
        [(version, names)] = current.items()
        assert topic in pinned, f"{topic} is not pinned"
        assert pinned[topic].get(version) == names, (
            f"{topic} fields changed without a new class_version (now {version}): "
            f"pinned {pinned[topic]}, current {names}"
        )
        cls = resolve_topic(topic)
        for step in range(1, int(version)):
            assert hasattr(cls, f"upcast_v{step}_v{step + 1}"), f"{topic} lacks upcast_v{step}"


def test_the_fixture_is_a_representative_v1_store() -> None:
    topics = {e.topic for e in fixture_events()}
    assert topics <= set(PINNED)
    assert len(topics) == V1_EVENTS
    assert STORE.stat().st_size < 200_000


def test_a_moved_class_loads_old_events_only_through_an_alias(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(utils, "_topic_cache", dict(utils._topic_cache))
    service = ComplianceService.open(str(v1_copy))
    try:
        [filed] = [e for e in fixture_events() if e.topic.endswith("Complaint.Filed")][:1]
        old_topic = "pelayanan.domain.pengaduan:Complaint.Filed"  # as if it had lived there
        moved = StoredEvent(filed.originator_id, filed.originator_version, old_topic, filed.state)
        with pytest.raises(Exception, match="pengaduan"):
            service.mapper.to_domain_event(moved)
        register_topic(old_topic, Complaint.Filed)
        assert isinstance(service.mapper.to_domain_event(moved), Complaint.Filed)
    finally:
        service.close()


# --------------------------------------------------------------------------- the v1 store


def test_the_v1_store_loads_with_the_current_code(v1_store: ComplianceService) -> None:
    notifications = v1_store.recorder.select_notifications(start=1, limit=100_000)
    events = [v1_store.mapper.to_domain_event(n) for n in notifications]
    assert len(events) == len(notifications) > 40
    aggregates = {e.originator_id for e in events}
    for aggregate_id in aggregates:
        replayed = v1_store.repository.get(aggregate_id)
        assert replayed.version == max(
            e.originator_version for e in events if e.originator_id == aggregate_id
        )
    # The office has a v1 snapshot: loading through it equals replaying its events.
    office = next(e for e in events if type(e).__name__ == "Registered").originator_id
    assert v1_store.snapshots is not None and list(v1_store.snapshots.get(office))
    replayed: Any = None
    for event in (e for e in events if e.originator_id == office):
        replayed = event.mutate(replayed)  # type: ignore[attr-defined]
    assert vars(v1_store.repository.get(office)) == vars(replayed)
    sealed = [v for e in events for v in vars(e).values() if isinstance(v, Sealed)]
    revealed = [v1_store.reveal(v) for v in sealed]
    assert sum(isinstance(r, Erased) for r in revealed) == 2  # the erased complainant
    assert "Anak saya sakit; surat dokter ada." in revealed


def test_the_v1_store_projects_without_dead_letters(v1_store: ComplianceService) -> None:
    runner = ReadModelRunner(v1_store, default_registry(plugins=False).all())
    runner.catch_up()
    for status in runner.status():
        assert status.position == v1_store.head(), status
        assert runner.dead_letters(status.name) == []
    assert rebuild_and_diff(v1_store).matches


def test_pelayanan_verify_passes_on_the_v1_store(
    v1_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["verify", "--db", str(v1_copy)]) == 0, capsys.readouterr()
    log = open_log(str(v1_copy))
    try:
        report = verify(log)
    finally:
        log.close()
    assert report.intact and report.unsealed_events == 0 and report.checkpoints >= 3


def _fields(cls: type[Aggregate.Event]) -> list[str]:
    return sorted(f.name for f in fields(cls))  # type: ignore[arg-type]


def test_event_classes_are_all_checked() -> None:
    assert len(event_classes()) >= V1_EVENTS
    assert all(_fields(c) for c in event_classes())
    assert {get_topic(c) for c in event_classes()} <= set(PINNED)


# --------------------------------------------------------------------------- a real evolution


def test_v1_clarifications_load_as_v2_with_the_summons_unknown(
    v1_store: ComplianceService,
) -> None:
    """``ClarificationReceived`` v2 records which summons a statement answered; the v1 events
    in the fixture lack the field, and ``upcast_v1_v2`` gives them None (not recorded)."""
    assert DisciplinaryCase.ClarificationReceived.class_version == 2
    old = [
        e
        for e in (
            v1_store.mapper.to_domain_event(n)
            for n in v1_store.recorder.select_notifications(start=1, limit=100_000)
        )
        if isinstance(e, DisciplinaryCase.ClarificationReceived)
    ]
    assert len(old) == 2 and all(e.summons is None for e in old)

    case = v1_store.open_case(
        "BKPSDM/800/2024/JDP-03",
        nip="198811212012011001",
        name="Bambang",
        source=CaseSource(SourceKind.OTHER, "laporan"),
        breach=Breach(BreachKind.ATTENDANCE, "alpa", days_absent=3),
        actor=CLERK,
        occurred_at=datetime(2024, 8, 1, 9, tzinfo=WIB),
    )
    v1_store.request_clarification(
        case, letter_date=date(2024, 8, 1), examination_date=date(2024, 8, 2), actor=CLERK
    )
    v1_store.receive_clarification(case, statement="Saya sakit.", actor=CLERK)
    [new] = [
        v1_store.mapper.to_domain_event(r)
        for r in v1_store.recorder.select_events(case)
        if r.topic.endswith("ClarificationReceived")
    ]
    assert new.summons == 1  # type: ignore[attr-defined]
