"""Audit replays: what was known when, whether decisions followed the rules, and whether
anything stored was changed or removed. See docs/audit.md (walk-through) and
docs/integrity.md (the hashing scheme, precise enough to re-implement).

- Integrity: :func:`seal` writes checkpoints (Merkle roots over notification ranges, chained
  per aggregate and to each other, optionally Ed25519-signed); :func:`verify` recomputes them
  from the stored bytes, streaming.
- As of: :func:`aggregate_as_of`, :func:`projection_as_of`, :func:`documents_as_of`.
- Rebuild-and-diff: :func:`rebuild_and_diff`, :func:`views_as_of`.
- Decisions re-checked: :func:`audit_decisions`.
- Narrative: :func:`build_timeline`.

Names are imported on first use (PEP 562 ``__getattr__``), as in the ``pelayanan`` package:
``pelayanan verify`` needs the store, the checkpoints and the hashing, not the domain code,
the policy rules and the projections that replays and decision audits import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pelayanan import _lazy

# Imported now, not on first use: ``seal`` and ``verify`` are also the names of the modules that
# define them, and importing a submodule binds its name in this package to the module. Bound to
# the functions here, after their modules are loaded, the names stay the functions (both modules
# are light: the store, the checkpoints and the hashing).
from pelayanan.audit.seal import DEFAULT_EVERY, ChainBroken, SealResult, seal
from pelayanan.audit.verify import Problem, VerifyReport, verify

if TYPE_CHECKING:
    from pelayanan.audit.asof import AsOf, aggregate_as_of, documents_as_of, projection_as_of
    from pelayanan.audit.checkpoints import (
        Checkpoint,
        SealedCheckpoint,
        append_checkpoint_file,
        read_checkpoint_file,
        write_checkpoint_file,
    )
    from pelayanan.audit.decisions import DecisionAudit, Discrepancy, audit_decisions
    from pelayanan.audit.replay import Difference, ReplayReport, rebuild_and_diff, views_as_of
    from pelayanan.audit.signing import Signer, SigningUnavailable, parse_public_key
    from pelayanan.audit.snapshots import snapshot_check
    from pelayanan.audit.store import LogStore, open_log
    from pelayanan.audit.timeline import Timeline, TimelineEntry, build_timeline

__all__ = [
    "DEFAULT_EVERY",
    "AsOf",
    "ChainBroken",
    "Checkpoint",
    "DecisionAudit",
    "Difference",
    "Discrepancy",
    "LogStore",
    "Problem",
    "ReplayReport",
    "SealResult",
    "SealedCheckpoint",
    "Signer",
    "SigningUnavailable",
    "Timeline",
    "TimelineEntry",
    "VerifyReport",
    "aggregate_as_of",
    "append_checkpoint_file",
    "audit_decisions",
    "build_timeline",
    "documents_as_of",
    "open_log",
    "parse_public_key",
    "projection_as_of",
    "read_checkpoint_file",
    "rebuild_and_diff",
    "seal",
    "snapshot_check",
    "verify",
    "views_as_of",
    "write_checkpoint_file",
]

# Each public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "AsOf": "pelayanan.audit.asof",
    "Checkpoint": "pelayanan.audit.checkpoints",
    "DecisionAudit": "pelayanan.audit.decisions",
    "Difference": "pelayanan.audit.replay",
    "Discrepancy": "pelayanan.audit.decisions",
    "LogStore": "pelayanan.audit.store",
    "ReplayReport": "pelayanan.audit.replay",
    "SealedCheckpoint": "pelayanan.audit.checkpoints",
    "Signer": "pelayanan.audit.signing",
    "SigningUnavailable": "pelayanan.audit.signing",
    "Timeline": "pelayanan.audit.timeline",
    "TimelineEntry": "pelayanan.audit.timeline",
    "aggregate_as_of": "pelayanan.audit.asof",
    "append_checkpoint_file": "pelayanan.audit.checkpoints",
    "audit_decisions": "pelayanan.audit.decisions",
    "build_timeline": "pelayanan.audit.timeline",
    "documents_as_of": "pelayanan.audit.asof",
    "open_log": "pelayanan.audit.store",
    "parse_public_key": "pelayanan.audit.signing",
    "projection_as_of": "pelayanan.audit.asof",
    "read_checkpoint_file": "pelayanan.audit.checkpoints",
    "rebuild_and_diff": "pelayanan.audit.replay",
    "snapshot_check": "pelayanan.audit.snapshots",
    "views_as_of": "pelayanan.audit.replay",
    "write_checkpoint_file": "pelayanan.audit.checkpoints",
}


def __getattr__(name: str) -> Any:
    return _lazy.load(__name__, _EXPORTS, globals(), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
