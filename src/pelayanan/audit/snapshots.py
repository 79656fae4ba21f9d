"""Snapshots rebuilt from the events they stand for (docs/integrity.md, section 7).

A snapshot is a cache: the aggregate's state at a version, stored so a load need not replay
every event. The service trusts it on load, so a snapshot edited by hand changes what the service
shows while the log itself is untouched. A rebuild replays an aggregate's stored events, in
version order, from the start or from a snapshot already found equal to them, and at each
snapshot's version compares the state the events give with the stored snapshot (both decoded by
the application's own mapper, so encryption and compression do not matter).

The sealer rebuilds each snapshot once, before a checkpoint vouches for it (audit/seal.py);
``verify`` then compares the stored bytes with the sealed leaf and rebuilds only the snapshots
no checkpoint vouches for (audit/verify.py). Both read the rows as stored, through the same
connection that hashes them; only the decoding needs the domain code, which is why this module
imports eventsourcing only when a rebuild runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pelayanan.audit.store import EventReader, SnapshotRow
from pelayanan.audit.verify import SNAPSHOT_CHECKED, Problem, SnapshotRebuild, SnapshotTask

if TYPE_CHECKING:
    from eventsourcing.application import Application


def snapshot_check(app: Application[Any]) -> SnapshotRebuild:
    """A rebuild of ``app``'s snapshots, for :func:`~pelayanan.audit.verify.verify` and
    :func:`~pelayanan.audit.seal.seal` (any eventsourcing application with snapshots)."""
    assert app.snapshots is not None, "the application keeps no snapshots"
    mapper = app.snapshots.mapper

    def rebuild(reader: EventReader, tasks: Sequence[SnapshotTask]) -> Iterator[Problem]:
        for originator, base, targets in tasks:
            yield from _rebuild_aggregate(mapper, reader, originator, base, targets)

    return rebuild


def _problem(kind: str, aggregate: str, version: Any, what: str) -> Problem:
    shown = version if type(version) is int else None
    what = f"snapshot of aggregate {aggregate} version {version!r}: {what}"
    return Problem(kind, what, None, aggregate, shown)


def _decode(mapper: Any, originator: bytes, row: SnapshotRow | tuple[Any, Any, Any]) -> Any:
    from eventsourcing.persistence import StoredEvent

    version, topic, state = row[-3:]
    stored = StoredEvent(
        originator_id=UUID(bytes=originator),
        originator_version=version,
        topic=topic,
        state=state,
    )
    return mapper.to_domain_event(stored)


def _rebuild_aggregate(
    mapper: Any,
    reader: EventReader,
    originator: bytes,
    base: SnapshotRow | None,
    targets: Sequence[SnapshotRow],
) -> Iterator[Problem]:
    name = str(UUID(bytes=originator))
    stored: dict[int, Any] = {}
    for row in targets:
        version = row[1]
        try:
            stored[version] = _decode(mapper, originator, row)
        except Exception as exc:  # any decoding failure: the stored bytes were edited
            yield _problem("snapshot_malformed", name, version, f"cannot be decoded ({exc!s:.80})")
    if not stored:
        return
    pending = sorted(stored)
    aggregate: Any = None
    after = 0
    try:
        if base is not None:
            # A snapshot already found equal to its events: its state is theirs.
            aggregate = _decode(mapper, originator, base).mutate(None)
            after = base[1]
        for version, topic, state in reader.aggregate_records(originator, after, pending[-1]):
            event = _decode(mapper, originator, (version, topic, state))
            aggregate = event.mutate(aggregate)
            if aggregate is not None and aggregate.version == pending[0]:
                version = pending.pop(0)
                yield _compare(mapper, stored[version], aggregate, name)
                if not pending:
                    return
    except Exception as exc:  # an event that cannot be decoded or applied
        yield _problem(
            "snapshot_unverifiable",
            name,
            pending[0],
            f"its events cannot be replayed ({exc!s:.80})",
        )
        return
    for version in pending:
        yield _problem("snapshot_changed", name, version, "no stored events reach this version")


def _compare(mapper: Any, snapshot: Any, aggregate: Any, name: str) -> Problem:
    fresh = type(snapshot).take(aggregate)
    if fresh.topic == snapshot.topic and fresh.state == snapshot.state:
        return Problem(SNAPSHOT_CHECKED, "", None, name, snapshot.originator_version)
    # Through the mapper once, so both sides have the types the transcoder gives back (a
    # tuple comes back a list); an encoding round trip costs as much as the replay, so only
    # when the plain comparison differs.
    rebuilt = mapper.to_domain_event(mapper.to_stored_event(fresh))
    version = snapshot.originator_version
    if rebuilt.topic != snapshot.topic or rebuilt.state != snapshot.state:
        differ = sorted(
            key
            for key in set(rebuilt.state) | set(snapshot.state)
            if rebuilt.state.get(key) != snapshot.state.get(key)
        )
        return _problem(
            "snapshot_changed",
            name,
            version,
            "differs from the state its events give (fields: "
            f"{', '.join(differ)[:120] or 'topic'}); the service loads the stored one",
        )
    return Problem(SNAPSHOT_CHECKED, "", None, name, version)
