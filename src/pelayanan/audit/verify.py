"""Verification of a stored log against its checkpoints (docs/integrity.md, section 4).

One pass over the log in notification order, in pages. Per event: hash the stored bytes into a
leaf, continue the aggregate's hash chain, add the leaf to the current checkpoint's Merkle
accumulator. At each checkpoint boundary the recomputed roots must equal the sealed ones. Memory
is bounded: the chain heads (one version and one 32-byte link per aggregate) are kept in memory
for the aggregates used recently and in a private temporary file for the rest (audit/heads.py),
and the Merkle accumulator is O(log n).

Only when a checkpoint's root does not match is its range read a second time, next to the
sealer's leaf table, to name the exact event that was changed, removed, inserted or moved.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from pelayanan.audit.checkpoints import GENESIS_PREVIOUS, Checkpoint, SealedCheckpoint
from pelayanan.audit.encoding import (
    CHAIN_PREFIX,
    GENESIS_LINK,
    LEAF_PREFIX,
    MerkleAccumulator,
    head_record,
    leaf_hash,
    record_encoding,
)
from pelayanan.audit.heads import ChainHeads
from pelayanan.audit.store import LogStore, SealedLeaf

MAX_PROBLEMS = 100


@attrs.frozen
class Problem:
    """One place where the store is not what was sealed.

    ``kind`` is a stable code (see docs/integrity.md, "What verify reports").
    """

    kind: str
    message: str
    notification_id: int | None = None
    aggregate_id: str | None = None
    version: int | None = None
    checkpoint: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class VerifyReport:
    events: int
    aggregates: int
    sealed_events: int
    unsealed_events: int
    checkpoints: int
    witnessed_checkpoints: int
    signatures_checked: int
    problems: tuple[Problem, ...]
    problems_not_listed: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self, recurse=True)
        data["intact"] = self.intact
        return data


def _aggregate(originator: bytes) -> str:
    if len(originator) == 16:
        return str(uuid.UUID(bytes=originator))
    return f"<malformed id {originator.decode('utf-8', 'replace')!r}>"


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.overflow = 0

    def add(self, problem: Problem) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)
        else:
            self.overflow += 1


def verify(
    store: LogStore,
    *,
    witness: Iterable[SealedCheckpoint] | None = None,
    public_key: bytes | None = None,
) -> VerifyReport:
    """Check the whole stored log; ``witness`` is an exported checkpoint file's content.

    With a witness, its checkpoints are the trusted ones and the store's must match them; the
    store's later checkpoints are verified too but counted as not witnessed. With
    ``public_key``, every trusted checkpoint must carry a valid Ed25519 signature by it.
    """
    checkpoint_problems = _Problems()
    stored = store.checkpoints()
    _check_chain(stored, "store", checkpoint_problems)
    witnessed: list[SealedCheckpoint] = []
    if witness is not None:
        witnessed = list(witness)
        _check_chain(witnessed, "checkpoint file", checkpoint_problems)
        _compare_with_witness(stored, witnessed, checkpoint_problems)
        last_witnessed = witnessed[-1].checkpoint.seq if witnessed else 0
        trusted = witnessed + [s for s in stored if s.checkpoint.seq > last_witnessed]
    else:
        trusted = stored
    signatures = 0
    if public_key is not None:
        signatures = _check_signatures(trusted, public_key, checkpoint_problems)

    event_problems = _Problems()
    scan = _Scan(store, [s.checkpoint for s in trusted], event_problems)
    scan.run()
    # The first broken place is the lowest notification; at one notification, what the range
    # check names (changed, deleted, ...) comes before the version-order symptom it causes.
    problems = checkpoint_problems.items + sorted(
        event_problems.items,
        key=lambda p: (p.notification_id or 0, p.kind.startswith("version_")),
    )
    return VerifyReport(
        events=scan.events,
        aggregates=scan.chains.count,
        sealed_events=scan.events - scan.unsealed,
        unsealed_events=scan.unsealed,
        checkpoints=len(trusted),
        witnessed_checkpoints=len(witnessed),
        signatures_checked=signatures,
        problems=tuple(problems[:MAX_PROBLEMS]),
        problems_not_listed=checkpoint_problems.overflow
        + event_problems.overflow
        + max(0, len(problems) - MAX_PROBLEMS),
    )


# --------------------------------------------------------------------------- checkpoints


def _check_chain(checkpoints: list[SealedCheckpoint], where: str, problems: _Problems) -> None:
    previous_hash = GENESIS_PREVIOUS
    previous: Checkpoint | None = None
    for sealed in checkpoints:
        cp = sealed.checkpoint
        recomputed = cp.hash()
        if recomputed != sealed.hash:
            problems.add(
                Problem(
                    "checkpoint_changed",
                    f"checkpoint {cp.seq} in the {where} does not hash to its recorded hash: "
                    "its content was changed after sealing",
                    checkpoint=cp.seq,
                )
            )
        expected_seq = previous.seq + 1 if previous else 1
        expected_after = previous.last_notification_id if previous else 0
        if (
            cp.seq != expected_seq
            or cp.previous != previous_hash
            or cp.after_notification_id != expected_after
            or (previous is not None and cp.log_id != previous.log_id)
        ):
            problems.add(
                Problem(
                    "checkpoint_chain_broken",
                    f"checkpoint {cp.seq} in the {where} does not follow checkpoint "
                    f"{expected_seq - 1}: a checkpoint was removed, reordered or rewritten",
                    checkpoint=cp.seq,
                )
            )
        previous_hash, previous = recomputed, cp


def _compare_with_witness(
    stored: list[SealedCheckpoint], witnessed: list[SealedCheckpoint], problems: _Problems
) -> None:
    by_seq = {s.checkpoint.seq: s for s in stored}
    for sealed in witnessed:
        seq = sealed.checkpoint.seq
        mine = by_seq.get(seq)
        if mine is None:
            problems.add(
                Problem(
                    "checkpoint_missing",
                    f"checkpoint {seq} is in the checkpoint file but not in the store",
                    checkpoint=seq,
                )
            )
        elif mine.checkpoint != sealed.checkpoint or mine.hash != sealed.hash:
            problems.add(
                Problem(
                    "checkpoint_changed",
                    f"checkpoint {seq} in the store differs from the witnessed one",
                    checkpoint=seq,
                )
            )


def _check_signatures(
    trusted: list[SealedCheckpoint], public_key: bytes, problems: _Problems
) -> int:
    from pelayanan.audit.signing import signature_valid

    checked = 0
    for sealed in trusted:
        seq = sealed.checkpoint.seq
        if sealed.signature is None:
            problems.add(
                Problem("signature_missing", f"checkpoint {seq} is not signed", checkpoint=seq)
            )
            continue
        checked += 1
        if not signature_valid(public_key, sealed.checkpoint.canonical(), sealed.signature):
            problems.add(
                Problem(
                    "signature_invalid",
                    f"checkpoint {seq} does not carry a valid signature by the given key",
                    checkpoint=seq,
                )
            )
    return checked


# --------------------------------------------------------------------------- events


class _Scan:
    """The single streaming pass; state is the chain heads plus the current range."""

    def __init__(self, store: LogStore, checkpoints: list[Checkpoint], problems: _Problems):
        self.store = store
        self.checkpoints = checkpoints
        self.problems = problems
        self.chains = ChainHeads()
        self.events = 0
        self.unsealed = 0

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.chains.close()

    def _run(self) -> None:
        pending: Iterator[Checkpoint] = iter(self.checkpoints)
        current = next(pending, None)
        events = MerkleAccumulator()
        touched: set[bytes] = set()
        head_of, set_head = self.chains.get, self.chains.set
        sha256 = hashlib.sha256
        genesis = (0, GENESIS_LINK)
        # The loop body is the cost of verification; it is kept flat (no helper calls per
        # event beyond the encoding) because issue 7 budgets it at 1.5x a bare read.
        for record in self.store.records():
            notification_id, originator, version, _, _ = record
            while current is not None and notification_id > current.last_notification_id:
                self._close(current, events, touched)
                events, touched = MerkleAccumulator(), set()
                current = next(pending, None)
            leaf = sha256(LEAF_PREFIX + record_encoding(*record)).digest()
            found = head_of(originator)
            last_version, last_link = genesis if found is None else found
            if version != last_version + 1:
                self._version_problem(record, last_version)
            link = sha256(CHAIN_PREFIX + last_link + leaf).digest()
            set_head(originator, (version, link), new=found is None)
            self.events += 1
            if current is None:
                self.unsealed += 1
            else:
                events.add(leaf)
                touched.add(originator)
        while current is not None:
            self._close(current, events, touched)
            events, touched = MerkleAccumulator(), set()
            current = next(pending, None)

    def _version_problem(self, record: tuple[int, bytes, int, str, bytes], last: int) -> None:
        notification_id, originator, version, _, _ = record
        if version > last + 1:
            kind = "version_gap"
            what = (
                f"follows version {last}: versions {last + 1}..{version - 1} are missing "
                "(deleted from the middle of the stream)"
                if last
                else "is the first one stored: the start of the stream is missing"
            )
        else:
            kind = "version_out_of_order"
            what = f"comes after version {last}: events were swapped, moved or inserted"
        self.problems.add(
            Problem(
                kind,
                f"aggregate {_aggregate(originator)} version {version} at notification "
                f"{notification_id} {what}",
                notification_id,
                _aggregate(originator),
                version,
            )
        )

    def _close(self, cp: Checkpoint, events: MerkleAccumulator, touched: set[bytes]) -> None:
        heads = MerkleAccumulator()
        for originator in sorted(touched):
            head = self.chains.get(originator)
            assert head is not None  # touched in this range, so recorded
            version, link = head
            heads.add(leaf_hash(head_record(originator, version, link)))
        if events.count == cp.event_count and events.root().hex() == cp.events_root:
            if len(touched) != cp.heads_count or heads.root().hex() != cp.heads_root:
                self.problems.add(
                    Problem(
                        "chain_heads_differ",
                        f"checkpoint {cp.seq}: the events of its range are as sealed, but the "
                        "aggregates' hash chains leading into it are not (an earlier event of "
                        "those aggregates was changed or removed)",
                        notification_id=cp.last_notification_id,
                        checkpoint=cp.seq,
                    )
                )
            return
        if not self._diagnose(cp):
            self.problems.add(
                Problem(
                    "range_changed",
                    f"checkpoint {cp.seq}: notifications {cp.after_notification_id + 1}.."
                    f"{cp.last_notification_id} are not what was sealed ({events.count} events "
                    f"now, {cp.event_count} sealed); the sealer's leaf table was altered too, "
                    "so the exact event cannot be named",
                    notification_id=cp.after_notification_id + 1,
                    checkpoint=cp.seq,
                )
            )

    def _diagnose(self, cp: Checkpoint) -> bool:
        """Name the events of a broken range, if the sealer's leaf table still matches the
        checkpoint (it is trusted only once its own Merkle root agrees). Holds one range in
        memory, at most the sealer's ``every`` events, and only for a broken range."""
        if not self.store.has_table("pelayanan_sealed_events"):
            return False
        lo, hi = cp.after_notification_id, cp.last_notification_id
        sealed = list(self.store.sealed_leaves(lo, hi))
        check = MerkleAccumulator()
        for entry in sealed:
            check.add(entry[3])
        if check.count != cp.event_count or check.root().hex() != cp.events_root:
            return False
        now = [
            (r[0], r[1], r[2], leaf_hash(record_encoding(*r))) for r in self.store.records(lo, hi)
        ]
        sealed_by_id = {entry[0]: entry for entry in sealed}
        now_keys = {(entry[1], entry[2]) for entry in now}
        before = len(self.problems.items) + self.problems.overflow
        for entry in now:
            then = sealed_by_id.get(entry[0])
            if then is None or then[3] != entry[3]:
                self.problems.add(self._changed(cp.seq, entry, then))
        for then in sealed:
            if (then[1], then[2]) not in now_keys:
                self.problems.add(self._missing(cp.seq, then))
        return len(self.problems.items) + self.problems.overflow > before

    def _changed(self, seq: int, now: SealedLeaf, then: SealedLeaf | None) -> Problem:
        nid, originator, version, _ = now
        aggregate = _aggregate(originator)
        here = f"notification {nid}: aggregate {aggregate} version {version}"
        if then is not None and then[1:3] == now[1:3]:
            kind, what = "event_changed", "was changed after sealing (its stored state differs)"
        else:
            sealed_at = self.store.sealed_position_of(originator, version)
            if sealed_at is None:
                kind, what = "event_inserted", "was inserted: it was not there when sealed"
            else:
                kind, what = "event_moved", f"was sealed at notification {sealed_at}"
            if then is not None:
                what += f"; that position held aggregate {_aggregate(then[1])} version {then[2]}"
        return Problem(kind, f"{here} {what}", nid, aggregate, version, seq)

    def _missing(self, seq: int, then: SealedLeaf) -> Problem:
        nid, originator, version, _ = then
        aggregate = _aggregate(originator)
        moved_to = self.store.position_of(originator, version)
        if moved_to is None:
            return Problem(
                "event_deleted",
                f"notification {nid}: aggregate {aggregate} version {version} was sealed and "
                "is no longer stored",
                nid,
                aggregate,
                version,
                seq,
            )
        return Problem(
            "event_moved",
            f"notification {nid}: aggregate {aggregate} version {version} was sealed here and "
            f"is now stored at notification {moved_to}",
            nid,
            aggregate,
            version,
            seq,
        )
