"""ComplianceService: the one door for commands and the one place that wires storage.

Every command is *load, call, save*: load the aggregate, call its method (which validates and
records events, or raises and records nothing), save it in one transaction. Deadlines and
decision assessments come from the policy layer and are recorded in the events, with the rule id,
version and citation that produced them.

Inside :meth:`ComplianceService.batch`, commands keep working on the aggregates they loaded and
everything is saved at the end in a single transaction (all or nothing): the way to import a year
of records quickly.

Aggregates a command has just saved stay *warm* (in a bounded cache) for the next command, which
takes one out, brings it up to date with any events recorded since (another process may have
written), works on it, and puts it back only once its save succeeded. A warm aggregate is
never shared: a thread takes it out and others load their own copy, and a command that fails
leaves nothing behind. Readers (``get_office`` and friends) get their own copy, loaded afresh
(inside a batch, the batch's own, which then never goes warm).

Given a key vault (``vault="store"``), the service seals personal data (a complainant's identity
and description, a civil servant's statement) with the data subject's own key before it enters
an event; :meth:`ComplianceService.reveal` opens it and :meth:`ComplianceService.erase_subject`
destroys the key (docs/privacy.md). A store that cannot be reached raises :class:`StorageError`
with the redacted location, never the driver's exception or the password.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Literal, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate, MutableOrImmutableAggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    MapperDeserialisationError,
    OperationalError,
    PersistenceError,
    StoredEvent,
    Transcoder,
)

from pelayanan.clock import Clock, SystemClock
from pelayanan.domain.complaint import Complainant, Complaint, complaint_id
from pelayanan.domain.discipline import (
    Breach,
    CaseSource,
    Decision,
    DisciplinaryCase,
    ObjectionKind,
    ObjectionOutcome,
    Outcome,
)
from pelayanan.domain.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    InvalidValue,
    NotFound,
    PelayananError,
    StorageError,
)
from pelayanan.domain.inspection import (
    Inspection,
    Observation,
    ReferralTarget,
    Team,
    inspection_id,
)
from pelayanan.domain.office import (
    Office,
    Permission,
    ServiceStandard,
    StaffMember,
    office_id,
)
from pelayanan.domain.values import (
    Actor,
    Channel,
    ComplaintClass,
    Deadline,
    FindingKind,
    LegalBasis,
    Nip,
    OfficeCode,
    Period,
    PermissionKind,
    Punishment,
    Role,
    ServiceHours,
    Severity,
    local_date,
    parse_enum,
    require_text,
)
from pelayanan.policy import deadlines
from pelayanan.policy.parameters import PolicySettings
from pelayanan.policy.punishment import LevelOutcome, PunishmentOutcome, check_decision
from pelayanan.privacy import sealing
from pelayanan.privacy.sealed import Sealed
from pelayanan.privacy.vault import Erasure, KeyVault, SubjectKeys
from pelayanan.storage.readonly import read_only_env
from pelayanan.storage.settings import StoreLocation, check_sqlite_file, parse_location
from pelayanan.storage.transcodings import register_all

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass
class _UnitOfWork:
    """One thread's open batch: its aggregates, the snapshots they reached, and which of them
    a reader was handed (so are not to be shared afterwards)."""

    aggregates: dict[UUID, Aggregate] = field(default_factory=dict)
    snapshots: list[StoredEvent] = field(default_factory=list)
    lent: set[UUID] = field(default_factory=set)


def _office_code(code: OfficeCode | str) -> OfficeCode:
    return code if isinstance(code, OfficeCode) else OfficeCode(code)


def _nip(nip: Nip | str) -> Nip:
    return nip if isinstance(nip, Nip) else Nip(nip)


def _project(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply ``events`` in order: eventsourcing's own projector, less a per-event
    ``isinstance`` check against a runtime protocol that cost a sixth of every load."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class ComplianceService(Application[UUID]):
    """Records compliance facts as events and reads aggregates back.

    Construct with :meth:`open` (a ``--db`` string) or with an eventsourcing ``env`` mapping.
    With neither, events are kept in an in-memory SQLite database.
    """

    name = "ComplianceService"
    env: ClassVar[dict[str, str]] = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": ":memory:",
    }
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        Office: 50,
        Inspection: 50,
        Complaint: 50,
        DisciplinaryCase: 50,
    }

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        clock: Clock | None = None,
        policy: PolicySettings | None = None,
        vault: KeyVault | Literal["store"] | None = None,
        warm_aggregates: int = 1000,
    ) -> None:
        """``vault``: where data subjects' keys live; ``"store"`` means this store's database.

        Without a vault personal data is recorded in plain text (and sealed values already in
        the store stay sealed). Whole-store encryption at rest is eventsourcing's own setting:
        ``CIPHER_TOPIC=eventsourcing.cryptography:AESCipher`` and ``CIPHER_KEY`` in ``env`` or
        the environment.

        ``warm_aggregates``: how many recently saved aggregates to keep for the next command
        (0 keeps none; an office with a month of permissions is tens of kilobytes).
        """
        if (
            not isinstance(warm_aggregates, int)
            or isinstance(warm_aggregates, bool)
            or warm_aggregates < 0
        ):
            raise InvalidValue(
                f"warm_aggregates must be a whole number >= 0, got {warm_aggregates!r}"
            )
        self.clock: Clock = clock or SystemClock()
        self.policy = policy or PolicySettings()
        # A batch belongs to the thread that opened it; other threads' commands save at once.
        self._local = threading.local()
        self._warm: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._warm_size = warm_aggregates
        self._warm_lock = threading.Lock()
        super().__init__(env)
        if vault == "store":
            vault = SubjectKeys(self)
        elif vault is not None and not isinstance(vault, KeyVault):
            raise InvalidValue(f'vault must be a KeyVault, "store" or None, got {vault!r}')
        self.vault: KeyVault | None = vault

    @classmethod
    def open(
        cls,
        db: str,
        *,
        clock: Clock | None = None,
        policy: PolicySettings | None = None,
        must_exist: bool = False,
        vault: KeyVault | Literal["store"] | None = None,
        env: Mapping[str, str] | None = None,
        warm_aggregates: int = 1000,
        read_only: bool = False,
    ) -> ComplianceService:
        """Open (or create) the store named by a ``--db`` string.

        ``env`` adds eventsourcing settings to those the string implies, e.g. ``CIPHER_TOPIC``
        and ``CIPHER_KEY`` for encryption at rest; it cannot change the database itself.
        ``read_only``: the store must exist and is opened so that nothing can be written
        (what checking commands use; see :mod:`pelayanan.storage.readonly`).
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
                return cls(
                    settings,
                    clock=clock,
                    policy=policy,
                    vault=vault,
                    warm_aggregates=warm_aggregates,
                )
            except PersistenceError as exc:
                # A server that cannot be reached will not be reachable 50 ms later: say so now.
                if attempt == attempts or isinstance(exc, OperationalError | InterfaceError):
                    raise StorageError(
                        f"cannot open event store {location.display}: {exc}"
                    ) from None
                time.sleep(0.05 * attempt)
            except PelayananError:
                raise
            except Exception as exc:  # the driver's own errors, reported without the password
                raise StorageError(
                    f"cannot open event store {location.display}: {_scrub(exc, location.env)}"
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def location(self) -> StoreLocation:
        return parse_location(self._db_string())

    def _db_string(self) -> str:
        if "postgres" in str(self.env.get("PERSISTENCE_MODULE", "")).lower():
            e = self.env
            return (
                f"postgresql://{e.get('POSTGRES_USER', '')}@{e.get('POSTGRES_HOST', '')}:"
                f"{e.get('POSTGRES_PORT', '')}/{e.get('POSTGRES_DBNAME', '')}"
            )
        return str(self.env.get("SQLITE_DBNAME", ":memory:"))

    def construct_transcoder(self) -> Transcoder:
        transcoder = JSONTranscoder()
        self.register_transcodings(transcoder)
        register_all(transcoder)
        return transcoder

    # ------------------------------------------------------------------ unit of work

    @property
    def _work(self) -> _UnitOfWork | None:
        work: _UnitOfWork | None = getattr(self._local, "work", None)
        return work

    @property
    def _batch(self) -> dict[UUID, Aggregate] | None:
        work = self._work
        return None if work is None else work.aggregates

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run many commands, save everything at the end in one transaction (or nothing).

        A command that is refused raises at once, as outside a batch. Readers (``get_office``
        and the like) inside the batch see its unsaved changes. The batch belongs to the calling
        thread: commands other threads issue meanwhile are saved on their own, as usual.
        """
        if self._batch is not None:
            raise InvalidValue("batches do not nest")
        work = _UnitOfWork()
        self._local.work = work
        try:
            yield
            pending = list(work.aggregates.values())
        finally:
            self._local.work = None
        self._save(*pending)
        self._put_snapshots(work.snapshots)
        # What a reader was handed during the batch is the reader's now: it never goes warm.
        self._put_warm(a for a in pending if a.id not in work.lent)

    @contextlib.contextmanager
    def _storage(self, doing: str) -> Iterator[None]:
        """Turn the driver's failures (server down, connection lost) into :class:`StorageError`.

        The message names the store by its redacted location and never carries the password,
        even if a driver were to put it in its own message. A save that fails this way was
        almost always not stored; if the connection broke just as the commit was acknowledged it
        was, and repeating a creation then reports :class:`AlreadyExists`.
        """
        try:
            yield
        except IntegrityError:
            raise
        except MapperDeserialisationError as exc:
            raise StorageError(
                f"stored events in {self.location.display} cannot be read (a wrong or missing "
                f"CIPHER_KEY, or events this version does not know): {_scrub(exc, self.env)}"
            ) from None
        except PersistenceError as exc:
            raise StorageError(
                f"event store {self.location.display} unavailable while {doing}: "
                f"{_scrub(exc, self.env)}; try again when it is back"
            ) from None

    def _save(self, *aggregates: Aggregate) -> None:
        if self._batch is not None:
            for aggregate in aggregates:
                self._batch[aggregate.id] = aggregate
            return
        # Saving takes the pending events, so which aggregates are new is noted first.
        created = [a for a in aggregates if a.version == len(a.pending_events)]
        try:
            with self._storage("saving"):
                self.save(*aggregates)
        except IntegrityError as exc:
            taken = [a for a in created if self._exists(a.id)]
            if taken:
                raise AlreadyExists(
                    "a record with the same identity is already recorded: "
                    + ", ".join(f"{type(a).__name__} {a.id}" for a in taken)
                ) from exc
            raise ConcurrencyConflict(
                "someone else changed this record first; reload it and try again"
            ) from exc

    def _exists(self, aggregate_id: UUID) -> bool:
        with self._storage("reading"):
            return bool(self.recorder.select_events(aggregate_id, limit=1))

    def _load(self, aggregate_id: UUID, kind: type[A], what: str) -> A:
        """The aggregate for a command: the batch's, a warm one brought up to date, or loaded.

        The caller owns what it gets: warm aggregates go back only through :meth:`_put_warm`,
        after their save succeeded.
        """
        batch = self._batch
        if batch is not None and aggregate_id in batch:
            return _expect(batch[aggregate_id], kind, what)
        with self._warm_lock:
            found = self._warm.pop(aggregate_id, None)
        with self._storage("reading"):
            if found is not None:
                found = _project(found, self.events.get(aggregate_id, gt=found.version))
            else:
                try:
                    found = self.repository.get(aggregate_id, projector_func=_project)
                except AggregateNotFoundError:
                    raise NotFound(f"no {what} {aggregate_id} is recorded") from None
        aggregate = _expect(found, kind, what)
        if batch is not None:
            batch[aggregate_id] = aggregate
        return aggregate

    def _put_warm(self, aggregates: Iterable[Aggregate]) -> None:
        if not self._warm_size:
            return
        with self._warm_lock:
            for aggregate in aggregates:
                self._warm[aggregate.id] = aggregate
                self._warm.move_to_end(aggregate.id)
            while len(self._warm) > self._warm_size:
                self._warm.popitem(last=False)

    def _require(self, aggregate_id: UUID, kind: type[Aggregate], what: str) -> None:
        """Raise :class:`NotFound` unless the record exists (and is a ``kind``)."""
        aggregate = self._load(aggregate_id, kind, what)
        if self._batch is None:
            self._put_warm([aggregate])

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
                _scrub(exc, self.env),
            )

    def _create(self, aggregate: A, what: str) -> A:
        batch = self._batch
        # Outside a batch the store's unique (id, version) key refuses a second creation and
        # _save names the record: one round trip instead of two. A batch must refuse it at once,
        # as every other command: its later commands would act on a record that is not there.
        if batch is not None and (aggregate.id in batch or self._exists(aggregate.id)):
            raise AlreadyExists(f"{what} {aggregate.id} is already recorded")
        self._save(aggregate)
        if self._batch is None:
            self._put_warm([aggregate])
        return aggregate

    def _stamp(self, occurred_at: datetime | None) -> tuple[datetime, datetime]:
        recorded = self.clock.now()
        return (recorded if occurred_at is None else occurred_at), recorded

    def _command(
        self,
        aggregate_id: UUID,
        kind: type[A],
        what: str,
        call: Callable[[A, datetime, datetime], T],
        occurred_at: datetime | None,
    ) -> T:
        aggregate = self._load(aggregate_id, kind, what)
        when, recorded = self._stamp(occurred_at)
        before = aggregate.version
        result = call(aggregate, when, recorded)
        snapshot = self._snapshot_if_due(aggregate, before)
        self._save(aggregate)
        work = self._work
        if work is not None:  # the batch stores its snapshots and warms its aggregates at its end
            if snapshot is not None:
                work.snapshots.append(snapshot)
        else:
            if snapshot is not None:
                self._put_snapshots([snapshot])
            self._put_warm([aggregate])
        return result

    def _on_office(
        self,
        code: OfficeCode | str,
        call: Callable[[Office, datetime, datetime], T],
        occurred_at: datetime | None,
    ) -> T:
        return self._command(office_id(_office_code(code)), Office, "office", call, occurred_at)

    def _on_inspection(
        self,
        inspection: UUID,
        call: Callable[[Inspection, datetime, datetime], T],
        occurred_at: datetime | None,
    ) -> T:
        return self._command(inspection, Inspection, "inspection", call, occurred_at)

    def _on_complaint(
        self,
        complaint: UUID,
        call: Callable[[Complaint, datetime, datetime], T],
        occurred_at: datetime | None,
    ) -> T:
        return self._command(complaint, Complaint, "complaint", call, occurred_at)

    def _on_case(
        self,
        case: UUID,
        call: Callable[[DisciplinaryCase, datetime, datetime], T],
        occurred_at: datetime | None,
    ) -> T:
        return self._command(case, DisciplinaryCase, "disciplinary case", call, occurred_at)

    # ------------------------------------------------------------------ queries

    def get_office(self, code: OfficeCode | str | UUID, *, version: int | None = None) -> Office:
        oid = code if isinstance(code, UUID) else office_id(_office_code(code))
        return self._get(oid, Office, "office", version)

    def get_inspection(self, inspection: UUID | str, *, version: int | None = None) -> Inspection:
        iid = inspection if isinstance(inspection, UUID) else inspection_id(inspection)
        return self._get(iid, Inspection, "inspection", version)

    def get_complaint(self, complaint: UUID | str, *, version: int | None = None) -> Complaint:
        cid = complaint if isinstance(complaint, UUID) else complaint_id(complaint)
        return self._get(cid, Complaint, "complaint", version)

    def get_case(self, case: UUID, *, version: int | None = None) -> DisciplinaryCase:
        return self._get(case, DisciplinaryCase, "disciplinary case", version)

    def _get(self, aggregate_id: UUID, kind: type[A], what: str, version: int | None) -> A:
        if version is None:
            work = self._work
            if work is not None and aggregate_id in work.aggregates:
                work.lent.add(aggregate_id)
                return _expect(work.aggregates[aggregate_id], kind, what)
        elif not isinstance(version, int) or isinstance(version, bool) or not 0 < version < 2**63:
            raise InvalidValue(f"version must be a positive whole number, got {version!r}")
        found: Aggregate
        try:
            with self._storage("reading"):
                found = self.repository.get(aggregate_id, version=version, projector_func=_project)
        except AggregateNotFoundError:
            at = "" if version is None else f" at version {version}"
            raise NotFound(f"no {what} {aggregate_id}{at}") from None
        aggregate = _expect(found, kind, what)
        if version is not None and aggregate.version != version:
            raise NotFound(
                f"{what} {aggregate_id} has no version {version} (latest {aggregate.version})"
            )
        return aggregate

    # ------------------------------------------------------------------ offices

    def register_office(
        self,
        code: OfficeCode | str,
        *,
        name: str,
        kecamatan: str,
        actor: Actor,
        service_hours: ServiceHours | None = None,
        occurred_at: datetime | None = None,
    ) -> UUID:
        when, recorded = self._stamp(occurred_at)
        office = Office.register(
            code=_office_code(code),
            name=name,
            kecamatan=kecamatan,
            service_hours=service_hours,
            occurred_at=when,
            actor=actor,
            recorded_at=recorded,
        )
        return self._create(office, "office").id

    def set_service_hours(
        self,
        code: OfficeCode | str,
        service_hours: ServiceHours,
        *,
        reason: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_office(
            code,
            lambda o, when, rec: o.set_service_hours(
                service_hours, reason=reason, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def assign_staff(
        self,
        code: OfficeCode | str,
        *,
        nip: Nip | str,
        name: str,
        role: Role | str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        member = StaffMember(nip=_nip(nip), name=name, role=parse_enum(Role, role))
        self._on_office(
            code,
            lambda o, when, rec: o.assign_staff(
                member, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def reassign_staff(
        self,
        code: OfficeCode | str,
        *,
        nip: Nip | str,
        role: Role | str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        new_role = parse_enum(Role, role)
        self._on_office(
            code,
            lambda o, when, rec: o.reassign_staff(
                _nip(nip), new_role, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def remove_staff(
        self,
        code: OfficeCode | str,
        *,
        nip: Nip | str,
        reason: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_office(
            code,
            lambda o, when, rec: o.remove_staff(
                _nip(nip), reason=reason, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def publish_service_standard(
        self,
        code: OfficeCode | str,
        standard: ServiceStandard,
        *,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_office(
            code,
            lambda o, when, rec: o.publish_standard(
                standard, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def record_permission(
        self,
        code: OfficeCode | str,
        *,
        nip: Nip | str,
        kind: PermissionKind | str,
        start: datetime,
        end: datetime,
        reason: str,
        actor: Actor,
        reference: str | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        permission = Permission(
            nip=_nip(nip),
            kind=parse_enum(PermissionKind, kind),
            period=Period(start, end),
            reason=reason,
            reference=reference,
        )
        self._on_office(
            code,
            lambda o, when, rec: o.record_permission(
                permission, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    # ------------------------------------------------------------------ inspections

    def start_inspection(
        self,
        reference: str,
        *,
        office_code: OfficeCode | str,
        team: Team,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> UUID:
        """Start a sidak at a registered office."""
        code = _office_code(office_code)
        self._require(office_id(code), Office, "office")
        when, recorded = self._stamp(occurred_at)
        inspection = Inspection.start(
            reference=reference,
            office_id=office_id(code),
            office_code=code,
            team=team,
            occurred_at=when,
            actor=actor,
            recorded_at=recorded,
        )
        return self._create(inspection, "inspection").id

    def record_observation(
        self, inspection: UUID, observation: Observation, *, actor: Actor
    ) -> int:
        return self._on_inspection(
            inspection,
            lambda i, when, rec: i.record_observation(observation, actor=actor, recorded_at=rec),
            None,
        )

    def record_finding(
        self,
        inspection: UUID,
        *,
        kind: FindingKind | str,
        severity: Severity | str,
        description: str,
        actor: Actor,
        subjects: tuple[Nip, ...] = (),
        observation: int | None = None,
        occurred_at: datetime | None = None,
    ) -> int:
        finding_kind = parse_enum(FindingKind, kind)
        level = parse_enum(Severity, severity)
        return self._on_inspection(
            inspection,
            lambda i, when, rec: i.record_finding(
                kind=finding_kind,
                severity=level,
                description=description,
                subjects=subjects,
                observation=observation,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    def conclude_inspection(
        self, inspection: UUID, *, summary: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_inspection(
            inspection,
            lambda i, when, rec: i.conclude(
                summary=summary, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def amend_finding(
        self,
        inspection: UUID,
        number: int,
        *,
        reason: str,
        actor: Actor,
        severity: Severity | str | None = None,
        description: str | None = None,
        withdraw: bool = False,
        occurred_at: datetime | None = None,
    ) -> None:
        level = None if severity is None else parse_enum(Severity, severity)
        self._on_inspection(
            inspection,
            lambda i, when, rec: i.amend_finding(
                number,
                reason=reason,
                severity=level,
                description=description,
                withdraw=withdraw,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    def refer_finding(
        self,
        inspection: UUID,
        number: int,
        *,
        target: ReferralTarget | str,
        target_id: UUID,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        kind = parse_enum(ReferralTarget, target)
        expected = DisciplinaryCase if kind is ReferralTarget.DISCIPLINARY_CASE else Complaint
        self._require(target_id, expected, kind.value.replace("_", " "))
        self._on_inspection(
            inspection,
            lambda i, when, rec: i.refer_finding(
                number,
                target=kind,
                target_id=target_id,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    # ------------------------------------------------------------------ complaints

    def file_complaint(
        self,
        reference: str,
        *,
        office_code: OfficeCode | str,
        channel: Channel | str,
        subject: str,
        description: str,
        actor: Actor,
        complainant: Complainant | None = None,
        confidential: bool = False,
        service_date: date | None = None,
        occurred_at: datetime | None = None,
        data_subject: UUID | None = None,
    ) -> UUID:
        """File a complaint; the first-response deadline (SP4N-LAPOR!) is set at once.

        With a vault, the complainant and the description are sealed with the key of
        ``data_subject`` (the same citizen's earlier complaints), or of a new random subject.
        """
        code = _office_code(office_code)
        self._require(office_id(code), Office, "office")
        when, recorded = self._stamp(occurred_at)
        response = self._deadline(deadlines.DeadlineKind.COMPLAINT_STATUS_RESPONSE, when)

        def build(description: str | Sealed, complainant: Complainant | Sealed | None) -> Complaint:
            return Complaint.file(
                reference=reference,
                channel=parse_enum(Channel, channel),
                office_id=office_id(code),
                office_code=code,
                subject=subject,
                description=description,
                complainant=complainant,
                confidential=confidential,
                service_date=service_date,
                response_deadline=response,
                occurred_at=when,
                actor=actor,
                recorded_at=recorded,
            )

        # Built in plain text first: a refused complaint must not leave a key behind.
        complaint = build(description, complainant)
        if self.vault is not None:
            if self._exists(complaint.id):
                raise AlreadyExists(f"complaint {complaint.id} is already recorded")
            key, person = self._subject_key(data_subject)
            complaint = build(
                sealing.seal(key, person, description),
                None if complainant is None else sealing.seal(key, person, complainant),
            )
        elif data_subject is not None:
            raise InvalidValue("data_subject needs a service with a key vault")
        return self._create(complaint, "complaint").id

    def acknowledge_complaint(
        self, complaint: UUID, *, message: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.acknowledge(
                message=message, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def classify_complaint(
        self,
        complaint: UUID,
        classification: ComplaintClass | str,
        *,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> Deadline:
        """Classify; the service-level deadline for that class is computed and recorded."""
        kind = parse_enum(ComplaintClass, classification)

        def call(c: Complaint, when: datetime, rec: datetime) -> Deadline:
            due = deadlines.complaint_deadline(
                kind,
                local_date(c.filed_at),
                settings=self.policy,
                on=local_date(when),
            ).to_deadline()
            c.classify(kind, deadline=due, occurred_at=when, actor=actor, recorded_at=rec)
            return due

        return self._on_complaint(complaint, call, occurred_at)

    def forward_complaint(
        self, complaint: UUID, *, to_unit: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.forward(
                to_unit=to_unit, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def respond_to_complaint(
        self, complaint: UUID, *, response: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.respond(
                response=response, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def resolve_complaint(
        self,
        complaint: UUID,
        *,
        resolution: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.resolve(
                resolution=resolution, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def reject_complaint(
        self, complaint: UUID, *, reason: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.reject(
                reason=reason, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def escalate_complaint(
        self,
        complaint: UUID,
        *,
        inspection: UUID,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._require(inspection, Inspection, "inspection")
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.escalate_to_inspection(
                inspection, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def reopen_complaint(
        self, complaint: UUID, *, reason: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_complaint(
            complaint,
            lambda c, when, rec: c.reopen(
                reason=reason, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    # ------------------------------------------------------------------ discipline

    def open_case(
        self,
        case_number: str,
        *,
        nip: Nip | str,
        name: str,
        source: CaseSource,
        breach: Breach,
        actor: Actor,
        office_code: OfficeCode | str | None = None,
        occurred_at: datetime | None = None,
    ) -> UUID:
        code = None if office_code is None else _office_code(office_code)
        if code is not None:
            self._require(office_id(code), Office, "office")
        when, recorded = self._stamp(occurred_at)
        case = DisciplinaryCase.open(
            case_number=case_number,
            nip=_nip(nip),
            name=name,
            source=source,
            breach=breach,
            office_id=None if code is None else office_id(code),
            office_code=code,
            occurred_at=when,
            actor=actor,
            recorded_at=recorded,
        )
        return self._create(case, "disciplinary case").id

    def request_clarification(
        self,
        case: UUID,
        *,
        letter_date: date,
        examination_date: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> int:
        """Summon in writing; the examination must fall within 7 working days of the letter."""

        def call(c: DisciplinaryCase, when: datetime, rec: datetime) -> int:
            letter_deadline = None
            if c.summonses:
                letter_deadline = self._deadline(
                    deadlines.DeadlineKind.SECOND_SUMMONS, c.summonses[-1], on=local_date(when)
                )
            exam_deadline = self._deadline(
                deadlines.DeadlineKind.SUMMONS_EXAMINATION, letter_date, on=local_date(when)
            )
            return c.request_clarification(
                letter_date=letter_date,
                examination_date=examination_date,
                deadline=exam_deadline,
                letter_deadline=letter_deadline,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            )

        return self._on_case(case, call, occurred_at)

    def receive_clarification(
        self, case: UUID, *, statement: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        """Record the civil servant's statement; with a vault, sealed with the case's key."""

        def call(c: DisciplinaryCase, when: datetime, rec: datetime) -> None:
            said: str | Sealed = statement
            if self.vault is not None:
                require_text("statement", statement, 20000)
                c._summoned("receive a clarification")  # refuse before a key is made
                known = self._subjects_of(c.id, pending=c.pending_events)
                known = [s for s in known if self.vault.key(s) is not None]  # erased: a new one
                key, person = self._subject_key(known[0] if known else None)
                said = sealing.seal(key, person, statement)
            c.receive_clarification(statement=said, occurred_at=when, actor=actor, recorded_at=rec)

        self._on_case(case, call, occurred_at)

    def record_no_show(
        self, case: UUID, *, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_case(
            case,
            lambda c, when, rec: c.record_no_show(occurred_at=when, actor=actor, recorded_at=rec),
            occurred_at,
        )

    def record_examination(
        self,
        case: UUID,
        *,
        bap_reference: str,
        signed_by_subject: bool,
        examiners: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_case(
            case,
            lambda c, when, rec: c.record_examination(
                bap_reference=bap_reference,
                signed_by_subject=signed_by_subject,
                examiners=examiners,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    def required_punishment(
        self, case: DisciplinaryCase, on: date
    ) -> PunishmentOutcome | LevelOutcome | None:
        """What the rules require for the case's breach on a date (None when they are silent)."""
        return case.breach.required(on, self.policy)

    def decide_case(
        self,
        case: UUID,
        *,
        outcome: Outcome | str,
        reason: str,
        decided_by: Actor,
        punishment: Punishment | str | None = None,
        legal_basis: LegalBasis | None = None,
        decree: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Decision:
        """Record the decision, with what the rule required and whether it is lighter.

        A decision lighter than the rule requires is still recorded (the official decides), and
        flagged: PP 94/2021 makes the official who punishes too lightly liable.
        """
        result = parse_enum(Outcome, outcome)
        chosen = None if punishment is None else parse_enum(Punishment, punishment)

        def call(c: DisciplinaryCase, when: datetime, rec: datetime) -> Decision:
            required = self.required_punishment(c, local_date(when))
            basis, rule, required_p, assessment = legal_basis, None, None, None
            if required is not None:
                check = check_decision(
                    required, chosen, on=local_date(when), settings=self.policy
                )
                rule, assessment = required.rule, check.assessment
                required_p = getattr(required, "punishment", None)
                if basis is None and chosen is not None:
                    basis = required.citation
            decision = Decision(
                outcome=result,
                reason=reason,
                decided_by=decided_by,
                punishment=chosen,
                legal_basis=basis,
                rule=rule,
                required=required_p,
                assessment=assessment,
                decree=decree,
            )
            c.decide(decision, occurred_at=when, actor=decided_by, recorded_at=rec)
            return decision

        return self._on_case(case, call, occurred_at)

    def deliver_decision(
        self,
        case: UUID,
        *,
        delivered_on: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Record delivery; sets the delivery check, the objection window and the effect date."""

        def call(c: DisciplinaryCase, when: datetime, rec: datetime) -> None:
            on = local_date(when)
            delivery = None
            if c.decided_on is not None:
                delivery = self._deadline(
                    deadlines.DeadlineKind.DECISION_DELIVERY, c.decided_on, on=on
                )
            objection = effective = None
            if c.decision is not None and c.decision.punishment is not None:
                kind = (
                    deadlines.DeadlineKind.APPEAL
                    if c.decision.punishment is Punishment.PDH
                    else deadlines.DeadlineKind.OBJECTION
                )
                objection = self._deadline(kind, delivered_on, on=on)
                effective = self._deadline(
                    deadlines.DeadlineKind.PUNISHMENT_EFFECTIVE, delivered_on, on=on
                )
            c.deliver_decision(
                delivered_on=delivered_on,
                delivery_deadline=delivery,
                objection_deadline=objection,
                effective=effective,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            )

        self._on_case(case, call, occurred_at)

    def file_objection(
        self,
        case: UUID,
        *,
        kind: ObjectionKind | str,
        filed_on: date,
        grounds: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        objection = parse_enum(ObjectionKind, kind)
        self._on_case(
            case,
            lambda c, when, rec: c.file_objection(
                kind=objection,
                filed_on=filed_on,
                grounds=grounds,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    def decide_objection(
        self,
        case: UUID,
        *,
        outcome: ObjectionOutcome | str,
        reason: str,
        actor: Actor,
        punishment: Punishment | str | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        result = parse_enum(ObjectionOutcome, outcome)
        new = None if punishment is None else parse_enum(Punishment, punishment)
        self._on_case(
            case,
            lambda c, when, rec: c.decide_objection(
                outcome=result,
                reason=reason,
                punishment=new,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    def start_punishment(
        self,
        case: UUID,
        *,
        effective_from: date,
        actor: Actor,
        until: date | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_case(
            case,
            lambda c, when, rec: c.start_punishment(
                effective_from=effective_from,
                until=until,
                occurred_at=when,
                actor=actor,
                recorded_at=rec,
            ),
            occurred_at,
        )

    def complete_punishment(
        self,
        case: UUID,
        *,
        completed_on: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._on_case(
            case,
            lambda c, when, rec: c.complete_punishment(
                completed_on=completed_on, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    def close_case(
        self, case: UUID, *, reason: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        self._on_case(
            case,
            lambda c, when, rec: c.close(
                reason=reason, occurred_at=when, actor=actor, recorded_at=rec
            ),
            occurred_at,
        )

    # ------------------------------------------------------------------ personal data

    def _require_vault(self) -> KeyVault:
        if self.vault is None:
            raise InvalidValue(
                'this service has no key vault; open it with vault="store" to reveal or erase'
            )
        return self.vault

    def _subject_key(self, subject: UUID | None) -> tuple[bytes, UUID]:
        vault = self._require_vault()
        if subject is None:
            # Random, not derived from the person: the id alone reveals nothing after erasure.
            subject = uuid.uuid4()
            return vault.create(subject), subject
        if not isinstance(subject, UUID):
            raise InvalidValue(f"data_subject must be a UUID, got {subject!r}")
        key = vault.key(subject)
        if key is None:
            raise InvalidValue(f"data subject {subject} was erased; record under a new subject")
        return key, subject

    def _subjects_of(self, record: UUID, pending: Iterable[object] = ()) -> list[UUID]:
        found: list[UUID] = []
        with self._storage("reading"):
            events = [self.mapper.to_domain_event(r) for r in self.recorder.select_events(record)]
        for event in [*events, *pending]:
            for value in vars(event).values():
                if isinstance(value, Sealed) and value.subject not in found:
                    found.append(value.subject)
        return found

    def data_subjects(self, record: UUID) -> list[UUID]:
        """The data subjects whose sealed personal data a record (complaint, case) carries."""
        if not isinstance(record, UUID):
            raise InvalidValue(f"record must be a UUID, got {record!r}")
        return self._subjects_of(record)

    def reveal(self, value: Any) -> Any:
        """A sealed value's plaintext (text or :class:`Complainant`), or :class:`Erased`.

        Anything that is not sealed is returned as it is, so ``reveal(event.statement)`` works
        on stores written with and without a vault.
        """
        if not isinstance(value, Sealed):
            return value
        return sealing.reveal(self._require_vault(), value)

    def erase_subject(self, subject: UUID, *, actor: Actor, reason: str) -> Erasure:
        """Destroy the subject's key: their sealed data becomes unreadable, everywhere, for good.

        The events stay as they are (so integrity checks still verify) and keep saying that a
        complaint was filed or a clarification received; only the personal data is gone. The
        erasure is recorded with who, when and why.
        """
        if not isinstance(subject, UUID):
            raise InvalidValue(f"subject must be a UUID, got {subject!r}")
        return self._require_vault().erase(subject, actor=actor, reason=reason, at=self.clock.now())

    # ------------------------------------------------------------------ helpers

    def _deadline(
        self, kind: deadlines.DeadlineKind, start: date | datetime, *, on: date | None = None
    ) -> Deadline:
        day = local_date(start) if isinstance(start, datetime) else start
        return deadlines.deadline(kind, day, settings=self.policy, on=on or day).to_deadline()

    def head(self) -> int:
        """The position of the newest event in the notification log (0 when empty)."""
        with self._storage("reading"):
            return self.recorder.max_notification_id() or 0

    def describe(self) -> dict[str, Any]:
        return {"store": self.location.display, "engine": self.location.engine, "head": self.head()}


def _expect(found: Aggregate, kind: type[A], what: str) -> A:
    if not isinstance(found, kind):
        raise NotFound(f"{found.id} is a {type(found).__name__}, not a {what}")
    return found


def _scrub(error: BaseException, env: Mapping[str, str]) -> str:
    """The error's first line, with the password cut out should a driver ever include it."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    password = env.get("POSTGRES_PASSWORD", "")
    return text.replace(password, "***") if password else text


def retry_on_conflict(command: Callable[[], T], *, attempts: int = 5) -> T:
    """Run ``command`` again (it must load afresh) while it raises :class:`ConcurrencyConflict`.

    ``command`` is a zero-argument callable issuing one service command, e.g.
    ``retry_on_conflict(lambda: service.record_no_show(case, actor=clerk))``. Every service
    command loads the aggregate itself, so a retry always works on the latest version.
    """
    if attempts < 1:
        raise InvalidValue("attempts must be at least 1")
    for attempt in range(1, attempts + 1):
        try:
            return command()
        except ConcurrencyConflict:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
