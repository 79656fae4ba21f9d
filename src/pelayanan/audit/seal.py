"""The sealer: a tracked reader of the notification log that writes checkpoints.

Each run continues from the last checkpoint (its ``last_notification_id`` is the tracking
position) and seals what has arrived since into checkpoints of at most ``every`` events. A
checkpoint, the leaf hashes of its events and the chain heads it advanced are written in one
transaction, so a crash leaves either the whole seal or none of it, and two sealers running at
once serialise on a lock instead of sealing the same range twice.

Given the application's snapshot rebuild (audit/snapshots.py), a checkpoint also vouches for
the snapshots stored since the last one whose events it or an earlier one seals: each is rebuilt
from its events first (from its aggregate's latest vouched snapshot) and vouched for only when
equal. ``verify`` then compares those snapshots' bytes with their sealed leaves instead of
rebuilding them (docs/integrity.md, section 7). A snapshot that differs is a cache gone wrong, not
a reason to leave the events unsealed: the events are sealed all the same, the snapshot is not
vouched for and is returned as refused, and ``verify`` rebuilds it and reports it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import attrs

from pelayanan.audit.checkpoints import GENESIS_PREVIOUS, Checkpoint, SealedCheckpoint
from pelayanan.audit.encoding import (
    GENESIS_LINK,
    MerkleAccumulator,
    chain_link,
    head_record,
    leaf_hash,
    record_encoding,
)
from pelayanan.audit.signing import Signer
from pelayanan.audit.store import (
    Head,
    LogStore,
    SealedLeaf,
    SealedSnapshot,
    SealWriter,
    SnapshotRow,
)
from pelayanan.audit.verify import (
    SNAPSHOT_CHECKED,
    Problem,
    SnapshotRebuild,
    SnapshotTask,
    snapshot_tasks,
    stored_snapshot_leaf,
    vouched_snapshot_leaves,
)
from pelayanan.clock import Clock
from pelayanan.domain.errors import InvalidValue, PelayananError

DEFAULT_EVERY = 10_000
MAX_EVERY = 10_000_000
"""A checkpoint's range is held in memory when it is sealed (and when a broken one is named)."""


class ChainBroken(PelayananError):
    """The log already breaks an aggregate's version sequence; sealing it would bless that."""


@attrs.frozen
class SealResult:
    """What one :func:`seal` wrote, and the stored snapshots it would not vouch for."""

    checkpoints: tuple[SealedCheckpoint, ...]
    """The new checkpoints, by sequence number (none when every event was already sealed)."""
    refused: tuple[Problem, ...] = ()
    """One finding per snapshot found different from its events, malformed, or whose rebuild
    would start from a vouched snapshot changed since: no checkpoint vouches for it (``verify``
    rebuilds it and reports it). Each later seal that writes a checkpoint looks at them again."""


_Refused = dict[tuple[bytes, Any], Problem]


def seal(
    store: LogStore,
    *,
    every: int = DEFAULT_EVERY,
    signer: Signer | None = None,
    clock: Clock | None = None,
    snapshots: SnapshotRebuild | None = None,
) -> SealResult:
    """Seal every event not yet sealed; return the new checkpoints (possibly none).

    With ``snapshots`` (:func:`pelayanan.audit.snapshots.snapshot_check` of the application),
    each checkpoint vouches for the snapshots it finds equal to their events; the others are
    :attr:`SealResult.refused`, and the events are sealed all the same. Without it,
    checkpoints vouch for none and ``verify`` rebuilds them all."""
    if type(every) is not int or not 1 <= every <= MAX_EVERY:
        raise InvalidValue(
            f"every must be a whole number from 1 to {MAX_EVERY:,}, got {every!r:.40}"
        )
    written: list[SealedCheckpoint] = []
    refused: _Refused = {}
    while True:
        sealed = _seal_next(store, every, signer, clock, snapshots, refused)
        if sealed is None:
            return SealResult(tuple(written), tuple(refused.values()))
        written.append(sealed)


