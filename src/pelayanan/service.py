"""ComplianceService: the one door for commands, the queries, and the privacy verbs.

Every command is *load, call, save*: load the record, call its method (which validates and
records events, or raises and records nothing), save it in one transaction. The ``with
self._changing(...)`` block is exactly that (storage/application.py holds the machinery: batches,
warm aggregates, snapshots, the store's failures). Which deadline, rule and assessment a fact gets
is decided by :mod:`pelayanan.policy.procedure`, the module the decisions audit re-checks with,
and recorded in the events with the rule id, version and citation.

Given a key vault (``vault="store"``), the service seals personal data (a complainant's identity
and description, a civil servant's statement) with the data subject's own key before it enters
an event; :meth:`ComplianceService.reveal` opens it and :meth:`ComplianceService.erase_subject`
destroys the key (docs/privacy.md). A store that cannot be reached raises :class:`StorageError`
with the redacted location, never the driver's exception or the password.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Literal, TypeVar
from uuid import UUID

from pelayanan.clock import Clock
from pelayanan.domain.complaint import Complainant, Complaint, complaint_id
from pelayanan.domain.discipline import (
    Breach,
    CaseSource,
    Decision,
    DeliveryMethod,
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
from pelayanan.domain.organisation import Official, Organisation
from pelayanan.domain.settings import CitySettings, settings_id
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
    ProviderSanction,
    Punishment,
    Role,
    ServiceHours,
    Severity,
    local_date,
    parse_enum,
    require_count,
    require_text,
)
from pelayanan.policy import procedure, provider, punishment
from pelayanan.policy.config import CityConfig, config_from_content
from pelayanan.policy.deadlines import DeadlineOutcome
from pelayanan.policy.parameters import PolicySettings
from pelayanan.privacy.sealed import Sealed
from pelayanan.privacy.subjects import DataSubjects
from pelayanan.privacy.vault import Erasure, KeyVault
from pelayanan.storage import lookup
from pelayanan.storage.application import PelayananApplication

T = TypeVar("T")


def _office_code(code: OfficeCode | str) -> OfficeCode:
    if isinstance(code, OfficeCode):
        return code
    # Callers pass the same few codes all day; a value is immutable, so one parse serves.
    return _parsed_office_code(code) if type(code) is str else OfficeCode(code)


@functools.lru_cache(maxsize=1 << 12)
def _parsed_office_code(code: str) -> OfficeCode:
    return OfficeCode(code)


def _office(code: OfficeCode | str) -> UUID:
    return office_id(_office_code(code))


def _nip(nip: Nip | str) -> Nip:
    if isinstance(nip, Nip):
        return nip
    return _parsed_nip(nip) if type(nip) is str else Nip(nip)


@functools.lru_cache(maxsize=1 << 14)
def _parsed_nip(nip: str) -> Nip:
    return Nip(nip)


def _recorded(outcome: DeadlineOutcome | None) -> Deadline | None:
    return None if outcome is None else outcome.to_deadline()


class ComplianceService(PelayananApplication):
    """Records compliance facts as events and reads records back.

    Construct with :meth:`open` (a ``--db`` string) or with an eventsourcing ``env`` mapping.
    With neither, events are kept in an in-memory SQLite database.
    """

    name = "ComplianceService"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        clock: Clock | None = None,
        policy: PolicySettings | None = None,
        vault: KeyVault | Literal["store"] | None = None,
        warm_aggregates: int = 1000,
        organisation: Organisation | None = None,
        config: CityConfig | None = None,
    ) -> None:
        """``vault``: where data subjects' keys live; ``"store"`` means this store's database.

        Without a vault personal data is recorded in plain text (and sealed values already in
        the store stay sealed), except in a store that keeps subject keys: there recording
        personal data without the vault is refused (:class:`PersonalDataUnsealed`). Whole-store
        encryption at rest is eventsourcing's own setting: ``CIPHER_TOPIC=
        eventsourcing.cryptography:AESCipher`` and ``CIPHER_KEY`` in ``env`` or the environment.

        ``warm_aggregates``: how many recently saved records to keep for the next command
        (0 keeps none; an office with a month of permissions is tens of kilobytes).

        ``organisation``: the city's positions and who holds them. With it, every punishment is
        decided by an :class:`Official` whose authority ``pp94.punishing_authority`` grants,
        and the decision records that grant; without it, authority is not checked.

        ``config``: a city's configuration file as read (:mod:`pelayanan.policy.config`): its
        settings and organisation are used (instead of ``policy``, which may not be given too).
        :meth:`open` records it as the settings in force when it differs from the record.
        """
        if config is not None and policy is not None:
            raise InvalidValue("give the settings as policy or as config, not both")
        self.policy = config.settings if config is not None else (policy or PolicySettings())
        self.organisation = organisation or (config.organisation if config else None)
        super().__init__(env, clock=clock, warm_aggregates=warm_aggregates)
        self._subjects = DataSubjects(self, vault)

    def use_organisation(self, organisation: Organisation | None) -> None:
        """Check punishments against ``organisation`` from now on in this process; None stops
        the checks. Records nothing: another reader of the store (the audit, another server)
        does not learn of it. A city's positions go on the record with its settings
        (:meth:`apply_config`, :func:`pelayanan.policy.config.with_organisation`)."""
        if organisation is not None and not isinstance(organisation, Organisation):
            raise InvalidValue(f"organisation must be an Organisation, got {organisation!r}")
        self.organisation = organisation

    @property
    def vault(self) -> KeyVault | None:
        return self._subjects.vault

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
        organisation: Organisation | None = None,
        config: CityConfig | None = None,
    ) -> ComplianceService:
        """Open (or create) the store named by a ``--db`` string.

        ``env`` adds eventsourcing settings to those the string implies, e.g. ``CIPHER_TOPIC``
        and ``CIPHER_KEY`` for encryption at rest; it cannot change the database itself.
        ``read_only``: the store must exist and is opened so that nothing can be written
        (what checking commands use; see :mod:`pelayanan.storage.readonly`).
        ``config``: the city's configuration; unless ``read_only``, recorded as the settings
        in force when it differs from them (:meth:`apply_config`). With neither ``config`` nor
        ``policy``, the settings in force on the record (if any) are used.
        """
        service = cls._open_store(
            db,
            must_exist=must_exist,
            read_only=read_only,
            env=env,
            clock=clock,
            policy=policy,
            vault=vault,
            warm_aggregates=warm_aggregates,
            organisation=organisation,
            config=config,
        )
        try:
            if config is not None and not read_only:
                service.apply_config(config)
            elif config is None and policy is None:
                recorded = service.settings_in_force()
                if recorded is not None:
                    service.policy = recorded.settings
                    service.organisation = organisation or recorded.organisation
        except BaseException:
            service.close()
            raise
        return service

    # ------------------------------------------------------------------ the city's settings

    def settings_record(self) -> CitySettings | None:
        """The record of the city's settings changes (None before the first)."""
        try:
            return self._get(settings_id(), CitySettings, None)
        except NotFound:
            return None

    def settings_in_force(self) -> CityConfig | None:
        """The settings in force on the record (None when no change is recorded)."""
        record = self.settings_record()
        if record is None or record.digest is None:
            return None
        return config_from_content(record.content, decree=record.decree or "")

    def apply_config(self, config: CityConfig, *, occurred_at: datetime | None = None) -> bool:
        """Use ``config``'s settings and organisation, and record them as the settings in force
        (who and on which decree, from the file) unless they already are; True when recorded."""
        self.policy = config.settings
        self.organisation = config.organisation or self.organisation
        record = self.settings_record()
        if record is not None and record.digest == config.digest:
            return False
        actor = Actor(name=config.changed_by, role=config.role)
        at = self._now(occurred_at)
        if record is None:
            record = CitySettings.establish(
                occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )
        record.change(
            dict(config.content),
            digest=config.digest,
            decree=config.decree,
            occurred_at=at.occurred,
            actor=actor,
            recorded_at=at.recorded,
        )
        try:
            self._save(record)
        except (AlreadyExists, ConcurrencyConflict):
            # Several server processes starting with one file: one of them recorded it first.
            now = self.settings_record()
            if now is None or now.digest != config.digest:
                raise
            return False
        return True

    # ------------------------------------------------------------------ queries

    def get_office(self, code: OfficeCode | str | UUID, *, version: int | None = None) -> Office:
        """An office by its code (or its id)."""
        oid = code if isinstance(code, UUID) else _office(code)
        return self._get(oid, Office, version, asked=code)

    def get_inspection(self, inspection: UUID | str, *, version: int | None = None) -> Inspection:
        """A sidak by its reference (or its id)."""
        iid = inspection if isinstance(inspection, UUID) else inspection_id(inspection)
        return self._get(iid, Inspection, version, asked=inspection)

    def get_complaint(self, complaint: UUID | str, *, version: int | None = None) -> Complaint:
        """A complaint by its reference (or its id)."""
        cid = complaint if isinstance(complaint, UUID) else complaint_id(complaint)
        return self._get(cid, Complaint, version, asked=complaint)

    def get_case(self, case: UUID | str, *, version: int | None = None) -> DisciplinaryCase:
        """A disciplinary case by its id, its case number, or the NIP of a civil servant with
        one case (:class:`AmbiguousReference` lists them when there are several)."""
        if isinstance(case, UUID):
            return self._get(case, DisciplinaryCase, version)
        try:
            cid = UUID(case)
        except ValueError:
            with self._reading:
                cid = lookup.one_case(self, case).id
        return self._get(cid, DisciplinaryCase, version, asked=case)

    def find_cases(self, name: str) -> list[lookup.CaseRef]:
        """Every case recorded with this case number, or every case of this NIP (a pass over
        the log's case openings)."""
        with self._reading:
            return lookup.find_cases(self, name)

    def required_punishment(
        self, case: DisciplinaryCase, on: date
    ) -> punishment.PunishmentOutcome | punishment.LevelOutcome | None:
        """What the rules require for the case's breach on a date (None when they are silent)."""
        return case.breach.required(on, self.policy)

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
        at = self._now(occurred_at)
        office = Office.register(
            code=_office_code(code),
            name=name,
            kecamatan=kecamatan,
            service_hours=service_hours,
            occurred_at=at.occurred,
            actor=actor,
            recorded_at=at.recorded,
        )
        return self._create(office, asked=office.code).id

    def set_service_hours(
        self,
        code: OfficeCode | str,
        service_hours: ServiceHours,
        *,
        reason: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        with self._changing(_office(code), Office, occurred_at, asked=code) as (office, at):
            office.set_service_hours(
                service_hours,
                reason=reason,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
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
        member = StaffMember(nip=_nip(nip), name=name, role=role)
        with self._changing(_office(code), Office, occurred_at, asked=code) as (office, at):
            office.assign_staff(
                member, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
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
        with self._changing(_office(code), Office, occurred_at, asked=code) as (office, at):
            office.reassign_staff(
                _nip(nip), role, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
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
        with self._changing(_office(code), Office, occurred_at, asked=code) as (office, at):
            office.remove_staff(
                _nip(nip),
                reason=reason,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def publish_service_standard(
        self,
        code: OfficeCode | str,
        standard: ServiceStandard,
        *,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        with self._changing(_office(code), Office, occurred_at, asked=code) as (office, at):
            office.publish_standard(
                standard, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
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
            kind=kind,
            period=Period(start, end),
            reason=reason,
            reference=reference,
        )
        with self._changing(_office(code), Office, occurred_at, asked=code) as (office, at):
            office.record_permission(
                permission, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def sanction_provider(
        self,
        code: OfficeCode | str,
        *,
        reference: str,
        nip: Nip | str,
        reason: str,
        actor: Actor,
        sanction: ProviderSanction | str = ProviderSanction.TEGURAN_TERTULIS,
        follows: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Deadline | None:
        """Record a UU 25/2009 Pasal 54 sanction on a pelaksana of the office (the provider
        track: not a PP 94/2021 punishment, no authority table, no examination). A teguran
        tertulis returns the day the failure must be fixed by (``uu25.provider_sanction``);
        pembebasan dari jabatan ``follows`` a teguran left unfixed past that day."""
        with self._changing(_office(code), Office, occurred_at) as (office, at):
            day = local_date(at.occurred)
            terms = provider.provider_sanction(sanction, day, self.policy)
            due = procedure.provider_sanctioned(sanction, day, settings=self.policy).fix_by
            fix_by = None if due is None else due.fix_deadline()
            office.sanction_provider(
                reference=reference,
                sanction=terms.sanction,
                nip=_nip(nip),
                reason=reason,
                rule=terms.rule,
                legal_basis=terms.citation,
                fix_by=fix_by,
                follows=follows,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )
            return fix_by

    def record_provider_fix(
        self,
        code: OfficeCode | str,
        *,
        reference: str,
        fixed_on: date,
        note: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Record that the failure named in the teguran tertulis ``reference`` was fixed."""
        with self._changing(_office(code), Office, occurred_at) as (office, at):
            office.record_provider_fix(
                reference=reference,
                fixed_on=fixed_on,
                note=note,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
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
        self._require(office_id(code), Office, asked=code)
        at = self._now(occurred_at)
        inspection = Inspection.start(
            reference=reference,
            office_id=office_id(code),
            office_code=code,
            team=team,
            occurred_at=at.occurred,
            actor=actor,
            recorded_at=at.recorded,
        )
        return self._create(inspection, asked=inspection.reference).id

    def record_observation(
        self, inspection: UUID, observation: Observation, *, actor: Actor
    ) -> int:
        with self._changing(inspection, Inspection, None) as (sidak, at):
            return sidak.record_observation(observation, actor=actor, recorded_at=at.recorded)

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
        with self._changing(inspection, Inspection, occurred_at) as (sidak, at):
            return sidak.record_finding(
                kind=kind,
                severity=severity,
                description=description,
                subjects=subjects,
                observation=observation,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def conclude_inspection(
        self, inspection: UUID, *, summary: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(inspection, Inspection, occurred_at) as (sidak, at):
            sidak.conclude(
                summary=summary, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
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
        with self._changing(inspection, Inspection, occurred_at) as (sidak, at):
            sidak.amend_finding(
                number,
                reason=reason,
                severity=severity,
                description=description,
                withdraw=withdraw,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
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
        self._require(
            target_id, DisciplinaryCase if kind is ReferralTarget.DISCIPLINARY_CASE else Complaint
        )
        with self._changing(inspection, Inspection, occurred_at) as (sidak, at):
            sidak.refer_finding(
                number,
                target=kind,
                target_id=target_id,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
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
        self._require(office_id(code), Office, asked=code)
        at = self._now(occurred_at)
        due = procedure.complaint_filed(at.occurred, settings=self.policy)

        def complaint(text: str | Sealed, person: Complainant | Sealed | None) -> Complaint:
            return Complaint.file(
                reference=reference,
                channel=channel,
                office_id=office_id(code),
                office_code=code,
                subject=subject,
                description=text,
                complainant=person,
                confidential=confidential,
                service_date=service_date,
                response_deadline=due.response_deadline.to_deadline(),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

        # Built in plain text first: a refused complaint must not leave a key behind.
        filed = complaint(description, complainant)
        if self.vault is None:
            if data_subject is not None:
                raise InvalidValue("data_subject needs a service with a key vault")
            self._subjects.refuse_plain_text("a complaint")
            return self._create(filed, asked=filed.reference).id
        # Asked before a key is made: a refused complaint must not leave a key behind.
        if self._exists(filed.id):
            raise AlreadyExists(f"complaint {filed.reference} is already recorded")
        key, person = self._subjects.key(data_subject)
        sealed = complaint(
            self._subjects.seal(key, person, description),
            None if complainant is None else self._subjects.seal(key, person, complainant),
        )
        return self._create(sealed, asked=sealed.reference).id

    def acknowledge_complaint(
        self, complaint: UUID, *, message: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.acknowledge(
                message=message, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
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
        kind = parse_enum(ComplaintClass, classification)  # the rule is chosen by the class
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            due = procedure.complaint_classified(
                c, kind, on=local_date(at.occurred), settings=self.policy
            ).deadline.to_deadline()
            c.classify(
                kind, deadline=due, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )
            return due

    def forward_complaint(
        self, complaint: UUID, *, to_unit: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.forward(
                to_unit=to_unit, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def respond_to_complaint(
        self, complaint: UUID, *, response: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.respond(
                response=response, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def resolve_complaint(
        self,
        complaint: UUID,
        *,
        resolution: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.resolve(
                resolution=resolution, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def reject_complaint(
        self, complaint: UUID, *, reason: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.reject(reason=reason, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded)

    def escalate_complaint(
        self,
        complaint: UUID,
        *,
        inspection: UUID,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        self._require(inspection, Inspection)
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.escalate_to_inspection(
                inspection, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def reopen_complaint(
        self, complaint: UUID, *, reason: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(complaint, Complaint, occurred_at) as (c, at):
            c.reopen(reason=reason, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded)

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
            self._require(office_id(code), Office, asked=code)
        at = self._now(occurred_at)
        case = DisciplinaryCase.open(
            case_number=case_number,
            nip=_nip(nip),
            name=name,
            source=source,
            breach=breach,
            office_id=None if code is None else office_id(code),
            office_code=code,
            occurred_at=at.occurred,
            actor=actor,
            recorded_at=at.recorded,
        )
        return self._create(case, asked=f"{case.case_number} (NIP {case.nip.masked})").id

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
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            due = procedure.clarification_requested(
                c, letter_date, on=local_date(at.occurred), settings=self.policy
            )
            return c.request_clarification(
                letter_date=letter_date,
                examination_date=examination_date,
                deadline=due.deadline.to_deadline(),
                letter_deadline=_recorded(due.letter_deadline),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def receive_clarification(
        self, case: UUID, *, statement: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        """Record the civil servant's statement; with a vault, sealed with the case's key."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            said: str | Sealed = statement
            if self.vault is None:
                self._subjects.refuse_plain_text("a clarification")
            else:
                require_text("statement", statement, 20000)
                c.require_summons("receive a clarification")  # refuse before a key is made
                known = self._subjects.of(c.id, pending=c.pending_events)
                known = [s for s in known if self.vault.key(s) is not None]  # erased: a new one
                key, person = self._subjects.key(known[0] if known else None)
                said = self._subjects.seal(key, person, statement)
            c.receive_clarification(
                statement=said, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def record_no_show(
        self, case: UUID, *, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.record_no_show(occurred_at=at.occurred, actor=actor, recorded_at=at.recorded)

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
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.record_examination(
                bap_reference=bap_reference,
                signed_by_subject=signed_by_subject,
                examiners=examiners,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def form_tim_pemeriksa(
        self,
        case: UUID,
        *,
        decree: str,
        members: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Record the decree forming a tim pemeriksa (atasan langsung, supervision unit,
        personnel unit), which then examines."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.form_tim_pemeriksa(
                decree=decree,
                members=members,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def record_statement(
        self,
        case: UUID,
        *,
        given_by: str,
        reference: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Record a statement taken from another party, by role, and where it is kept."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.record_statement(
                given_by=given_by,
                reference=reference,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def give_bap_copy(
        self, case: UUID, *, given_on: date, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        """Record that the PNS received a copy of the BAP."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.give_bap_copy(
                given_on=given_on, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded
            )

    def report_bap(
        self,
        case: UUID,
        *,
        reported_by: Official,
        expected: Punishment | str | None = None,
        occurred_at: datetime | None = None,
    ) -> procedure.BapReport:
        """The atasan langsung who examined reports the BAP up the hierarchy, because the
        punishment expected (``expected``; by default what the breach's rule requires, or the
        lightest of its level, on the examination's day) is beyond the atasan's own authority.

        Needs an organisation. Refused with :class:`NotTheAtasan` when ``reported_by`` is not the
        PNS's atasan langsung, and :class:`ReportNotNeeded` when the atasan may impose the
        punishment itself (then it decides). Not reporting in time is flagged by ``audit
        decisions`` (``bap_not_reported``; ``perbkn6.bap_report``).
        """
        if not isinstance(reported_by, Official):
            raise InvalidValue(f"reported_by must be an Official, got {reported_by!r}")
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            on = local_date(at.occurred)
            if expected is not None:
                punishment_expected: Punishment | None = parse_enum(Punishment, expected)
            else:
                punishment_expected = procedure.expected_punishment(
                    c.breach, c.examined_on or on, self.policy
                )
            if punishment_expected is None:
                raise InvalidValue(
                    f"case {c.case_number}: the rules set no punishment for its breach; name the "
                    "punishment expected"
                )
            report = procedure.bap_report(
                c.nip,
                punishment_expected,
                official=reported_by,
                organisation=self.organisation,
                on=on,
                settings=self.policy,
            )
            c.report_bap(
                reported_by=report.reported_by,
                reported_to=report.reported_to,
                expected=report.expected,
                rule=report.rule,
                occurred_at=at.occurred,
                actor=reported_by.actor,
                recorded_at=at.recorded,
            )
            return report

    def decide_case(
        self,
        case: UUID,
        *,
        outcome: Outcome | str,
        reason: str,
        decided_by: Actor | Official,
        punishment: Punishment | str | None = None,
        legal_basis: LegalBasis | None = None,
        decree: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Decision:
        """Record the decision, with what the rule required and whether it is lighter.

        A decision lighter than the rule requires is still recorded (the official decides), and
        flagged: PP 94/2021 makes the official who punishes too lightly liable. A punishment
        needs the examination first (or two no-shows), a tim pemeriksa's where its level needs
        one; with an organisation, ``decided_by`` is an :class:`Official` whose authority is
        checked (:class:`NoAuthority` names the rule) and the grant is recorded before the decision
        (``DisciplinaryCase.authority``).
        """
        result = parse_enum(Outcome, outcome)
        chosen = None if punishment is None else parse_enum(Punishment, punishment)
        official = decided_by if isinstance(decided_by, Official) else None
        actor = decided_by.actor if isinstance(decided_by, Official) else decided_by
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            on = local_date(at.occurred)
            review = procedure.review_decision(c.breach, chosen, on=on, settings=self.policy)
            conditions = procedure.decision_conditions(
                chosen if result is Outcome.PUNISHMENT else None,
                nip=c.nip,
                official=official,
                organisation=self.organisation,
                on=on,
                settings=self.policy,
            )
            decision = Decision(
                outcome=result,
                reason=reason,
                decided_by=actor,
                punishment=chosen,
                legal_basis=review.legal_basis(chosen) if legal_basis is None else legal_basis,
                rule=review.rule,
                required=review.required,
                assessment=review.assessment,
                decree=decree,
            )
            c.decide(
                decision,
                occurred_at=at.occurred,
                actor=actor,
                tim_required=conditions.tim_required,
                authority=conditions.authority,
                recorded_at=at.recorded,
            )
            return decision

    def release_temporarily(
        self,
        case: UUID,
        *,
        released_from: date,
        acting_official: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Pembebasan sementara: the atasan frees the PNS from duties from ``released_from``
        (the examination having begun) until the decree, with ``acting_official`` (the Plh) in
        the post; the PNS keeps their rights. Refused (:class:`TemporaryReleaseRefused`) where
        ``pp94.temporary_release`` does not allow it for the punishment the breach is expected
        to get (berat) or before the examination has begun. It ends when the decree is set, or
        when the case closes without one."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            check = procedure.temporary_release(
                c, on=local_date(at.occurred), settings=self.policy
            )
            c.release_temporarily(
                released_from=released_from,
                acting_official=acting_official,
                expected_level=check.expected,
                allowed=check.allowed,
                grounds=check.to_grounds(),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def stop_pay(
        self,
        case: UUID,
        *,
        ordered_on: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> date:
        """The budget holder (``actor``) stops the PNS's pay before the decree, from the month
        after ``ordered_on``; returns that day. Refused (:class:`PayStopRefused`) where the run
        of consecutive working days absent the case records is under ``pp94.pay_stop``'s
        threshold (a parameter)."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            check = procedure.pay_stop(
                c, ordered_on, on=local_date(at.occurred), settings=self.policy
            )
            c.stop_pay(
                ordered_on=ordered_on,
                stops_from=check.stops_from,
                threshold=check.threshold,
                grounds=check.to_grounds(),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )
            return check.stops_from

    def reinstate_pay(
        self,
        case: UUID,
        *,
        returned_on: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Pay stopped before the decree is reinstated: the PNS returned on ``returned_on``."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            check = procedure.pay_reinstated(returned_on, on=local_date(at.occurred))
            c.reinstate_pay(
                returned_on=returned_on,
                grounds=check.to_grounds(),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def set_decree(
        self,
        case: UUID,
        *,
        number: str,
        set_on: date,
        actor: Actor,
        set_by: Actor | Official | None = None,
        copies_to: tuple[str, ...] | list[str] = (),
        occurred_at: datetime | None = None,
    ) -> None:
        """Record the decree setting the punishment decided: its number, the day it was set,
        who set it (default: the official who decided), to whom copies go; it carries the
        authority recorded for the decision. The delivery's time limit counts from ``set_on``,
        and a pembebasan sementara ends with it."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            if set_by is None:
                signer = c.decision.decided_by if c.decision is not None else actor
            else:
                signer = set_by.actor if isinstance(set_by, Official) else set_by
            c.set_decree(
                number=number,
                set_on=set_on,
                set_by=signer,
                copies_to=copies_to,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def summon_to_receive_decree(
        self,
        case: UUID,
        *,
        letter_date: date,
        receive_on: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """Summon the PNS in writing to receive the decree on ``receive_on``."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.summon_to_receive(
                letter_date=letter_date,
                receive_on=receive_on,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def send_decree(
        self,
        case: UUID,
        *,
        sent_on: date,
        dispatch_reference: str,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        """The PNS did not come on the day the summons named: the decree is sent to the last
        known address (``dispatch_reference``: the dispatch record, e.g. the post's receipt)."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.send_decree(
                sent_on=sent_on,
                dispatch_reference=dispatch_reference,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def deliver_decision(
        self,
        case: UUID,
        *,
        delivered_on: date,
        actor: Actor,
        method: DeliveryMethod | str = DeliveryMethod.IN_PERSON,
        occurred_at: datetime | None = None,
    ) -> None:
        """Record that the PNS received the decree on ``delivered_on`` (in person, or
        ``method="sent"`` after :meth:`send_decree`); sets the delivery check, the objection
        window and the effect date, counted from that day."""
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            due = procedure.decision_delivered(
                c, delivered_on, on=local_date(at.occurred), settings=self.policy
            )
            c.deliver_decision(
                delivered_on=delivered_on,
                delivery_deadline=_recorded(due.delivery_deadline),
                objection_deadline=_recorded(due.objection_deadline),
                effective=_recorded(due.effective),
                method=method,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

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
        """Record a keberatan (any punishment but dismissal) or a banding administratif (a
        dismissal), PP 79/2021, with the deciding body's window.

        Refused, nothing written: :class:`NotAppealable` (no delivered punishment, one already
        filed, or a level the settings close), :class:`WrongAppealRoute`, and
        :class:`FilingWindowClosed` after the filing window.
        """
        chosen = parse_enum(ObjectionKind, kind)
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            on = local_date(at.occurred)
            if c.delivered_on is not None and c.objection is None:
                procedure.require_appealable(c.punishment, on=on, settings=self.policy)
            due = procedure.objection_filed(chosen.value, filed_on, on=on, settings=self.policy)
            c.file_objection(
                kind=chosen,
                filed_on=filed_on,
                grounds=grounds,
                decision_deadline=_recorded(due.decision_deadline),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def decide_objection(
        self,
        case: UUID,
        *,
        outcome: ObjectionOutcome | str,
        reason: str,
        actor: Actor,
        punishment: Punishment | str | None = None,
        decided_by: Official | None = None,
        occurred_at: datetime | None = None,
    ) -> None:
        """Record the decision on the pending keberatan or banding: upheld, changed (to a
        lighter punishment; a heavier one only where ``pp79.heavier_change_allowed``), or
        annulled.

        ``decided_by``: for a keberatan, the official deciding; with an organisation it must be
        the superior of the official who imposed the punishment (:class:`WrongAppealBody`). A
        banding is decided by BPASN, so no city official is named. A decision after the body's
        window is recorded and flagged late. The punishment that stands takes effect from the
        day the rule counts from this decision.
        """
        result = parse_enum(ObjectionOutcome, outcome)
        chosen = None if punishment is None else parse_enum(Punishment, punishment)
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            on = local_date(at.occurred)
            body = None
            if c.objection_pending and c.objection is not None:
                body = procedure.objection_body(
                    c.objection.value, c, official=decided_by, organisation=self.organisation
                )
                if (
                    result is ObjectionOutcome.CHANGED
                    and chosen is not None
                    and c.punishment is not None
                    and chosen != c.punishment
                ):
                    procedure.objection_change(c.punishment, chosen, on=on, settings=self.policy)
            standing = {
                ObjectionOutcome.UPHELD: c.punishment,
                ObjectionOutcome.CHANGED: chosen,
                ObjectionOutcome.ANNULLED: None,
            }[result]
            due = procedure.objection_decided(standing, on, on=on, settings=self.policy)
            c.decide_objection(
                outcome=result,
                reason=reason,
                punishment=chosen,
                body=body,
                effective=_recorded(due.effective),
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
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
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.start_punishment(
                effective_from=effective_from,
                until=until,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def complete_punishment(
        self,
        case: UUID,
        *,
        completed_on: date,
        actor: Actor,
        occurred_at: datetime | None = None,
    ) -> None:
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.complete_punishment(
                completed_on=completed_on,
                occurred_at=at.occurred,
                actor=actor,
                recorded_at=at.recorded,
            )

    def close_case(
        self, case: UUID, *, reason: str, actor: Actor, occurred_at: datetime | None = None
    ) -> None:
        with self._changing(case, DisciplinaryCase, occurred_at) as (c, at):
            c.close(reason=reason, occurred_at=at.occurred, actor=actor, recorded_at=at.recorded)

    # ------------------------------------------------------------------ personal data

    def data_subjects(self, record: UUID) -> list[UUID]:
        """The data subjects whose sealed personal data a record (complaint, case) carries."""
        if not isinstance(record, UUID):
            raise InvalidValue(f"record must be a UUID, got {record!r}")
        return self._subjects.of(record)

    def reveal(self, value: Any) -> Any:
        """A sealed value's plaintext (text or :class:`Complainant`), or :class:`Erased`.

        Anything that is not sealed is returned as it is, so ``reveal(event.statement)`` works
        on stores written with and without a vault.
        """
        return self._subjects.reveal(value)

    def erase_subject(self, subject: UUID, *, actor: Actor, reason: str) -> Erasure:
        """Destroy the subject's key: their sealed data becomes unreadable, everywhere, for good.

        The events stay as they are (so integrity checks still verify) and keep saying that a
        complaint was filed or a clarification received; only the personal data is gone. The
        erasure is recorded with who, when and why.
        """
        if not isinstance(subject, UUID):
            raise InvalidValue(f"subject must be a UUID, got {subject!r}")
        vault = self._subjects.require_vault()
        return vault.erase(subject, actor=actor, reason=reason, at=self.clock.now())


def retry_on_conflict(command: Callable[[], T], *, attempts: int = 5) -> T:
    """Run ``command`` again (it must load afresh) while it raises :class:`ConcurrencyConflict`.

    ``command`` is a zero-argument callable issuing one service command, e.g.
    ``retry_on_conflict(lambda: service.record_no_show(case, actor=clerk))``. Every service
    command loads the aggregate itself, so a retry always works on the latest version.
    """
    require_count("attempts", attempts, minimum=1)
    for attempt in range(1, attempts + 1):
        try:
            return command()
        except ConcurrencyConflict:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
