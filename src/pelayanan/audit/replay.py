"""Rebuild-and-diff: replay the log into scratch views and compare them with the stored views.

Each stored view is compared with a scratch rebuild *up to the stored view's own position*, so
a view that is merely behind the log is not reported as different; how far behind it is, is
reported separately. Compared are the views' documents (key -> JSON); a projection's own SQL
tables, if it keeps any, are outside this check (docs/audit.md says so).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs
from eventsourcing.application import Application

from pelayanan.projections.api import Json, Projection
from pelayanan.projections.reader import ViewReader
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
        with runner.as_of(name, position=status.position) as scratch:
            if status.generation is None:  # never built: everything rebuilt is missing
                found = [Difference(name, k, None, doc) for k, doc in scratch.items()]
                documents = 0
            else:
                stored = runner.reader(name)
                found, documents = _compare(runner, stored, scratch)
        views.append(ViewChecked(name, status.position, status.head, documents))
        differences.extend(found)
    return ReplayReport(tuple(views), tuple(differences))


# Both generations live in the same database, so the database finds the documents whose text
# differs (documents are stored as sorted-key JSON, so equal documents have equal text): memory
# stays flat however many documents a view holds. Two halves instead of a FULL OUTER JOIN,
# which older SQLite lacks.
_DIFFERING = (
    "SELECT s.key AS key, s.doc AS stored, r.doc AS rebuilt FROM {stored} s "
    "LEFT JOIN {rebuilt} r ON r.key = s.key WHERE r.doc IS NULL OR r.doc <> s.doc "
    "UNION ALL "
    "SELECT r.key AS key, NULL AS stored, r.doc AS rebuilt FROM {rebuilt} r "
    "WHERE NOT EXISTS (SELECT 1 FROM {stored} s WHERE s.key = r.key)"
)


def _compare(
    runner: ProjectionRunner, stored: ViewReader, rebuilt: ViewReader
) -> tuple[list[Difference], int]:
    name = stored.projection.name
    tables = {
        "stored": runner.store.table(name, stored.generation),
        "rebuilt": runner.store.table(name, rebuilt.generation),
    }
    with runner.store.transaction(commit=False) as cursor:
        rows = runner.store.rows(cursor, _DIFFERING, (), tables)
        (count,) = runner.store.rows(cursor, "SELECT count(*) AS n FROM {stored}", (), tables)
    found = []
    for row in sorted(rows, key=lambda r: str(r["key"])):
        before = None if row["stored"] is None else json.loads(row["stored"])
        after = None if row["rebuilt"] is None else json.loads(row["rebuilt"])
        if before != after:  # equal JSON written differently (by hand, say) is no difference
            found.append(Difference(name, row["key"], before, after))
    return found, int(count["n"])


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