def _seal_next(
    store: LogStore,
    every: int,
    signer: Signer | None,
    clock: Clock | None,
    rebuild: SnapshotRebuild | None,
    refused: _Refused,
) -> SealedCheckpoint | None:
    with store.sealing() as writer:
        last = writer.last_checkpoint()
        after = last.checkpoint.last_notification_id if last else 0
        records = writer.unsealed(after, every)
        if not records:
            return None
        heads = writer.heads(sorted({r[1] for r in records}))
        events = MerkleAccumulator()
        leaves: list[SealedLeaf] = []
        for notification_id, originator, version, topic, state in records:
            try:
                if (
                    len(originator) != 16
                    or type(version) is not int
                    or not 1 <= version < 1 << 63
                    or type(topic) is not str
                    or type(state) is not bytes
                ):
                    raise ValueError
                # A topic stored as TEXT that is not UTF-8 (a hand edit) cannot be encoded.
                encoded = record_encoding(notification_id, originator, version, topic, state)
            except ValueError:
                raise ChainBroken(
                    f"cannot seal: the row at notification {notification_id} is not one "
                    "eventsourcing writes (aggregate id, version, topic or state malformed); "
                    "run `pelayanan verify` to see it"
                ) from None
            leaf = leaf_hash(encoded)
            previous_version, previous_link = heads.get(originator, (0, GENESIS_LINK))
            if version != previous_version + 1:
                raise ChainBroken(
                    f"cannot seal: aggregate {uuid.UUID(bytes=originator)} goes from version "
                    f"{previous_version} to {version} at notification {notification_id}; "
                    "run `pelayanan verify` to see what was changed"
                )
            heads[originator] = (version, chain_link(previous_link, leaf))
            events.add(leaf)
            leaves.append((notification_id, originator, version, leaf))
        touched = sorted({leaf[1] for leaf in leaves})
        head_rows: list[Head] = []
        head_tree = MerkleAccumulator()
        last_at = {leaf[1]: leaf[0] for leaf in leaves}
        for originator in touched:
            version, link = heads[originator]
            head_tree.add(leaf_hash(head_record(originator, version, link)))
            head_rows.append((originator, version, link, last_at[originator]))
        seq = last.checkpoint.seq + 1 if last else 1
        vouched = (
            _vouch(writer, heads, rebuild, seq, refused, signer) if rebuild is not None else []
        )
        snapshot_tree = MerkleAccumulator()
        for entry in vouched:
            snapshot_tree.add(entry[2])
        checkpoint = Checkpoint(
            log_id=last.checkpoint.log_id if last else str(uuid.uuid4()),
            seq=seq,
            after_notification_id=after,
            last_notification_id=records[-1][0],
            event_count=len(records),
            total_events=(last.checkpoint.total_events if last else 0) + len(records),
            events_root=events.root().hex(),
            heads_count=len(head_rows),
            heads_root=head_tree.root().hex(),
            previous=last.hash if last else GENESIS_PREVIOUS,
            sealed_at=(clock.now() if clock else datetime.now(UTC)).isoformat(),
            snapshots_count=snapshot_tree.count,
            snapshots_root=snapshot_tree.root().hex(),
        )
        sealed = SealedCheckpoint(
            checkpoint,
            checkpoint.hash(),
            signer.sign(checkpoint.canonical()) if signer else None,
            signer.key_id if signer else None,
        )
        writer.write(sealed, leaves, head_rows, vouched)
        return sealed


def _vouched_so_far(writer: SealWriter, signer: Signer | None) -> dict[tuple[bytes, int], bytes]:
    """The snapshots earlier checkpoints vouch for, each a rebuild's possible starting point.

    The sealer's table and the checkpoint table are rows that whoever can write the store can
    add to, so a row is taken only as verify takes it: when its checkpoint's rows give that
    checkpoint's ``snapshots_root``, and, sealing with a key, when that checkpoint carries the
    key's valid signature. A snapshot vouched for by any other row is rebuilt again."""
    checkpoints = writer.checkpoints()
    if signer is not None:
        from pelayanan.audit.signing import signature_valid

        checkpoints = [
            c
            for c in checkpoints
            if c.signature is not None
            and signature_valid(signer.public_key, c.checkpoint.canonical(), c.signature)
        ]
    return vouched_snapshot_leaves(writer, checkpoints)


