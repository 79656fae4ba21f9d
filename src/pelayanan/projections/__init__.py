"""Projections: the read side. Write a read model, register it, run it, read its view.

See docs/projections.md. The public API:

- :class:`ReadModel`, :func:`handles`, :class:`View` - declaring a read model;
- :class:`Registry`, :data:`registry`, :func:`default_registry` - registering and discovering
  (entry-point group ``pelayanan.projections``);
- :class:`ReadModelRunner` - catch-up, rebuild, as-of, status, dead letters;
- :class:`Follower` - following the log live (LISTEN/NOTIFY or polling), through outages;
- :class:`ViewReader` - reading a view.
"""

from __future__ import annotations

from pelayanan.projections.api import (
    HandlerFailed,
    Json,
    ReadModel,
    ReadModelError,
    View,
    handles,
)
from pelayanan.projections.follow import Follower
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.registry import (
    ENTRY_POINT_GROUP,
    Registry,
    default_registry,
    registry,
)
from pelayanan.projections.runner import (
    DeadLetter,
    PositionMoved,
    Progress,
    ReadModelRunner,
    ReadModelStatus,
    RetryResult,
    ViewNotBuilt,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "DeadLetter",
    "Follower",
    "HandlerFailed",
    "Json",
    "PositionMoved",
    "Progress",
    "ReadModel",
    "ReadModelError",
    "ReadModelRunner",
    "ReadModelStatus",
    "Registry",
    "RetryResult",
    "View",
    "ViewNotBuilt",
    "ViewReader",
    "default_registry",
    "handles",
    "registry",
]
