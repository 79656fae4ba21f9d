"""Checkpoints: what a seal commits to, and the JSON lines file an outside witness keeps."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from pelayanan.audit.encoding import GENESIS_LINK, canonical_json, checkpoint_hash, merkle_root
from pelayanan.domain.errors import InvalidValue
from pelayanan.storage.outputs import write_output

EMPTY_ROOT = merkle_root([]).hex()
"""The ``snapshots_root`` of a checkpoint that vouches for no snapshot."""
FORMAT_V1 = "pelayanan-checkpoint/1"
"""Checkpoints sealed before snapshots were vouched for: read and verified as they are."""
FORMAT = "pelayanan-checkpoint/2"
"""Adds ``snapshots_count`` and ``snapshots_root``: the snapshots this checkpoint vouches for."""


@attrs.frozen
class Checkpoint:
    """One sealed range of the notification log, ``(after_notification_id, last_notification_id]``.

    ``events_root`` is the RFC 9162 Merkle root over the range's event leaves in notification
    order; ``heads_root`` the Merkle root over the chain heads, after the range, of the
    aggregates the range touched (sorted by aggregate id bytes); ``previous`` the hash of the
    checkpoint before, so the checkpoints form a chain of their own.

    From format 2, ``snapshots_root`` is the Merkle root over the leaves of the snapshots the
    sealer rebuilt from their events and found equal (sorted by aggregate id bytes and version),
    ``snapshots_count`` how many; both are None in a format 1 checkpoint, whose body lacks them
    (and :data:`FORMAT_V1` is given explicitly: new checkpoints are format 2).
    """

    log_id: str
    seq: int
    after_notification_id: int
    last_notification_id: int
    event_count: int
    total_events: int
    events_root: str
    heads_count: int
    heads_root: str
    previous: str
    sealed_at: str
    format: str = FORMAT
    snapshots_count: int | None = 0
    snapshots_root: str | None = EMPTY_ROOT

    def body(self) -> dict[str, Any]:
        body = attrs.asdict(self)
        if self.format == FORMAT_V1:
            # A format 1 body is hashed and signed without the snapshot fields.
            del body["snapshots_count"], body["snapshots_root"]
        return body

    def canonical(self) -> bytes:
        return canonical_json(self.body())

    def hash(self) -> str:
        return checkpoint_hash(self.body()).hex()

    @classmethod
    def from_body(cls, body: object) -> Checkpoint:
        """The checkpoint a parsed JSON body describes; InvalidValue says what is wrong."""
        if not isinstance(body, dict):
            raise InvalidValue(f"not a checkpoint body (a JSON {type(body).__name__})")
        names = {f.name for f in attrs.fields(cls)}
        version = body.get("format")
        if version == FORMAT_V1:
            names -= _SNAPSHOT_FIELDS
        elif version != FORMAT and type(version) is str:
            raise InvalidValue(f"unknown checkpoint format {version!r:.40}")
        if version not in (FORMAT, FORMAT_V1) or set(body) != names:
            raise InvalidValue(f"not a {FORMAT} checkpoint body (fields: {sorted(body)})")
        for name in _INTEGERS & names:
            value = body[name]
            if type(value) is not int or not 0 <= value < 1 << 63:
                raise InvalidValue(
                    f"checkpoint field {name!r} is not a whole number: {value!r:.40}"
                )
        for name in names - _INTEGERS:
            if type(body[name]) is not str:
                raise InvalidValue(f"checkpoint field {name!r} is not a string: {body[name]!r:.40}")
        if body["seq"] < 1 or body["last_notification_id"] < body["after_notification_id"]:
            raise InvalidValue("checkpoint seq is below 1 or its range runs backwards")
        if version == FORMAT_V1:
            return cls(**body, snapshots_count=None, snapshots_root=None)
        return cls(**body)


_INTEGERS = frozenset(
    {
        "seq",
        "after_notification_id",
        "last_notification_id",
        "event_count",
        "total_events",
        "heads_count",
        "snapshots_count",
    }
)
_SNAPSHOT_FIELDS = frozenset({"snapshots_count", "snapshots_root"})
GENESIS_PREVIOUS = GENESIS_LINK.hex()


@attrs.frozen
class SealedCheckpoint:
    """A checkpoint with its hash and, when a key was given, an Ed25519 signature over
    :meth:`Checkpoint.canonical` (base64) and the signing key's id."""

    checkpoint: Checkpoint
    hash: str
    signature: str | None = None
    key_id: str | None = None

    def to_json_line(self) -> str:
        record = {
            "body": self.checkpoint.body(),
            "hash": self.hash,
            "signature": self.signature,
            "key_id": self.key_id,
        }
        return json.dumps(record, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json_line(cls, line: str) -> SealedCheckpoint:
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise InvalidValue(f"checkpoint line is not JSON: {exc}") from None
        if not isinstance(record, dict) or "body" not in record or "hash" not in record:
            raise InvalidValue("checkpoint line lacks 'body' or 'hash'")
        return cls.from_parts(
            record["body"], record["hash"], record.get("signature"), record.get("key_id")
        )

    @classmethod
    def from_parts(
        cls, body: object, hash_: object, signature: object, key_id: object
    ) -> SealedCheckpoint:
        """From a parsed body and the stored hash, signature and key id, each type-checked."""
        if type(hash_) is not str:
            raise InvalidValue(f"checkpoint hash is not a string: {hash_!r:.40}")
        for name, value in (("signature", signature), ("key_id", key_id)):
            if value is not None and type(value) is not str:
                raise InvalidValue(f"checkpoint {name} is not a string: {value!r:.40}")
        return cls(Checkpoint.from_body(body), hash_, signature, key_id)  # type: ignore[arg-type]


def is_witness_file(head: bytes) -> bool:
    """Do these first bytes of a file belong to a checkpoint (witness) file?"""
    return f'"format":"{FORMAT.split("/")[0]}/'.encode() in head


def write_checkpoint_file(path: str | Path, checkpoints: Iterable[SealedCheckpoint]) -> int:
    """Write (replace) a JSON lines checkpoint file; return how many lines were written.

    Whole or not at all: :class:`~pelayanan.storage.outputs.OutputFailed` leaves the old file."""
    lines = [sealed.to_json_line() + "\n" for sealed in checkpoints]
    write_output(path, lines, kind="witness file", encoding="ascii")
    return len(lines)


def append_checkpoint_file(path: str | Path, checkpoints: Iterable[SealedCheckpoint]) -> int:
    """Append to a witness file; a failed append leaves the file as it was."""
    lines = [sealed.to_json_line() + "\n" for sealed in checkpoints]
    write_output(path, lines, kind="witness file", encoding="ascii", append=True)
    return len(lines)


def read_checkpoint_file(path: str | Path) -> Iterator[SealedCheckpoint]:
    """The checkpoints of a witness file; InvalidValue names the first line that is not one."""
    file = Path(path)
    if not file.is_file():
        raise InvalidValue(f"no checkpoint file at {path}")
    with file.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("ascii")
            except UnicodeDecodeError:
                raise InvalidValue(f"{path} line {number}: not ASCII text") from None
            if line.strip():
                try:
                    yield SealedCheckpoint.from_json_line(line)
                except InvalidValue as exc:
                    raise InvalidValue(f"{path} line {number}: {exc}") from None


def last_seq_in_file(path: str | Path) -> int:
    """The highest checkpoint number a witness file holds (0 when it is missing or empty)."""
    if not Path(path).exists():
        return 0
    return max((s.checkpoint.seq for s in read_checkpoint_file(path)), default=0)
