"""The machinery under the commands: opening the store, saving, loading, batches, warm
aggregates and snapshots. :class:`~pelayanan.service.ComplianceService` builds on it and holds
only commands, queries and the privacy verbs.

A command is *load, call, save*, written as one ``with`` block::

    with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
        c.record_no_show(occurred_at=at.occurred, actor=actor, recorded_at=at.recorded)

:meth:`PelayananApplication._changing` loads the aggregate (the batch's own, a warm one brought
up to date, or from the store), hands it over with the two times of the fact (when it happened,
when it is recorded), and when the block ends without an error saves it (or leaves it to the
batch), stores a snapshot if one is due and keeps the aggregate warm. A block that raises
saves nothing.

Inside :meth:`PelayananApplication.batch`, commands keep working on the aggregates they loaded
and everything is saved at the end in a single transaction (all or nothing): the way to import a
year of records quickly. Readers (``_get``) get their own copy, loaded afresh (inside a batch,
the batch's own, which then never goes warm).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar, Generic, NamedTuple, Self, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate, MutableOrImmutableAggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    Mapper,
    OperationalError,
    PersistenceError,
    Recording,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import resolve_topic

from pelayanan.clock import Clock, SystemClock
from pelayanan.domain.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    InvalidValue,
    NotFound,
    PelayananError,
    StorageError,
)
from pelayanan.domain.records import RECORDS, record_name
from pelayanan.domain.values import require_count
from pelayanan.storage.connection import connection_cause
from pelayanan.storage.eventstore import EventStore
from pelayanan.storage.failures import StorageErrors
from pelayanan.storage.fastjson import FastJSONTranscoder
from pelayanan.storage.mapper import EventMapper
from pelayanan.storage.probe import Probe
from pelayanan.storage.readonly import read_only_env
from pelayanan.storage.settings import (
    StoreLocation,
    check_sqlite_file,
    location_from_env,
    parse_location,
)
from pelayanan.storage.transcodings import register_all
from pelayanan.storage.unit_of_work import UnitOfWork
from pelayanan.storage.warm import Freshness, WarmAggregates

A = TypeVar("A", bound=Aggregate)
log = logging.getLogger(__name__)

STALE = -1
"""The generation of an aggregate not known to be up to date (:class:`Freshness`)."""

SNAPSHOT_INTERVAL = 50
"""Events between snapshots of each record (a load decodes one snapshot and fewer than this)."""


def _called(aggregate_id: UUID, asked: object) -> str:
    """A record as the caller named it: the office code or reference given, else its id."""
    shown = aggregate_id if asked is None else getattr(asked, "value", asked)
    return str(shown)


class Moment(NamedTuple):
    """The two times of a fact: when it happened (business time) and when it is recorded."""

    occurred: datetime
    recorded: datetime


def project(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply ``events`` in order: eventsourcing's own projector, less a per-event
    ``isinstance`` check against a runtime protocol that cost a sixth of every load."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def expect(found: Aggregate, kind: type[A]) -> A:
    if not isinstance(found, kind):
        raise NotFound(f"{found.id} is a {type(found).__name__}, not a {record_name(kind)}")
    return found


class _Thread(threading.local):
    """Each thread's own state: its open batch, if any."""

    work: UnitOfWork | None = None


class Change(Generic[A]):
    """One command's hold on one aggregate: ``with`` hands it over, a clean exit saves it.

    A class rather than a generator: commands run by the hundred thousand, and this is the
    cheaper way to say the same thing.
    """

    __slots__ = ("_aggregate", "_app", "_before", "_generation", "_moment")

    def __init__(
        self, app: PelayananApplication, aggregate: A, generation: int, moment: Moment
    ) -> None:
        self._app = app
        self._aggregate = aggregate
        self._generation = generation
        self._moment = moment
        self._before = aggregate.version

    def __enter__(self) -> tuple[A, Moment]:
        return self._aggregate, self._moment

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        if error is None:  # a command that raised records nothing
            self._app._saved(self._aggregate, self._before, self._generation)


