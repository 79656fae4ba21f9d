"""Runners: catch up, rebuild (blue/green), build as of a position or time, report status.

The loop is the same everywhere: read a page of notifications after the view's position (only
the topics the projection handles are decoded), fold them into the view, then write the changed
documents and the new position in one transaction. The position recorded is the last
notification *read*, handled or not, so ``status`` can prove "processed everything up to N".

A handler that raises is never skipped silently: the batch is rolled back and either the runner
commits everything before that event and stops with :class:`HandlerFailed`, or (when the
projection sets ``dead_letters = True``) the batch is replayed with that event recorded as a dead
letter, in the same transaction as the rest. Handlers are pure folds, so a replay is exact.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

import attrs
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification

from pelayanan.projections.api import HandlerFailed, ReadModel, ReadModelError, as_read_model
from pelayanan.projections.documents import Documents
from pelayanan.projections.reader import ViewReader
from pelayanan.projections.store import ViewStore, now_text, scratch_store

DEFAULT_PAGE_SIZE = 2000


@attrs.frozen
class Progress:
    """Reported after every committed batch."""

    projection: str
    position: int
    target: int
    applied: int
    elapsed: float

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.position)


ProgressCallback = Callable[[Progress], None]


@attrs.frozen
class ReadModelStatus:
    name: str
    version: int
    stored_version: int | None
    generation: int | None
    position: int
    head: int
    dead_letters: int
    last_error: str | None
    error_position: int | None

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)

    @property
    def needs_rebuild(self) -> bool:
        return self.stored_version is not None and self.stored_version != self.version

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data["lag"] = self.lag
        data["needs_rebuild"] = self.needs_rebuild
        return data


@attrs.frozen
class DeadLetter:
    projection: str
    position: int
    topic: str
    originator_id: str
    originator_version: int
    error: str
    attempts: int
    recorded_at: str


@attrs.frozen
class RetryResult:
    resolved: tuple[int, ...]
    still_failing: tuple[int, ...]


class ViewNotBuilt(ReadModelError):
    """A view a read-only reader asked for was never built in the store."""


class PositionMoved(ReadModelError):
    """A view's tracking position disagrees with the log or with the view's own contents."""


class _Failed(Exception):
    def __init__(self, notification: Notification, error: BaseException) -> None:
        super().__init__(str(error))
        self.notification = notification
        self.error = error


class _Moved(Exception):
    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


class ReadModelRunner:
    """Runs projections over one application's notification log, views in its database.

    ``projections`` are ReadModel subclasses (e.g. ``registry.all()``). The application may be
    a ``ComplianceService`` or any eventsourcing ``Application`` on SQLite or PostgreSQL.
    """

    def __init__(
        self,
        app: Application[Any],
        projections: Iterable[type[ReadModel]],
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        store: ViewStore | None = None,
    ) -> None:
        """``store``: where the views live (default: ``app``'s own database)."""
        if page_size < 1:
            raise ReadModelError("page_size must be at least 1")
        self.app = app
        self.store = store if store is not None else ViewStore(app)
        self.page_size = page_size
        self.projections: dict[str, type[ReadModel]] = {}
        for candidate in projections:
            cls = as_read_model(candidate)
            if cls.name in self.projections and self.projections[cls.name] is not cls:
                raise ReadModelError(f"two projections are named {cls.name}")
            self.projections[cls.name] = cls
        self._instances = {name: cls() for name, cls in self.projections.items()}

    def projection(self, name: str) -> type[ReadModel]:
        try:
            return self.projections[name]
        except KeyError:
            known = ", ".join(sorted(self.projections)) or "none"
            raise ReadModelError(f"no projection named {name!r} (known: {known})") from None

    def _selected(self, name: str | None) -> list[type[ReadModel]]:
        return [self.projection(name)] if name else list(self.projections.values())

    # ------------------------------------------------------------------ public operations

    def catch_up(
        self,
        name: str | None = None,
        *,
        progress: ProgressCallback | None = None,
        until: int | None = None,
    ) -> dict[str, int]:
        """Process from each view's position to the head (or ``until``); return positions.

        A projection whose ``version`` changed is rebuilt first, blue/green.
        """
        self.store.require_writable("catch up views")
        positions = {}
        for cls in self._selected(name):
            generation = self._prepare(cls, progress)
            positions[cls.name] = self._advance(
                cls, generation, stop=until, track=True, progress=progress
            )
        return positions

    def rebuild(
        self, name: str | None = None, *, progress: ProgressCallback | None = None
    ) -> dict[str, int]:
        """Build each view from zero into fresh tables; swap them in once caught up."""
        self.store.require_writable("rebuild views")
        positions = {}
        for cls in self._selected(name):
            self._ensure(cls)
            positions[cls.name] = self._rebuild(cls, progress)
        return positions

    def reader(self, name: str) -> ViewReader:
        """Read the view that is live now (after a rebuild: the new one)."""
        cls = self.projection(name)
        row = self._ensure(cls)
        return ViewReader(self.store, cls, int(row["generation"]))

    @contextmanager
    def as_of(
        self,
        name: str,
        *,
        position: int | None = None,
        recorded_at: datetime | None = None,
        progress: ProgressCallback | None = None,
    ) -> Iterator[ViewReader]:
        """A throwaway view of only the events up to ``position`` and/or recorded by
        ``recorded_at`` (eventsourcing's ``timestamp``), for audits. It is built in a scratch
        SQLite file (:func:`~pelayanan.projections.store.scratch_store`), never in the store,
        and removed on exit; its reader's SQL is SQLite's.
        """
        if position is None and recorded_at is None:
            raise ReadModelError("as_of needs a position or a recorded time")
        if recorded_at is not None and recorded_at.tzinfo is None:
            raise ReadModelError("recorded_at must be time-zone-aware")
        cls = self.projection(name)
        with scratch_store(self.app) as store:
            scratch = ReadModelRunner(self.app, [cls], page_size=self.page_size, store=store)
            generation = scratch._allocate_generation(cls)
            scratch._advance(
                cls,
                generation,
                stop=position,
                track=False,
                progress=progress,
                recorded_by=recorded_at,
            )
            if cls.index_after_build:
                with store.transaction() as c:
                    store.create_indexes(c, cls, generation)
            yield ViewReader(store, cls, generation)

    @contextmanager
    def current(
        self, name: str, *, note: Callable[[str], None] | None = None
    ) -> Iterator[ViewReader]:
        """The view as of the log's head, without writing: the stored view when it is up to
        date, otherwise one built from the log in a scratch file (``note`` is told why)."""
        (status,) = self.status(name)
        if (
            status.generation is not None
            and status.position == status.head
            and not status.needs_rebuild
            and status.last_error is None
        ):
            yield self.reader(name)
            return
        if note is not None:
            if status.generation is None:
                why = "was never built in this store"
            elif status.needs_rebuild:
                why = (
                    f"is stored at version {status.stored_version}, the code is at {status.version}"
                )
            elif status.last_error is not None:
                why = f"stopped at notification {status.error_position}"
            else:
                why = f"is {status.head - status.position} event(s) behind the log"
            note(
                f"view {name} {why}: computed from the log in a temporary file, the store "
                f"untouched (`pelayanan projections catch-up {name}` updates it)"
            )
        with self.as_of(name, position=status.head) as reader:
            yield reader

    def status(self, name: str | None = None) -> list[ReadModelStatus]:
        head = self.store.head()
        rows = {row["name"]: row for row in self.store.generations()}
        result = []
        for cls in self._selected(name):
            row = rows.get(cls.name)
            generation = None if row is None else int(row["generation"])
            position = 0 if generation is None else self.store.position(cls.name, generation)
            letters = 0
            if generation is not None:
                with self.store.transaction(commit=False) as c:
                    letters = len(self.store.dead_letters(c, cls.name, generation))
            result.append(
                ReadModelStatus(
                    name=cls.name,
                    version=cls.version,
                    stored_version=None if row is None else int(row["version"]),
                    generation=generation,
                    position=position,
                    head=head,
                    dead_letters=letters,
                    last_error=None if row is None else row["last_error"],
                    error_position=None if row is None else row["error_position"],
                )
            )
        return result

    def wait(self, position: int, *, timeout: float = 5.0, name: str | None = None) -> None:
        """Block until every selected view has processed up to ``position``."""
        deadline = time.monotonic() + timeout
        while True:
            behind = [s.name for s in self.status(name) if s.position < position]
            if not behind:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{', '.join(behind)} not at position {position} in {timeout}s")
            time.sleep(0.02)

    def dead_letters(self, name: str) -> list[DeadLetter]:
        cls = self.projection(name)
        row = self._ensure(cls)
        with self.store.transaction(commit=False) as c:
            found = self.store.dead_letters(c, cls.name, int(row["generation"]))
        return [
            DeadLetter(
                projection=r["projection"],
                position=int(r["position"]),
                topic=r["topic"],
                originator_id=r["originator_id"],
                originator_version=int(r["originator_version"]),
                error=r["error"],
                attempts=int(r["attempts"]),
                recorded_at=r["recorded_at"],
            )
            for r in found
        ]

    def retry_dead_letters(self, name: str) -> RetryResult:
        """Apply each dead-lettered event again, in position order, on the current view.

        Each retry is one transaction: on success the dead letter is removed with the change; on
        failure its error and attempt count are updated. Note: a retried event lands after the
        events that followed it, so handlers must tolerate that (most folds of facts do).
        """
        self.store.require_writable("retry dead letters")
        cls = self.projection(name)
        generation = int(self._ensure(cls)["generation"])
        tables = self.store.tables(cls, generation)
        resolved, failing = [], []
        for letter in self.dead_letters(name):
            found = self.app.recorder.select_notifications(
                start=letter.position, limit=1, stop=letter.position
            )
            if not found:
                raise ReadModelError(f"notification {letter.position} is no longer stored")
            notification = found[0]
            try:
                with self.store.transaction() as c:
                    self.store.lock(c, self.store.tracking_key(cls.name, generation))
                    view = Documents(self.store, c, tables)
                    self._apply(cls, view, notification, None)
                    view.flush()
                    self.store.execute(
                        c,
                        "DELETE FROM {dead_letters} "
                        "WHERE projection=? AND generation=? AND position=?",
                        (cls.name, generation, letter.position),
                    )
                resolved.append(letter.position)
            except _Failed as failed:
                with self.store.transaction() as c:
                    self.store.lock(c, self.store.tracking_key(cls.name, generation))
                    self._record_dead_letter(c, cls, generation, notification, failed.error)
                failing.append(letter.position)
        return RetryResult(tuple(resolved), tuple(failing))

    # ------------------------------------------------------------------ generations

    def _ensure(self, cls: type[ReadModel]) -> dict[str, Any]:
        if self.store.read_only:
            found = {row["name"]: row for row in self.store.generations()}.get(cls.name)
            if found is None:
                raise ViewNotBuilt(
                    f"view {cls.name} was never built in this store, which is opened read-only; "
                    f"`pelayanan projections catch-up {cls.name}` builds it"
                )
            return found
        # Every read of a view asks this: a plain read answers once the row exists (it is never
        # removed), without the write lock and commit that creating it needs.
        with self.store.transaction(commit=False) as c:
            row = self.store.generation_row(c, cls.name)
        if row is not None:
            return row
        with self.store.transaction() as c:
            self.store.lock(c, f"generations/{cls.name}")
            row = self.store.generation_row(c, cls.name)
            if row is None:
                self.store.execute(
                    c,
                    "INSERT INTO {generations} "
                    "(name, version, generation, next_generation, updated_at) "
                    "VALUES (?, ?, 1, 2, ?)",
                    (cls.name, cls.version, now_text()),
                )
                self.store.create_generation(c, cls, 1)
                row = self.store.generation_row(c, cls.name)
        assert row is not None
        return row

    def _prepare(self, cls: type[ReadModel], progress: ProgressCallback | None) -> int:
        row = self._ensure(cls)
        if int(row["version"]) != cls.version:
            self._rebuild(cls, progress)
            row = self._ensure(cls)
        return int(row["generation"])

    def _allocate_generation(self, cls: type[ReadModel]) -> int:
        self._ensure(cls)
        with self.store.transaction() as c:
            self.store.lock(c, f"generations/{cls.name}")
            row = self.store.generation_row(c, cls.name)
            assert row is not None
            generation = int(row["next_generation"])
            self.store.execute(
                c,
                "UPDATE {generations} SET next_generation=? WHERE name=?",
                (generation + 1, cls.name),
            )
            # A generation being built is read by no one until it is swapped in (or, as of a
            # past position, handed out): its indexes can wait until then when the projection
            # says its handlers never need them.
            self.store.create_generation(c, cls, generation, indexes=not cls.index_after_build)
        return generation

    def _rebuild(self, cls: type[ReadModel], progress: ProgressCallback | None) -> int:
        green = self._allocate_generation(cls)
        try:
            self._advance(cls, green, stop=None, track=True, progress=progress)
        except BaseException:
            with self.store.transaction() as c:
                self.store.lock(c, f"generations/{cls.name}")
                self.store.drop_generation(c, cls, green)
            raise
        with self.store.transaction() as c:
            self.store.lock(c, f"generations/{cls.name}")
            row = self.store.generation_row(c, cls.name)
            assert row is not None
            blue = int(row["generation"])
            if cls.index_after_build:
                self.store.create_indexes(c, cls, green)
            self.store.execute(
                c,
                "UPDATE {generations} SET generation=?, version=?, "
                "last_error=NULL, error_position=NULL, updated_at=? WHERE name=?",
                (green, cls.version, now_text(), cls.name),
            )
            self.store.drop_generation(c, cls, blue)
        # Events recorded while the green view was building: the live view keeps up from here.
        return self._advance(cls, green, stop=None, track=True, progress=progress)

    # ------------------------------------------------------------------ the loop

    def _advance(
        self,
        cls: type[ReadModel],
        generation: int,
        *,
        stop: int | None,
        track: bool,
        progress: ProgressCallback | None,
        recorded_by: datetime | None = None,
    ) -> int:
        # The position first, then the head: another process may record an event and bring
        # this view past the head read a moment earlier, which is no position moved at all.
        position = self.store.position(cls.name, generation) if track else 0
        head = self.store.head()
        target = head if stop is None else min(stop, head)
        if position > head:
            raise PositionMoved(
                f"view {cls.name} says it processed up to notification {position}, but the log "
                f"ends at {head}: its tracking row was changed outside pelayanan (or events "
                f"were removed); `pelayanan verify` checks the log, "
                f"`pelayanan projections rebuild {cls.name}` rebuilds the view"
            )
        started = time.monotonic()
        applied = 0
        select = self.app.recorder.select_notifications
        while position < target:
            page = select(position + 1, self.page_size, stop=target, topics=cls.topics)
            # A short page means nothing else up to the target matches our topics.
            read_to = target if len(page) < self.page_size else page[-1].id
            try:
                count = self._batch(cls, generation, position, page, read_to, track, recorded_by)
            except _Moved as moved:  # another runner advanced this view: go on from there
                position = moved.position
                continue
            except IntegrityError as exc:
                # The view already holds what this page would add: its position was moved back.
                detail = (str(exc).splitlines() or [""])[0]
                raise PositionMoved(
                    f"view {cls.name} already holds rows for notifications after its position "
                    f"{position} ({detail}): its tracking row was moved back outside pelayanan; "
                    f"`pelayanan projections rebuild {cls.name}` rebuilds the view"
                ) from None
            position = read_to
            applied += count
            if progress is not None:
                progress(Progress(cls.name, position, target, applied, time.monotonic() - started))
        return position

    def _batch(
        self,
        cls: type[ReadModel],
        generation: int,
        position: int,
        page: Sequence[Notification],
        read_to: int,
        track: bool,
        recorded_by: datetime | None,
    ) -> int:
        """One transaction: fold ``page`` into the view and move the position to ``read_to``."""
        letters: dict[int, BaseException] = {}
        tables = self.store.tables(cls, generation)
        while True:
            applied = 0
            try:
                with self.store.transaction() as c:
                    self.store.lock(c, self.store.tracking_key(cls.name, generation))
                    if track:
                        current = self.store.position_in(c, cls.name, generation)
                        if current != position:
                            raise _Moved(current)
                    view = Documents(self.store, c, tables)
                    for notification in page:
                        error = letters.get(notification.id)
                        if error is not None:
                            self._record_dead_letter(c, cls, generation, notification, error)
                            continue
                        applied += self._apply(cls, view, notification, recorded_by)
                    view.flush()
                    if track and read_to > position:
                        self.store.track(c, cls.name, generation, read_to)
                        self._clear_error(c, cls)
                return applied
            except _Failed as failed:
                failing = failed.notification
                if cls.dead_letters:
                    letters[failing.id] = failed.error
                    continue
                before = [n for n in page if n.id < failing.id]
                if track and failing.id - 1 > position:
                    # Keep the work before the failing event; stop exactly at it.
                    self._batch(cls, generation, position, before, failing.id - 1, track, None)
                if track:
                    self._record_error(cls, failing, failed.error)
                raise HandlerFailed(cls.name, failing.id, failing.topic, failed.error) from (
                    failed.error
                )

    def _apply(
        self,
        cls: type[ReadModel],
        view: Documents,
        notification: Notification,
        recorded_by: datetime | None,
    ) -> int:
        try:
            event = self.app.mapper.to_domain_event(notification)
            if recorded_by is not None and cast(Any, event).timestamp > recorded_by:
                return 0
            handler = cls.handlers.get(type(event))
            if handler is None:  # a topic alias decoded to another class: never silently
                raise ReadModelError(f"no handler for {type(event).__qualname__}")
            view.position = notification.id
            handler(self._instances[cls.name], event, view)
        except Exception as exc:
            raise _Failed(notification, exc) from exc
        return 1

    # ------------------------------------------------------------------ errors

    def _record_dead_letter(
        self,
        cursor: Any,
        cls: type[ReadModel],
        generation: int,
        notification: Notification,
        error: BaseException,
    ) -> None:
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        self.store.execute(
            cursor,
            "INSERT INTO {dead_letters} (projection, generation, position, "
            "topic, originator_id, originator_version, error, attempts, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (projection, generation, position) "
            "DO UPDATE SET error=excluded.error, attempts={dead_letters_bare}.attempts + 1",
            (
                cls.name,
                generation,
                notification.id,
                notification.topic,
                str(notification.originator_id),
                notification.originator_version,
                text,
                now_text(),
            ),
        )

    def _record_error(
        self, cls: type[ReadModel], notification: Notification, error: BaseException
    ) -> None:
        text = f"{type(error).__name__}: {error}"
        with self.store.transaction() as c:
            self.store.lock(c, f"generations/{cls.name}")
            self.store.execute(
                c,
                "UPDATE {generations} SET last_error=?, error_position=?, updated_at=? "
                "WHERE name=?",
                (text, notification.id, now_text(), cls.name),
            )

    def _clear_error(self, cursor: Any, cls: type[ReadModel]) -> None:
        self.store.execute(
            cursor,
            "UPDATE {generations} SET last_error=NULL, error_position=NULL "
            "WHERE name=? AND last_error IS NOT NULL",
            (cls.name,),
        )