def _vouch(
    writer: SealWriter,
    heads: dict[bytes, tuple[int, bytes]],
    rebuild: SnapshotRebuild,
    seq: int,
    refused: _Refused,
    signer: Signer | None,
) -> list[SealedSnapshot]:
    """The snapshots this checkpoint vouches for, sorted by aggregate id bytes and version:
    those not vouched for yet whose events are all sealed once it is written, each rebuilt from
    its events and found equal. The others it looks at go to ``refused`` (and are not looked at
    again in this run). ``heads`` holds the chains after this checkpoint's range."""
    sealed = _vouched_so_far(writer, signer)
    new = []
    for key in writer.snapshot_keys():
        if key in sealed or key in refused:
            continue
        # Only the key is checked here (the topic and state are read once the key is ready).
        malformed = stored_snapshot_leaf((*key, "", b""))
        if isinstance(malformed, Problem):
            refused[key] = malformed
        else:
            new.append(key)
    if not new:
        return []
    # A snapshot of versions still unsealed waits for the checkpoint that seals them.
    others = sorted({originator for originator, _ in new} - set(heads))
    reached = {**writer.heads(others), **heads}
    ready = sorted(key for key in new if key[1] <= reached.get(key[0], (0, b""))[0])
    todo: dict[bytes, list[SnapshotRow]] = {}
    leaves: dict[tuple[bytes, int], bytes] = {}
    for row in writer.snapshot_rows(ready):
        leaf = stored_snapshot_leaf(row)
        if isinstance(leaf, Problem):
            refused[row[:2]] = leaf
            continue
        leaves[row[:2]] = leaf
        todo.setdefault(row[0], []).append(row)
    if not todo:
        return []
    names = {str(uuid.UUID(bytes=originator)): originator for originator in todo}
    checked: set[tuple[bytes, Any]] = set()
    for problem in rebuild(writer, _tasks(writer, todo, sealed, refused)):
        key = (names[problem.aggregate_id or ""], problem.version)
        if problem.kind == SNAPSHOT_CHECKED:
            checked.add(key)
        else:
            refused.setdefault(key, problem)
    for originator, version in sorted(leaves.keys() - checked - refused.keys()):
        # A rebuild stops at an event it cannot replay; the snapshots after it stay unchecked.
        name = str(uuid.UUID(bytes=originator))
        refused[(originator, version)] = Problem(
            "snapshot_unverifiable",
            f"snapshot of aggregate {name} version {version}: not rebuilt (its aggregate's "
            "rebuild stopped at an earlier snapshot or event)",
            None,
            name,
            version,
        )
    # Only what this rebuild was asked about and found equal, whatever else it yields.
    return [(*key, leaves[key], seq) for key in sorted(checked & leaves.keys() - refused.keys())]


def _tasks(
    writer: SealWriter,
    todo: dict[bytes, list[SnapshotRow]],
    sealed: dict[tuple[bytes, int], bytes],
    refused: _Refused,
) -> list[SnapshotTask]:
    """Each aggregate's rebuild starts at its latest vouched snapshot below the new ones. One
    no longer stored as it was sealed vouches for nothing: its aggregate's new snapshots go to
    ``refused`` (``verify`` reports the changed one itself)."""
    vouched: dict[bytes, list[int]] = {}
    for originator, version in sealed:
        vouched.setdefault(originator, []).append(version)
    tasks = []
    for task in snapshot_tasks(writer.snapshot_rows, todo, vouched):
        originator, base, targets = task
        if base is not None:
            start = base[1]
            if stored_snapshot_leaf(base) != sealed[(originator, start)]:
                name = str(uuid.UUID(bytes=originator))
                for row in targets:
                    refused[row[:2]] = Problem(
                        "snapshot_unverifiable",
                        f"snapshot of aggregate {name} version {row[1]}: not rebuilt (its "
                        f"rebuild would start from version {start}, which was changed after a "
                        "checkpoint vouched for it)",
                        None,
                        name,
                        row[1],
                    )
                continue
        tasks.append(task)
    return tasks
