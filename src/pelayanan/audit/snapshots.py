"""Snapshots checked against the events they stand for (docs/integrity.md, section 6).

A snapshot is a cache: the aggregate's state at a version, stored so a load need not replay
every event. The service trusts it on load, so a snapshot edited by hand changes what the service
shows while the log itself is untouched. The check rebuilds each snapshotted aggregate from its
events, once, in version order, and at each snapshot's version compares the state the events give
with the stored snapshot (both decoded by the application's own mapper, so encryption and
compression do not matter). That needs the application's domain code, which the rest of
``verify`` does not; it costs one replay of the aggregates that have snapshots.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application

from pelayanan.audit.store import LogStore
from pelayanan.audit.verify import SNAPSHOT_CHECKED, Problem, SnapshotCheck


def snapshot_check(app: Application[Any]) -> SnapshotCheck:
    """A check for :func:`pelayanan.audit.verify.verify` over ``app``'s snapshots."""

    def check(store: LogStore) -> Iterator[Problem]:
        keys = sorted({(row[0], row[1]) for row in store.snapshots()}, key=_by_aggregate)
        for originator, rows in itertools.groupby(keys, key=lambda key: key[0]):
            versions = [version for _, version in rows]
            yield from _check_aggregate(app, originator, versions)

    return check


def _by_aggregate(key: tuple[bytes, Any]) -> tuple[bytes, int]:
    return key[0], key[1] if type(key[1]) is int else -1


def _problem(kind: str, aggregate: str, version: Any, what: str) -> Problem:
    shown = version if type(version) is int else None
    what = f"snapshot of aggregate {aggregate} version {version!r}: {what}"
    return Problem(kind, what, None, aggregate, shown)


def _check_aggregate(
    app: Application[Any], originator: bytes, versions: list[Any]
) -> Iterator[Problem]:
    if len(originator) != 16:
        # Stored under an id the service never looks up: it is never loaded.
        shown = originator.decode("utf-8", "replace").strip("!")
        for version in versions:
            yield _problem("snapshot_malformed", shown, version, "its aggregate id is malformed")
        return
    aggregate_id = UUID(bytes=originator)
    name = str(aggregate_id)
    assert app.snapshots is not None  # the store has a snapshot table
    mapper = app.snapshots.mapper
    stored: dict[int, Any] = {}
    for version in versions:
        if type(version) is not int or version < 1:
            yield _problem("snapshot_malformed", name, version, "its version is not a whole number")
            continue
        try:
            found = list(app.snapshots.get(aggregate_id, gt=version - 1, lte=version))
        except Exception as exc:  # any decoding failure: the stored bytes were edited
            yield _problem("snapshot_malformed", name, version, f"cannot be decoded ({exc!s:.80})")
            continue
        if found:
            stored[version] = found[0]
    if not stored:
        return
    aggregate: Any = None
    pending = sorted(stored)
    try:
        for event in app.events.get(aggregate_id, lte=pending[-1]):
            aggregate = cast(Any, event).mutate(aggregate)
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
