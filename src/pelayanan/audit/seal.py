"""The sealer: a tracked reader of the notification log that writes checkpoints.

Each run continues from the last checkpoint (its ``last_notification_id`` is the tracking
position) and seals what has arrived since into checkpoints of at most ``every`` events. A
checkpoint, the leaf hashes of its events and the chain heads it advanced are written in one
transaction, so a crash leaves either the whole seal or none of it, and two sealers running at
once serialise on a lock instead of sealing the same range twice.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

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
from pelayanan.audit.store import Head, LogStore, SealedLeaf
from pelayanan.clock import Clock
from pelayanan.domain.errors import InvalidValue, PelayananError

DEFAULT_EVERY = 10_000
MAX_EVERY = 10_000_000
"""A checkpoint's range is held in memory when it is sealed (and when a broken one is named)."""


class ChainBroken(PelayananError):
    """The log already breaks an aggregate's version sequence; sealing it would bless that."""


def seal(
    store: LogStore,
    *,
    every: int = DEFAULT_EVERY,
    signer: Signer | None = None,
    clock: Clock | None = None,
) -> list[SealedCheckpoint]:
    """Seal every event not yet sealed; return the new checkpoints (possibly none)."""
    if type(every) is not int or not 1 <= every <= MAX_EVERY:
        raise InvalidValue(
            f"every must be a whole number from 1 to {MAX_EVERY:,}, got {every!r:.40}"
        )
    written: list[SealedCheckpoint] = []
    while True:
        sealed = _seal_next(store, every, signer, clock)
        if sealed is None:
            return written
        written.append(sealed)


def _seal_next(
    store: LogStore, every: int, signer: Signer | None, clock: Clock | None
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
        checkpoint = Checkpoint(
            log_id=last.checkpoint.log_id if last else str(uuid.uuid4()),
            seq=last.checkpoint.seq + 1 if last else 1,
            after_notification_id=after,
            last_notification_id=records[-1][0],
            event_count=len(records),
            total_events=(last.checkpoint.total_events if last else 0) + len(records),
            events_root=events.root().hex(),
            heads_count=len(head_rows),
            heads_root=head_tree.root().hex(),
            previous=last.hash if last else GENESIS_PREVIOUS,
            sealed_at=(clock.now() if clock else datetime.now(UTC)).isoformat(),
        )
        sealed = SealedCheckpoint(
            checkpoint,
            checkpoint.hash(),
            signer.sign(checkpoint.canonical()) if signer else None,
            signer.key_id if signer else None,
        )
        writer.write(sealed, leaves, head_rows)
        return sealed
