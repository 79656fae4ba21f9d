"""Verification of a stored log against its checkpoints (docs/integrity.md, section 4).

One pass over the log in notification order, in pages. Per event: hash the stored bytes into a
leaf, continue the aggregate's hash chain, add the leaf to the current checkpoint's Merkle
accumulator. At each checkpoint boundary the recomputed roots must equal the sealed ones. Memory
is bounded: the chain heads (one version and one 32-byte link per aggregate) are kept in memory
for the aggregates used recently and in a private temporary file for the rest (audit/heads.py),
and the Merkle accumulator is O(log n).

Only when a checkpoint's root does not match is its range read a second time, next to the
sealer's leaf table, to name the exact event that was changed, removed, inserted or moved.

Verify reads every row the service could load, whatever its notification id, and names every
row the service would read differently from the log (an id spelled otherwise, an id below 1, a
malformed field); it checks each projection's tracking position against the head, and each
stored snapshot: against the leaf a checkpoint sealed for it when one vouches for it (its bytes
hashed, no domain code needed), else rebuilt from its events (audit/snapshots.py, given the
application).
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

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
    snapshot_leaf,
)
from pelayanan.audit.heads import ChainHeads
from pelayanan.audit.store import (
    DEFAULT_APPLICATION,
    EventReader,
    LogStore,
    Record,
    SealedLeaf,
    SealedSnapshot,
    SnapshotRow,
    sealed_from_row,
)
from pelayanan.domain.errors import InvalidValue

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
    snapshots_checked: int = 0
    """Snapshots found as they should be: ``snapshots_sealed`` + ``snapshots_rebuilt``."""
    tracking_checked: int = 0
    limits: tuple[str, ...] = ()
    """What this run could not rule out, in plain words (printed with the result)."""
    snapshots_sealed: int = 0
    """Snapshots whose stored bytes are those a checkpoint vouched for (not rebuilt)."""
    snapshots_rebuilt: int = 0
    """Snapshots rebuilt from their events and found equal."""

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
    # store.malformed_id: "!" and the repr of what is stored
    return f"<malformed id {originator.decode('utf-8', 'replace').strip('!')}>"


_MALFORMED = b"\xff"


def _safe_leaf(record: Record) -> tuple[bytes, str | None]:
    """A record's leaf, and what is malformed about it (None when it is well formed).

    A malformed row still gets a leaf, of its repr under a prefix no record starts with, so a
    sealed range that now holds it cannot match its root."""
    try:
        if type(record[2]) is not int or record[2] < 1:
            raise TypeError
        return hashlib.sha256(LEAF_PREFIX + record_encoding(*record)).digest(), None
    except (TypeError, ValueError, AttributeError, OverflowError, struct.error):
        pass
    _, _, version, topic, state = record
    fields = {"version": version, "topic": topic, "state": state}
    wrong = [
        name
        for name, ok in (
            ("version", type(version) is int and 1 <= version < 1 << 63),
            ("topic", type(topic) is str),
            ("state", type(state) is bytes),
        )
        if not ok
    ]
    shown = ", ".join(f"{name} {fields[name]!r:.40}" for name in wrong)
    if not wrong:  # e.g. a topic that is not valid text
        shown = "a field cannot be encoded"
    leaf = hashlib.sha256(LEAF_PREFIX + _MALFORMED + repr(record).encode()).digest()
    return leaf, shown


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.overflow = 0

    def add(self, problem: Problem) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)
        else:
            self.overflow += 1


SnapshotTask = tuple[bytes, SnapshotRow | None, list[SnapshotRow]]
"""One aggregate to rebuild: its id bytes, the snapshot to start from (one already found equal to
its events) or None to start from its first event, and the stored snapshots to compare."""

SnapshotRebuild = Callable[[EventReader, Sequence[SnapshotTask]], Iterator[Problem]]
"""Rebuilds snapshots from their events and compares (needs the domain code: audit/snapshots.py);
yields a :data:`SNAPSHOT_CHECKED` problem per snapshot found equal, a finding per other one."""

SNAPSHOT_CHECKED = "snapshot_checked"
"""The kind a :data:`SnapshotRebuild` yields once per snapshot that matches (counted, not shown)."""


def verify(
    store: LogStore,
    *,
    witness: Iterable[SealedCheckpoint] | None = None,
    public_key: bytes | None = None,
    application: str = DEFAULT_APPLICATION,
    snapshots: SnapshotRebuild | None = None,
    check_snapshots: bool = True,
    rebuild_snapshots: bool = False,
) -> VerifyReport:
    """Check the whole stored log; ``witness`` is an exported checkpoint file's content.

    With a witness, its checkpoints are the trusted ones and the store's must match them; the
    file may hold any run of consecutive checkpoints (even just the latest one: each names the
    hash of the one before, so the store's earlier ones are pinned by it). The store's later
    checkpoints are verified too but counted as not witnessed. With ``public_key``, every
    trusted checkpoint must carry a valid Ed25519 signature by it. ``application`` names the
    projections' tracking rows to check.

    Snapshots (unless ``check_snapshots`` is false): each one a trusted checkpoint vouches for
    must be stored with the bytes it had when sealed; the others are rebuilt from their events
    by ``snapshots`` (audit/snapshots.py), starting from their aggregate's latest vouched
    snapshot below them. ``rebuild_snapshots`` rebuilds every snapshot from its aggregate's
    first event, for an auditor who does not trust the sealer's own check. Without
    ``snapshots``, the snapshots no checkpoint vouches for are counted as a limit.
    """
    checkpoint_problems = _Problems()
    for table in store.filtered_tables():
        checkpoint_problems.add(
            Problem(
                "rows_filtered",
                f"table {table}: the database may show this reader other rows than the "
                "service sees; verify as the tables' owner, or disable it",
            )
        )
    stored = _stored_checkpoints(store, checkpoint_problems)
    _check_chain(stored, "store", checkpoint_problems)
    witnessed: list[SealedCheckpoint] = []
    if witness is not None:
        witnessed = list(witness)
        if not witnessed:
            checkpoint_problems.add(
                Problem(
                    "witness_empty",
                    "the checkpoint file holds no checkpoint: there is nothing to check the "
                    "store against (was it truncated?)",
                )
            )
        _check_chain(witnessed, "checkpoint file", checkpoint_problems, from_start=False)
        _compare_with_witness(stored, witnessed, checkpoint_problems)
        by_seq = {s.checkpoint.seq: s for s in stored}
        by_seq.update((s.checkpoint.seq, s) for s in witnessed)
        trusted = [by_seq[seq] for seq in sorted(by_seq)]
    else:
        trusted = stored
    signatures = 0
    signed: set[int] = set()
    if public_key is not None:
        if not trusted:
            checkpoint_problems.add(
                Problem(
                    "checkpoint_missing",
                    "a public key was given but the store holds no checkpoint: its seals "
                    "were removed, or it was never sealed",
                )
            )
        signatures, signed = _check_signatures(trusted, public_key, checkpoint_problems)
    # Which checkpoints' word on snapshots is taken. A checkpoint is only a hash over what the
    # store holds: anyone who can write the store can append one that vouches for a forged
    # snapshot (with a sealer that skips the rebuild). So once the auditor brings an anchor,
    # only what it covers vouches (the witnessed run and those before it, pinned by the chain;
    # checkpoints with a valid signature); every other snapshot is rebuilt from its events.
    vouching = trusted
    if witness is not None or public_key is not None:
        pinned = max((s.checkpoint.seq for s in witnessed), default=0)
        vouching = [s for s in trusted if s.checkpoint.seq <= pinned or s.checkpoint.seq in signed]

    event_problems = _Problems()
    scan = _Scan(store, [s.checkpoint for s in trusted], event_problems)
    scan.run()
    tracking = _check_tracking(store, application, scan.head, event_problems)
    outcome = (
        _check_snapshots(
            store, vouching, event_problems, snapshots, rebuild_all=rebuild_snapshots
        )
        if check_snapshots
        else None
    )
    # The first broken place is the lowest notification; at one notification, what the range
    # check names (changed, deleted, ...) comes before the version-order symptom it causes.
    problems = checkpoint_problems.items + sorted(
        event_problems.items,
        # Findings without a place in the log (snapshots) come after those with one.
        key=lambda p: (
            p.notification_id is None,
            p.notification_id or 0,
            p.kind.startswith("version_"),
        ),
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
        snapshots_checked=outcome.sealed + outcome.rebuilt if outcome else 0,
        snapshots_sealed=outcome.sealed if outcome else 0,
        snapshots_rebuilt=outcome.rebuilt if outcome else 0,
        tracking_checked=tracking,
        limits=_limits(
            scan,
            trusted,
            witnessed=witness is not None,
            signed=public_key is not None,
            snapshots=outcome,
        ),
    )


def _limits(
    scan: _Scan,
    trusted: list[SealedCheckpoint],
    *,
    witnessed: bool,
    signed: bool,
    snapshots: _SnapshotOutcome | None,
) -> tuple[str, ...]:
    said = []
    if not trusted:
        said.append(
            "no checkpoints: a change to a stored event cannot be detected, only a break in an "
            "aggregate's version order"
        )
    if trusted or scan.events:
        last = trusted[-1].checkpoint.last_notification_id if trusted else 0
        said.append(
            f"{scan.unsealed} event(s) after the last checkpoint (notification {last}) are "
            "unsealed: checked for order only; a change to them, one appended, or the removal "
            "of the newest cannot be detected (seal often: `pelayanan seal`)"
        )
    if not witnessed:
        if signed:
            said.append(
                "no witness file: the public key proves who signed each checkpoint still "
                "here, not that none is missing; a store cut back to an earlier signed "
                "checkpoint cannot be detected (pass --checkpoints FILE)"
            )
        elif trusted:
            said.append(
                "no witness file and no public key: checked against the store's own "
                "checkpoints; a store whose seals were removed and made again, cut back to an "
                "earlier checkpoint, or emptied, cannot be detected (pass --checkpoints FILE)"
            )
    if snapshots is None:
        said.append(
            "snapshots were not checked (--no-snapshots): an edited snapshot changes what the "
            "service shows"
        )
    elif snapshots.sealed and not witnessed and not signed:
        said.append(
            f"{snapshots.sealed} snapshot(s) were taken on the word of the store's own "
            "checkpoints: with neither a witness file nor a public key, someone who can write "
            "the store can append a checkpoint that vouches for a forged one (pass "
            "--checkpoints FILE or --public-key, or --rebuild-snapshots)"
        )
    if snapshots is not None and snapshots.not_rebuilt:
        said.append(
            f"{snapshots.not_rebuilt} snapshot(s) that no checkpoint vouches for were not "
            "rebuilt from their events (that needs the application's domain code: pelayanan's "
            "own service): an edited one changes what the service shows (seal, or verify with "
            "the service's application)"
        )
    return tuple(said)


# --------------------------------------------------------------------------- snapshots


@attrs.frozen
class _SnapshotOutcome:
    sealed: int  # stored as vouched for
    rebuilt: int  # rebuilt and found equal
    not_rebuilt: int  # no checkpoint vouches for them and no rebuild was given


def _check_snapshots(
    store: LogStore,
    trusted: list[SealedCheckpoint],
    problems: _Problems,
    rebuild: SnapshotRebuild | None,
    *,
    rebuild_all: bool,
) -> _SnapshotOutcome:
    """Vouched snapshots against their sealed leaves; the others rebuilt from their events."""
    vouched = _vouched_snapshots(store, trusted, problems)
    intact: dict[bytes, list[int]] = {}  # versions as vouched for, by aggregate
    todo: dict[bytes, list[SnapshotRow]] = {}
    changed: dict[tuple[str | None, int | None], int] = {}  # vouched, stored otherwise: its seq
    sealed = 0
    for row in store.snapshots():
        originator, version = row[0], row[1]
        seal = vouched.pop((originator, version), None)
        leaf = _snapshot_leaf(row, problems)
        if leaf is None:
            continue
        if seal is None or rebuild_all or (seal[0] != leaf and rebuild is not None):
            # A changed one is rebuilt too when it can be, to name the fields that differ.
            todo.setdefault(originator, []).append(row)
        if seal is None:
            continue
        if seal[0] != leaf:
            changed[(_aggregate(originator), version)] = seal[1]
            continue
        intact.setdefault(originator, []).append(version)
        sealed += 0 if rebuild_all else 1
    for (originator, version), (_, seq) in sorted(vouched.items()):
        problems.add(
            _snapshot_problem(
                "snapshot_deleted",
                (originator, version),
                f"was vouched for by checkpoint {seq} and is no longer stored (the service "
                "never deletes one; loads replay the events instead)",
                seq,
            )
        )
    rebuilt = 0
    if rebuild is not None and todo:
        tasks = snapshot_tasks(store.snapshot_rows, todo, {} if rebuild_all else intact)
        for problem in rebuild(store, tasks):
            key = (problem.aggregate_id, problem.version)
            if key in changed:
                problems.add(_changed_after_sealing(problem, changed.pop(key)))
            elif problem.kind == SNAPSHOT_CHECKED:
                rebuilt += 1
            else:
                problems.add(problem)
    for (name, version), seq in changed.items():  # not rebuilt
        problems.add(
            Problem(
                "snapshot_changed",
                f"snapshot of aggregate {name} version {version}: "
                + _CHANGED_AFTER_SEALING.format(seq=seq),
                None,
                name,
                version,
                seq,
            )
        )
    not_rebuilt = sum(map(len, todo.values())) if rebuild is None else 0
    return _SnapshotOutcome(sealed, rebuilt, not_rebuilt)


_CHANGED_AFTER_SEALING = (
    "was changed after checkpoint {seq} vouched for it (its stored bytes differ from those "
    "sealed); the service loads the stored one"
)


def _changed_after_sealing(rebuilt: Problem, seq: int) -> Problem:
    """One finding for a vouched snapshot whose bytes changed, with what its rebuild found."""
    if rebuilt.kind == SNAPSHOT_CHECKED:
        what = (
            f"snapshot of aggregate {rebuilt.aggregate_id} version {rebuilt.version}: "
            + _CHANGED_AFTER_SEALING.format(seq=seq)
            + " (its state is still the one its events give)"
        )
        return Problem("snapshot_changed", what, None, rebuilt.aggregate_id, rebuilt.version, seq)
    message = rebuilt.message + f" (changed after checkpoint {seq} vouched for it)"
    return attrs.evolve(rebuilt, message=message, checkpoint=seq)


def snapshot_tasks(
    rows_at: Callable[[Sequence[tuple[bytes, int]]], list[SnapshotRow]],
    todo: dict[bytes, list[SnapshotRow]],
    vouched: dict[bytes, list[int]],
) -> list[SnapshotTask]:
    """The rebuilds of ``todo``'s snapshots, each aggregate's from its latest ``vouched``
    version below the first one to rebuild (the sealer found that one equal to its events, and
    the chain covers them), read with ``rows_at``; from the first event when there is none."""
    starts = {}
    for originator, rows in todo.items():
        rows.sort(key=lambda row: row[1])
        below = [v for v in vouched.get(originator, ()) if v < rows[0][1]]
        if below:
            starts[originator] = max(below)
    bases = {row[0]: row for row in rows_at(sorted(starts.items()))} if starts else {}
    return [
        (originator, bases.get(originator), rows) for originator, rows in sorted(todo.items())
    ]


def _snapshot_leaf(row: SnapshotRow, problems: _Problems) -> bytes | None:
    """The stored snapshot's leaf, or None after naming what is malformed about it."""
    leaf = stored_snapshot_leaf(row)
    if isinstance(leaf, Problem):
        problems.add(leaf)
        return None
    return leaf


def stored_snapshot_leaf(row: SnapshotRow) -> bytes | Problem:
    """The stored snapshot's leaf, or the ``snapshot_malformed`` finding naming what about the
    row eventsourcing never writes (the sealer refuses to vouch for such a row)."""
    originator, version, topic, state = row
    if len(originator) != 16:
        # Stored under an id the service never looks up: it is never loaded.
        what = "its aggregate id is malformed"
    elif type(version) is not int or not 1 <= version < 1 << 63:
        what = "its version is not a whole number"
    elif type(topic) is not str or type(state) is not bytes:
        what = "its topic or state is not what eventsourcing writes"
    else:
        try:
            return snapshot_leaf(originator, version, topic, state)
        except ValueError:  # a topic stored as TEXT that is not UTF-8
            what = "its topic is not text"
    return _snapshot_problem("snapshot_malformed", row, what)


def _snapshot_problem(
    kind: str, row: tuple[Any, ...], what: str, checkpoint: int | None = None
) -> Problem:
    originator, version = row[0], row[1]
    name = _aggregate(originator)
    if len(originator) != 16:
        name = originator.decode("utf-8", "replace").strip("!")
    shown = version if type(version) is int else None
    return Problem(
        kind,
        f"snapshot of aggregate {name} version {version!r:.40}: {what}",
        None,
        name,
        shown,
        checkpoint,
    )


class _SealedSnapshots(Protocol):
    def sealed_snapshots(self) -> list[SealedSnapshot]: ...


def vouched_snapshot_leaves(
    reader: _SealedSnapshots, trusted: list[SealedCheckpoint]
) -> dict[tuple[bytes, int], bytes]:
    """(aggregate, version) -> sealed leaf of each snapshot the ``trusted`` checkpoints vouch
    for, from the sealer's table, as verify takes it (a checkpoint's rows only when they give its
    ``snapshots_root``)."""
    vouched = _vouched_snapshots(reader, trusted, _Problems())
    return {key: leaf for key, (leaf, _) in vouched.items()}


def _vouched_snapshots(
    store: _SealedSnapshots, trusted: list[SealedCheckpoint], problems: _Problems
) -> dict[tuple[bytes, int], tuple[bytes, int]]:
    """(aggregate, version) -> (sealed leaf, checkpoint seq) of each snapshot a trusted
    checkpoint vouches for. The sealer's table is trusted one checkpoint at a time, once its
    rows for that checkpoint give the checkpoint's ``snapshots_root``."""
    roots = {
        s.checkpoint.seq: s.checkpoint for s in trusted if s.checkpoint.snapshots_root is not None
    }
    if not roots:
        return {}
    by_seq: dict[int, list[tuple[bytes, Any, bytes]]] = {seq: [] for seq in roots}
    for originator, version, leaf, seq in store.sealed_snapshots():
        if seq in by_seq:
            by_seq[seq].append((originator, version, leaf))
    vouched: dict[tuple[bytes, int], tuple[bytes, int]] = {}
    for seq, rows in by_seq.items():
        rows.sort(key=lambda row: (row[0], row[1] if type(row[1]) is int else -1))
        tree = MerkleAccumulator()
        for row in rows:
            tree.add(row[2])
        cp = roots[seq]
        if tree.count != cp.snapshots_count or tree.root().hex() != cp.snapshots_root:
            problems.add(
                Problem(
                    "sealed_snapshots_changed",
                    f"checkpoint {seq}: the sealer's table of the snapshots it vouches for does "
                    "not give the checkpoint's snapshots_root (rows were changed, added or "
                    "removed); those snapshots are rebuilt from their events instead",
                    checkpoint=seq,
                )
            )
            continue
        vouched.update(((row[0], row[1]), (row[2], seq)) for row in rows)
    return vouched


def _stored_checkpoints(store: LogStore, problems: _Problems) -> list[SealedCheckpoint]:
    good = []
    for row in store.checkpoint_rows():
        try:
            good.append(sealed_from_row(row))
        except InvalidValue as exc:
            seq = row[0] if type(row[0]) is int else None
            problems.add(Problem("checkpoint_malformed", str(exc), checkpoint=seq))
    return good


def _check_tracking(store: LogStore, application: str, head: int, problems: _Problems) -> int:
    """A projection's tracking position above the head would make it skip the events that
    arrive up to there: a way to hide them from a view without touching the log."""
    rows = store.tracking_positions(application)
    for name, position in rows:
        if type(position) is not int:
            problems.add(
                Problem(
                    "tracking_malformed",
                    f"projection tracking row {name!r:.80}: position {position!r:.40} is not "
                    "a whole number",
                )
            )
        elif position < 0:
            problems.add(
                Problem(
                    "tracking_malformed",
                    f"projection tracking row {name!r:.80}: position {position} is below 0",
                )
            )
        elif position > head:
            problems.add(
                Problem(
                    "tracking_ahead",
                    f"projection tracking row {name!r:.80} is at notification {position}, but "
                    f"the log ends at {head}: the view would skip the events recorded up to "
                    "there",
                    notification_id=position,
                )
            )
    return len(rows)


# --------------------------------------------------------------------------- checkpoints


def _check_chain(
    checkpoints: list[SealedCheckpoint], where: str, problems: _Problems, *, from_start: bool = True
) -> None:
    previous_hash = GENESIS_PREVIOUS
    previous: Checkpoint | None = None
    for sealed in checkpoints:
        if previous is None and not from_start:
            # A witness may keep any run of checkpoints: the first one it holds is pinned to
            # the store's (compared by _compare_with_witness), and the store's chain to it.
            previous_hash, previous = sealed.checkpoint.hash(), sealed.checkpoint
            if previous_hash != sealed.hash:
                problems.add(
                    Problem(
                        "checkpoint_changed",
                        f"checkpoint {previous.seq} in the {where} does not hash to its "
                        "recorded hash: its content was changed after sealing",
                        checkpoint=previous.seq,
                    )
                )
            continue
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
) -> tuple[int, set[int]]:
    """How many signatures were checked, and the seqs of the checkpoints signed by the key."""
    from pelayanan.audit.signing import signature_valid

    checked = 0
    valid: set[int] = set()
    for sealed in trusted:
        seq = sealed.checkpoint.seq
        if sealed.signature is None:
            problems.add(
                Problem("signature_missing", f"checkpoint {seq} is not signed", checkpoint=seq)
            )
            continue
        checked += 1
        if signature_valid(public_key, sealed.checkpoint.canonical(), sealed.signature):
            valid.add(seq)
            continue
        problems.add(
            Problem(
                "signature_invalid",
                f"checkpoint {seq} does not carry a valid signature by the given key",
                checkpoint=seq,
            )
        )
    return checked, valid


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
        self.head = 0  # the highest notification id stored

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
        # well-formed event beyond the encoding) because issue 7 budgets it at 1.5x a bare read.
        for record in self.store.records():
            notification_id, originator, version, _, _ = record
            self.head = notification_id
            while current is not None and notification_id > current.last_notification_id:
                self._close(current, events, touched)
                events, touched = MerkleAccumulator(), set()
                current = next(pending, None)
            self.events += 1
            try:
                if type(version) is not int or version < 1:
                    raise TypeError
                leaf = sha256(LEAF_PREFIX + record_encoding(*record)).digest()
            except (TypeError, ValueError, AttributeError, OverflowError, struct.error):
                leaf, chained = self._malformed(record), False
            else:
                chained = notification_id >= 1 and len(originator) == 16
                if not chained:
                    self._misplaced(record)
            if notification_id < 1:
                continue  # before every checkpoint's range
            if current is None:
                self.unsealed += 1
            else:
                events.add(leaf)
            if not chained:
                continue  # not part of any aggregate the service loads as stored
            found = head_of(originator)
            last_version, last_link = genesis if found is None else found
            if version != last_version + 1:
                self._version_problem(record, last_version)
            link = sha256(CHAIN_PREFIX + last_link + leaf).digest()
            set_head(originator, (version, link), new=found is None)
            if current is not None:
                touched.add(originator)
        while current is not None:
            self._close(current, events, touched)
            events, touched = MerkleAccumulator(), set()
            current = next(pending, None)

    def _malformed(self, record: Record) -> bytes:
        leaf, what = _safe_leaf(record)
        notification_id, originator = record[0], record[1]
        if notification_id < 1 and _safe_leaf((0, *record[1:]))[1] is None:
            self._misplaced(record)  # well formed but for its id (which no u64 can hold)
            return leaf
        self.problems.add(
            Problem(
                "event_malformed",
                f"notification {notification_id}: aggregate {_aggregate(originator)} has a "
                f"malformed stored field ({what}): eventsourcing never writes such a row",
                notification_id,
                _aggregate(originator),
                record[2] if type(record[2]) is int else None,
            )
        )
        return leaf

    def _misplaced(self, record: Record) -> None:
        """A row the notification log does not show, or the service does not find."""
        notification_id, originator, version, _, _ = record
        aggregate = _aggregate(originator)
        if notification_id < 1:
            self.problems.add(
                Problem(
                    "event_outside_log",
                    f"notification {notification_id}: aggregate {aggregate} version {version} "
                    "is stored at an id below 1, where eventsourcing never writes: the service "
                    "loads it with its aggregate, but the notification log (projections, "
                    "sealing) never shows it",
                    notification_id,
                    aggregate,
                    version,
                )
            )
            return
        self.problems.add(
            Problem(
                "aggregate_id_malformed",
                f"notification {notification_id}: the aggregate id is stored as "
                f"{aggregate.removeprefix('<malformed id ').removesuffix('>')}, not in the form "
                "the service writes (32 lower-case hex digits): the service does not find this "
                "event when it loads the aggregate",
                notification_id,
                aggregate,
                version,
            )
        )

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
        now = [(r[0], r[1], r[2], _safe_leaf(r)[0]) for r in self.store.records(lo, hi)]
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
