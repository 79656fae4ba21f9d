"""Every record of a simulated year, loaded, is in the state eventsourcing's own ``mutate`` would
leave it in: the same attributes in the same order, so its snapshot's stored bytes are the same.
``ComplianceAggregate.Event.mutate`` says eventsourcing's steps directly to be cheaper; this holds
it to them over every kind of event the simulation records."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from pelayanan.service import ComplianceService
from pelayanan.storage.application import project
from tests.domain.test_base import reference_mutate


def test_every_record_loads_to_the_state_and_snapshot_eventsourcing_would_make(
    small_service: ComplianceService,
) -> None:
    events: dict[UUID, list[Any]] = defaultdict(list)
    for notification in small_service.recorder.select_notifications(start=1, limit=10**6):
        event = small_service.mapper.to_domain_event(notification)
        events[event.originator_id].append(event)
    kinds: set[str] = set()
    assert small_service.snapshots is not None
    encode = small_service.snapshots.mapper.transcoder.encode
    for history in events.values():
        ours = project(None, history)
        theirs = None
        for event in history:
            theirs = reference_mutate(event, theirs)
            kinds.add(type(event).__qualname__)
        assert list(vars(ours).items()) == list(vars(theirs).items())
        snapshot = type(ours).Snapshot
        assert encode(snapshot.take(ours).state) == encode(snapshot.take(theirs).state)
    assert len(kinds) > 25  # most kinds of event, of every kind of record
