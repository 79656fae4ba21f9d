"""Rebuild-and-diff: replay the log into scratch views and compare them with the stored views.

Each stored view is compared with a scratch rebuild *up to the stored view's own position*, so
a view that is merely behind the log is not reported as different; how far behind it is, is
reported separately. Compared are the views' documents (key -> JSON); a projection's own SQL
tables, if it keeps any, are outside this check (docs/audit.md says so).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from eventsourcing.application import Application

from pelayanan.projections.api import Json, Projection
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ProjectionRunner


@attrs.frozen
class Difference:
    projection: str
    key: str
    stored: Json | None
    rebuilt: Json | None

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class ViewChecked:
    projection: str
    position: int
    head: int
    documents: int

    @property
    def behind(self) -> int:
        return max(0, self.head - self.position)


@attrs.frozen
class ReplayReport:
    views: tuple[ViewChecked, ...]
    differences: tuple[Difference, ...]

    @property
    def matches(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, Any]:
        return {
            "matches": self.matches,
            "views": [attrs.asdict(v) | {"behind": v.behind} for v in self.views],
            "differences": [d.to_dict() for d in self.differences],
        }


def rebuild_and_diff(
    app: Application[Any], projections: Iterable[type[Projection]] | None = None
) -> ReplayReport:
    """Compare every stored view with a scratch rebuild from the log."""
    runner = ProjectionRunner(app, projections if projections is not None else _standard())
    views: list[ViewChecked] = []
    differences: list[Difference] = []
    for status in runner.status():
        name = status.name
        stored = dict(runner.reader(name).items()) if status.generation is not None else {}
        with runner.as_of(name, position=status.position) as scratch:
            rebuilt = dict(scratch.items())
        views.append(ViewChecked(name, status.position, status.head, len(stored)))
        for key in sorted(stored.keys() | rebuilt.keys()):
            if stored.get(key) != rebuilt.get(key):
                differences.append(Difference(name, key, stored.get(key), rebuilt.get(key)))
    return ReplayReport(tuple(views), tuple(differences))


def views_as_of(
    app: Application[Any],
    *,
    position: int | None = None,
    recorded_at: datetime | None = None,
    projections: Iterable[type[Projection]] | None = None,
) -> dict[str, dict[str, Json]]:
    """Every standard view rebuilt as of a position or recorded time: projection -> documents."""
    runner = ProjectionRunner(app, projections if projections is not None else _standard())
    found: dict[str, dict[str, Json]] = {}
    for name in runner.projections:
        with runner.as_of(name, position=position, recorded_at=recorded_at) as scratch:
            found[name] = dict(scratch.items())
    return found


def _standard() -> list[type[Projection]]:
    return default_registry(plugins=False).all()
