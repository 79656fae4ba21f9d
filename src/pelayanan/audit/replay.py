"""Rebuild-and-diff: replay the log into scratch views and compare them with the stored views.

Each stored view is compared with a scratch rebuild *up to the stored view's own position*, so
a view that is merely behind the log is not reported as different; how far behind it is, is
reported separately. Compared are every table a projection owns: its documents (key -> JSON)
and its own SQL tables (row by row, paired by primary key). The rebuild is made in a scratch
SQLite file, never in the store, so replay works on a read-only store.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.application import Application

from pelayanan.domain.errors import PelayananError, StorageError
from pelayanan.projections.api import Json, ReadModel, ReadModelError
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.registry import default_registry
from pelayanan.projections.runner import ProgressCallback, ReadModelRunner
from pelayanan.projections.store import ViewStore


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
class Problem:
    """A finding about a view that is not one document or row: e.g. ``position_ahead``."""

    kind: str
    projection: str
    message: str


@attrs.frozen
class ReplayReport:
    views: tuple[ViewChecked, ...]
    differences: tuple[Difference, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def matches(self) -> bool:
        return not self.differences and not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "matches": self.matches,
            "views": [attrs.asdict(v) | {"behind": v.behind} for v in self.views],
            "problems": [attrs.asdict(p) for p in self.problems],
            "differences": [d.to_dict() for d in self.differences],
        }


def rebuild_and_diff(
    app: Application[Any],
    projections: Iterable[type[ReadModel]] | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> ReplayReport:
    """Compare every stored view, its documents and its own tables, with a scratch rebuild
    from the log. Nothing is written to ``app``'s store: the rebuild and a copy of the stored
    view go to a scratch SQLite file, where the database does the comparing. ``progress`` is
    told how each rebuild advances."""
    runner = ReadModelRunner(app, projections if projections is not None else _standard())
    views: list[ViewChecked] = []
    differences: list[Difference] = []
    problems: list[Problem] = []
    for status in runner.status():
        name = status.name
        if status.position > status.head:
            problems.append(
                Problem(
                    "position_ahead",
                    name,
                    f"view {name} says it processed up to notification {status.position}, but "
                    f"the log ends at {status.head}: its tracking row was changed (or events "
                    "were removed)",
                )
            )
        with (
            _unreadable_rows_named(name),
            runner.as_of(name, position=status.position, progress=progress) as rebuilt,
        ):
            if status.generation is None:  # never built: everything rebuilt is missing
                found = _everything(rebuilt)
                documents = 0
            else:
                found, documents = _compare(runner.reader(name), rebuilt)
        views.append(ViewChecked(name, status.position, status.head, documents))
        differences.extend(found)
    return ReplayReport(tuple(views), tuple(differences), tuple(problems))


# Both sides are in the scratch database (the stored view copied there page by page), so the
# database finds the documents whose text differs (documents are stored as sorted-key JSON, so
# equal documents have equal text): memory stays flat however many documents a view holds. Two
# halves instead of a FULL OUTER JOIN, which older SQLite lacks.
_DIFFERING = (
    "SELECT s.key AS key, s.doc AS stored, r.doc AS rebuilt FROM {stored} s "
    "LEFT JOIN {rebuilt} r ON r.key = s.key WHERE r.doc IS NULL OR r.doc <> s.doc "
    "UNION ALL "
    "SELECT r.key AS key, NULL AS stored, r.doc AS rebuilt FROM {rebuilt} r "
    "WHERE NOT EXISTS (SELECT 1 FROM {stored} s WHERE s.key = r.key)"
)
_COPIED = 0  # the scratch generation the stored view is copied into (rebuilds start at 1)


def _compare(stored: ViewReader, rebuilt: ViewReader) -> tuple[list[Difference], int]:
    cls = stored.projection
    scratch = rebuilt.store
    with scratch.transaction() as c:
        scratch.create_generation(c, cls, _COPIED, indexes=False)
    copied = scratch.tables(cls, _COPIED)
    count = copy_view(stored, scratch, copied)
    found = []
    tables = {"stored": copied["documents"], "rebuilt": rebuilt.tables["documents"]}
    with scratch.transaction(commit=False) as cursor:
        rows = scratch.rows(cursor, _DIFFERING, (), tables)
    for row in sorted(rows, key=lambda r: str(r["key"])):
        before = None if row["stored"] is None else json.loads(row["stored"])
        after = None if row["rebuilt"] is None else json.loads(row["rebuilt"])
        if before != after:  # equal JSON written differently (by hand, say) is no difference
            found.append(Difference(cls.name, row["key"], before, after))
    for own in cls.tables:
        found.extend(_compare_rows(cls.name, own, scratch, copied[own], rebuilt.tables[own]))
    return found, count


def _everything(rebuilt: ViewReader) -> list[Difference]:
    name = rebuilt.projection.name
    found = [Difference(name, k, None, doc) for k, doc in rebuilt.items()]
    for own in rebuilt.tables:
        if own != "documents":
            for row in rebuilt.query(f"SELECT * FROM {{{own}}}"):  # noqa: S608 (own: a table name)
                found.append(Difference(name, _row_key(own, row, list(row)), None, row))
    return found


def _compare_rows(
    name: str, own: str, scratch: ViewStore, stored: str, rebuilt: str
) -> list[Difference]:
    """Rows of one own table that are not in the other side, paired by primary key."""
    with scratch.transaction(commit=False) as c:
        columns, keys = _columns(scratch, c, stored)
        keys = keys or columns
        same = " AND ".join(f'a."{col}" IS b."{col}"' for col in columns)
        only = "SELECT a.* FROM {a} a WHERE NOT EXISTS (SELECT 1 FROM {b} b WHERE " + same + ")"  # noqa: S608
        gone = scratch.rows(c, only, (), {"a": stored, "b": rebuilt})
        new = scratch.rows(c, only, (), {"a": rebuilt, "b": stored})
    pairs: dict[str, list[dict[str, Any] | None]] = {}
    for row in gone:
        pairs.setdefault(_row_key(own, row, keys), [None, None])[0] = row
    for row in new:
        pairs.setdefault(_row_key(own, row, keys), [None, None])[1] = row
    return [Difference(name, key, before, after) for key, (before, after) in sorted(pairs.items())]


_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _columns(scratch: ViewStore, cursor: Any, table: str) -> tuple[list[str], list[str]]:
    """A scratch table's columns and primary-key columns, from the projection's declaration;
    only plain identifiers are accepted, because they are spliced into SQL text (quoted)."""
    info = scratch.rows(cursor, "PRAGMA table_info({t})", (), {"t": table})
    for row in info:
        if not _COLUMN.match(str(row["name"])):
            raise ReadModelError(f"column {row['name']!r} of {table} is not a plain name")
    columns = [str(r["name"]) for r in info]
    keys = [str(r["name"]) for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
    return columns, keys


def _row_key(own: str, row: dict[str, Any], keys: list[str]) -> str:
    return f"{own}:" + json.dumps([row[k] for k in keys], ensure_ascii=False, default=str)


def copy_view(source: ViewReader, scratch: ViewStore, tables: dict[str, str]) -> int:
    """Copy every document and own-table row of ``source`` into ``tables`` of ``scratch``,
    page by page (keyset on the primary key); return how many documents. Values SQLite cannot
    store as they are (PostgreSQL's decimals, booleans, times) are stored as plain numbers and
    ISO text."""
    count = 0
    for own, table in tables.items():
        with scratch.transaction(commit=False) as c:
            columns, keys = _columns(scratch, c, table)
        names = ", ".join(f'"{col}"' for col in columns)
        marks = ", ".join("?" * len(columns))
        insert = scratch.sql(f"INSERT INTO {{t}} ({names}) VALUES ({marks})", {"t": table})  # noqa: S608
        for page in _pages(source, own, names, keys):
            with scratch.transaction() as c:
                c.executemany(insert, [tuple(_plain(row[col]) for col in columns) for row in page])
            if own == "documents":
                count += len(page)
    return count


_PAGE = 5000


def _pages(
    source: ViewReader, own: str, names: str, keys: list[str]
) -> Iterator[list[dict[str, Any]]]:
    if not keys:  # a table without a primary key is read in one go
        yield source.query(f"SELECT {names} FROM {{{own}}}")  # noqa: S608 (names: checked)
        return
    order = ", ".join(f'"{k}"' for k in keys)
    after: tuple[Any, ...] | None = None
    while True:
        where = "" if after is None else f" WHERE ({order}) > ({', '.join('?' * len(keys))})"
        select = f"SELECT {names} FROM {{{own}}}{where} ORDER BY {order} LIMIT {_PAGE}"  # noqa: S608
        page = source.query(select, after or ())
        if page:
            yield page
        if len(page) < _PAGE:
            return
        after = tuple(page[-1][k] for k in keys)


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def views_as_of(
    app: Application[Any],
    *,
    position: int | None = None,
    recorded_at: datetime | None = None,
    projections: Iterable[type[ReadModel]] | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, dict[str, Json]]:
    """Every standard view rebuilt as of a position or recorded time: projection -> documents."""
    runner = ReadModelRunner(app, projections if projections is not None else _standard())
    found: dict[str, dict[str, Json]] = {}
    for name in runner.projections:
        with (
            _unreadable_rows_named(name),
            runner.as_of(
                name, position=position, recorded_at=recorded_at, progress=progress
            ) as scratch,
        ):
            found[name] = dict(scratch.items())
    return found


@contextlib.contextmanager
def _unreadable_rows_named(view: str) -> Iterator[None]:
    try:
        yield
    except PelayananError:
        raise
    except ValueError as exc:
        # eventsourcing reads each notification's aggregate id as a UUID: a row edited to hold
        # something else fails there, before any handler sees it.
        raise StorageError(
            f"cannot replay view {view}: the log holds a row eventsourcing cannot read "
            f"({str(exc)[:120]}); `pelayanan verify` names it"
        ) from None


def _standard() -> list[type[ReadModel]]:
    return default_registry(plugins=False).all()