class PelayananApplication(Application[UUID]):
    """An eventsourcing application over pelayanan's records, with the machinery commands need.

    With no ``env``, events are kept in an in-memory SQLite database.
    """

    env: ClassVar[dict[str, str]] = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": ":memory:",
    }
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = (
        dict.fromkeys(RECORDS, SNAPSHOT_INTERVAL)
    )

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        clock: Clock | None = None,
        warm_aggregates: int = 1000,
    ) -> None:
        self._warm = WarmAggregates(warm_aggregates)
        self._freshness = Freshness()
        self.clock: Clock = clock or SystemClock()
        # A batch belongs to the thread that opened it; other threads' commands save at once.
        self._local = _Thread()
        try:
            super().__init__(env)
        except BaseException:
            # Stop the connection pool's threads now: left to the garbage collector, the
            # half-built application may be closed on one of those threads, which cannot join
            # itself ("cannot join current thread").
            with contextlib.suppress(Exception):
                self.close()
            raise
        self._reading = StorageErrors(self._where, self.env, "reading")
        self._probe = Probe(self.recorder)
        self._saving = StorageErrors(self._where, self.env, "saving")

    @classmethod
    def _open_store(
        cls,
        db: str,
        *,
        must_exist: bool = False,
        read_only: bool = False,
        env: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Self:
        """Open (or create) the store named by a ``--db`` string; ``options`` go to ``cls``.

        ``env`` adds eventsourcing settings to those the string implies, e.g. ``CIPHER_TOPIC``
        and ``CIPHER_KEY`` for encryption at rest; it cannot change the database itself.
        """
        location = parse_location(db)
        settings = {**(env or {}), **(read_only_env(location) if read_only else location.env)}
        if location.is_sqlite:
            check_sqlite_file(location.env["SQLITE_DBNAME"], must_exist=must_exist or read_only)
        # PostgreSQL may refuse concurrent CREATE TABLE IF NOT EXISTS from processes starting
        # together ("tuple concurrently updated"); the tables exist on the next attempt.
        attempts = 5 if not location.is_sqlite else 1
        for attempt in range(1, attempts + 1):
            try:
                return cls(settings, **options)
            except PersistenceError as exc:
                # A server that cannot be reached will not be reachable 50 ms later: say so now.
                if attempt == attempts or isinstance(exc, OperationalError | InterfaceError):
                    cause = connection_cause(settings, exc)
                    raise StorageError(
                        f"cannot open event store {location.display}: {cause}"
                    ) from None
                time.sleep(0.05 * attempt)
            except PelayananError:
                raise
            except Exception as exc:  # the driver's own errors, reported without the password
                cause = connection_cause(location.env, exc)
                raise StorageError(f"cannot open event store {location.display}: {cause}") from None
        raise AssertionError("unreachable")  # pragma: no cover

    @functools.cached_property
    def location(self) -> StoreLocation:
        """Where the events are, as a ``--db`` string would name it (password redacted)."""
        return location_from_env(self.env)

    def construct_mapper(self) -> Mapper[UUID]:
        # eventsourcing's mapper with each kind of event's state written by a generated
        # function (storage/mapper.py): the same bytes. A MAPPER_TOPIC in the environment wins.
        mapper_class = None if self.env.get(self.factory.MAPPER_TOPIC) else EventMapper
        transcoder = self.construct_transcoder()
        return self.factory.mapper(transcoder=transcoder, mapper_class=mapper_class)

    def construct_event_store(self) -> EventStore:
        # eventsourcing's, making the records it hands back without their dataclass __init__
        # (storage/eventstore.py): the same objects.
        return EventStore(mapper=self.mapper, recorder=self.recorder)

    def construct_transcoder(self) -> Transcoder:
        # Writes the bytes eventsourcing's JSONTranscoder writes, faster (storage/fastjson.py).
        transcoder = FastJSONTranscoder()
        self.register_transcodings(transcoder)
        register_all(transcoder)
        return transcoder

    def head(self) -> int:
        """The position of the newest event in the notification log (0 when empty)."""
        with self._reading:
            return self._probe.head()

    def describe(self) -> dict[str, Any]:
        return {"store": self.location.display, "engine": self.location.engine, "head": self.head()}

    # ------------------------------------------------------------------ unit of work

    @property
    def _work(self) -> UnitOfWork | None:
        return self._local.work

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run many commands, save everything at the end in one transaction (or nothing).

        A command that is refused raises at once, as outside a batch, with one exception: a
        record the store already has is refused by its unique key when the batch is saved
        (:class:`AlreadyExists` naming it; the whole batch, nothing written), since asking the
        store at each creation would cost a query per new record. Readers (``get_office`` and
        the like) inside the batch see its unsaved changes. The batch belongs to the calling
        thread: commands other threads issue meanwhile are saved on their own, as usual.
        """
        if self._work is not None:
            raise InvalidValue("batches do not nest")
        work = UnitOfWork()
        self._local.work = work
        try:
            yield
            pending = list(work.aggregates.values())
        finally:
            self._local.work = None
        generation = self._save(*pending, names=work.created)
        self._put_snapshots(work.snapshots)
        # What a reader was handed during the batch is the reader's now: it never goes warm.
        self._warm.put((a for a in pending if a.id not in work.lent), generation)

    def _where(self) -> str:
        return self.location.display

    # ------------------------------------------------------------------ saving and loading

    def _save(self, *aggregates: Aggregate, names: Mapping[UUID, object] | None = None) -> int:
        """Save now (or leave it to the open batch); the :class:`Freshness` generation in which
        the saved aggregates are up to date (:data:`STALE` when nothing was saved).

        ``names``: what the caller called the records being created (see ``_load``'s
        ``asked``), for the message when the store already has one.
        """
        work = self._work
        if work is not None:
            for aggregate in aggregates:
                work.aggregates[aggregate.id] = aggregate
            return STALE
        # Saving takes the pending events, so which aggregates are new is noted first.
        created = [a for a in aggregates if a.version == len(a.pending_events)]
        try:
            with self._saving:
                recordings = self.save(*aggregates)
        except IntegrityError as exc:
            # The transaction rolled back: nothing was written. Which record was there already
            # is asked only now, on the failure path (one query per record created).
            taken = [a for a in created if self._exists(a.id)]
            if taken:
                called = names or {}
                raise AlreadyExists(
                    "; ".join(
                        f"{record_name(type(a))} {_called(a.id, called.get(a.id))} "
                        "is already recorded"
                        for a in taken
                    )
                ) from exc
            raise ConcurrencyConflict(
                "someone else changed this record first; reload it and try again"
            ) from exc
        if not recordings:
            return STALE
        return self._freshness.saved([r.notification.id for r in recordings])

    def save(self, *aggregates: Aggregate | None, **kwargs: Any) -> list[Recording[UUID]]:  # type: ignore[override]
        """eventsourcing's ``save`` for aggregates only.

        eventsourcing's own checks each object against two runtime ``Protocol``s to tell
        aggregates from events (about 12 µs an aggregate in CPython, docs/performance.md);
        the service only ever saves aggregates.
        """
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for aggregate in aggregates:
            if aggregate is not None:
                processing_event.events.extend(aggregate.collect_events())
                processing_event.aggregates[aggregate.id] = aggregate
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)
        return recordings

    def _exists(self, aggregate_id: UUID) -> bool:
        with self._reading:
            return self._probe.exists(aggregate_id)

    def _load(
        self, aggregate_id: UUID, kind: type[A], asked: object = None
    ) -> tuple[A, int]:
        """The aggregate for a command: the batch's, a warm one brought up to date, or loaded;
        and the :class:`Freshness` generation it is known up to date in (:data:`STALE` if none).

        The caller owns what it gets: warm aggregates go back only after their save succeeded.
        ``asked``: what the caller named the record by (an office code), for the message when
        it is not recorded; by default its id.
        """
        work = self._work
        if work is not None and aggregate_id in work.aggregates:
            return expect(work.aggregates[aggregate_id], kind), STALE
        taken = self._warm.take(aggregate_id)
        generation = STALE
        with self._reading:
            if taken is not None:
                found, was = taken
                generation = self._generation(work)
                if was != generation:  # someone else may have written since: ask the store
                    found = project(found, self.events.get(aggregate_id, gt=found.version))
            else:
                try:
                    found = self.repository.get(aggregate_id, projector_func=project)
                except AggregateNotFoundError:
                    raise NotFound(
                        f"no {record_name(kind)} {_called(aggregate_id, asked)} is recorded"
                    ) from None
        aggregate = expect(found, kind)
        if work is not None:
            work.aggregates[aggregate_id] = aggregate
        return aggregate, generation

    def _generation(self, work: UnitOfWork | None) -> int:
        """The current :class:`Freshness` generation: the log's head is read once per command,
        or once per batch (a batch's save refuses what others changed meanwhile)."""
        if work is not None and work.generation is not None:
            return work.generation
        generation = self._freshness.check(self._probe.head())
        if work is not None:
            work.generation = generation
        return generation

    def _require(self, aggregate_id: UUID, kind: type[Aggregate], asked: object = None) -> None:
        """Raise :class:`NotFound` unless the record exists (and is a ``kind``).

        Asked of the record's first stored event, without loading the record (a snapshot and up
        to 49 events): records are never removed, so one that was recorded is there still, and
        a warm one (put back only once saved) needs no question at all.
        """
        work = self._work
        if work is not None and aggregate_id in work.aggregates:
            expect(work.aggregates[aggregate_id], kind)
            return
        if self._warm.holds(aggregate_id, kind):
            return
        with self._reading:
            topic = self._probe.first_topic(aggregate_id)
        if topic is None:
            raise NotFound(f"no {record_name(kind)} {_called(aggregate_id, asked)} is recorded")
        first = resolve_topic(topic)
        if not issubclass(first, kind.Event):
            found = first.__qualname__.split(".")[0]
            raise NotFound(f"{aggregate_id} is a {found}, not a {record_name(kind)}")

    def _get(
        self, aggregate_id: UUID, kind: type[A], version: int | None, asked: object = None
    ) -> A:
        """A reader's own copy, at the latest or at a given version (``asked``: see _load)."""
        if version is None:
            work = self._work
            if work is not None and aggregate_id in work.aggregates:
                work.lent.add(aggregate_id)
                return expect(work.aggregates[aggregate_id], kind)
        else:
            require_count("version", version, minimum=1)
        found: Aggregate
        what = record_name(kind)
        try:
            with self._reading:
                found = self.repository.get(aggregate_id, version=version, projector_func=project)
        except AggregateNotFoundError:
            at = "" if version is None else f" at version {version}"
            raise NotFound(f"no {what} {_called(aggregate_id, asked)}{at} is recorded") from None
        aggregate = expect(found, kind)
        if version is not None and aggregate.version != version:
            raise NotFound(
                f"{what} {_called(aggregate_id, asked)} has no version {version} "
                f"(latest {aggregate.version})"
            )
        return aggregate

    def _create(self, aggregate: A, asked: object = None) -> A:
        """Save a new record (or leave it to the open batch).

        The store's unique (id, version) key refuses a record it already has, and ``_save``
        names it (``asked``: what the caller called it, as for ``_load``) with nothing written:
        no query per new record. In a batch that refusal comes at the batch's save, for the
        whole batch; a record created twice in the same batch is refused at once.
        """
        work = self._work
        if work is not None:
            if aggregate.id in work.aggregates:
                raise AlreadyExists(
                    f"{record_name(type(aggregate))} {_called(aggregate.id, asked)} "
                    "is already recorded or created in this batch"
                )
            work.created[aggregate.id] = asked
            self._save(aggregate)
            return aggregate
        generation = self._save(aggregate, names={aggregate.id: asked})
        self._warm.put([aggregate], generation)
        return aggregate

    def _now(self, occurred_at: datetime | None) -> Moment:
        """The fact's two times: ``occurred_at`` defaults to the moment it is recorded."""
        recorded = self.clock.now()
        return Moment(recorded if occurred_at is None else occurred_at, recorded)

    def _changing(
        self,
        aggregate_id: UUID,
        kind: type[A],
        occurred_at: datetime | None,
        asked: object = None,
    ) -> Change[A]:
        """Load now; the ``with`` block calls; its end saves (see the module's docstring)."""
        aggregate, generation = self._load(aggregate_id, kind, asked)
        return Change(self, aggregate, generation, self._now(occurred_at))

    def _saved(self, aggregate: Aggregate, before: int, generation: int) -> None:
        """The end of a command that succeeded: save, snapshot if due, keep warm."""
        snapshot = self._snapshot_if_due(aggregate, before)
        work = self._local.work
        if work is not None:  # the batch saves, stores snapshots and warms aggregates at its end
            work.aggregates[aggregate.id] = aggregate
            if snapshot is not None:
                work.snapshots.append(snapshot)
            return
        saved = self._save(aggregate)
        if snapshot is not None:
            self._put_snapshots([snapshot])
        # A command that recorded nothing puts the aggregate back as fresh as it took it.
        self._warm.put([aggregate], generation if saved == STALE else saved)

    # ------------------------------------------------------------------ snapshots

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        # eventsourcing would reload each aggregate from the store to snapshot it; commands
        # snapshot the state they hold instead (_snapshot_if_due), so there is nothing to do here.
        return

    def _snapshot_if_due(self, aggregate: Aggregate, before: int) -> StoredEvent | None:
        """Encode a snapshot now if the command moved the aggregate past a multiple of its
        interval: encoded at once, it cannot change with the commands that follow in a batch."""
        interval = self.snapshotting_intervals.get(type(aggregate))
        if self.snapshots is None or not interval:
            return None
        if aggregate.version // interval == before // interval:
            return None
        snapshot_class = getattr(type(aggregate), "Snapshot", self.snapshot_class)
        assert snapshot_class is not None  # every pelayanan aggregate has one
        return self.snapshots.mapper.to_stored_event(snapshot_class.take(aggregate))

    def _put_snapshots(self, snapshots: list[StoredEvent]) -> None:
        # After the events' own transaction, which has committed: the command succeeded, and a
        # snapshot is only a cache of its events. One that cannot be stored costs a longer load
        # later, so it is logged and the caller is told nothing (telling it would invite a retry
        # that records the fact twice).
        if not snapshots or self.snapshots is None:
            return
        try:
            self.snapshots.recorder.insert_events(snapshots)
        except PersistenceError as exc:
            log.warning(
                "snapshots of %d record(s) not stored in %s: %s",
                len(snapshots),
                self.location.display,
                connection_cause(self.env, exc),
            )
