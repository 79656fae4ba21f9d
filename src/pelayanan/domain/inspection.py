"""The sidak: an unannounced inspection of an office by the task force (satgas)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

import attrs
from eventsourcing.domain import Aggregate

from pelayanan.domain.base import ComplianceAggregate, check_actor, check_business_time, natural_id
from pelayanan.domain.errors import (
    CommandRefused,
    InspectionConcluded,
    InspectionNotConcluded,
    InvalidValue,
)
from pelayanan.domain.values import (
    Actor,
    FindingKind,
    InspectorUnit,
    Nip,
    OfficeCode,
    Severity,
    count,
    instance_of,
    optional_text,
    parse_enum,
    require_key,
    require_text,
    to_tuple,
    tuple_of,
)
from pelayanan.domain.values import non_empty_text as text


def _nips(value: object) -> tuple[Nip, ...]:
    items = to_tuple(value)
    if not isinstance(items, tuple):
        raise InvalidValue(f"expected a sequence of NIPs, got {value!r}")
    return tuple(v if isinstance(v, Nip) else Nip(v) for v in items)


def _aware_at(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    check_business_time(value, None, name=attribute.name)


@attrs.frozen
class TeamMember:
    name: str = attrs.field(validator=text(200))
    unit: InspectorUnit = attrs.field(validator=instance_of(InspectorUnit))
    nip: Nip | None = attrs.field(default=None, validator=instance_of((Nip, type(None))))


@attrs.frozen
class Team:
    """The sidak team: at least one member."""

    members: tuple[TeamMember, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(TeamMember)
    )

    def __attrs_post_init__(self) -> None:
        if not self.members:
            raise InvalidValue("a sidak needs a team of at least one member")

    @property
    def units(self) -> tuple[InspectorUnit, ...]:
        return tuple(sorted({m.unit for m in self.members}, key=lambda u: u.value))


@attrs.frozen
class Observation:
    """What the team saw at one moment. Lists of NIPs are disjoint."""

    at: datetime = attrs.field(validator=_aware_at)
    office_open: bool = attrs.field(validator=instance_of(bool))
    counter_staffed: bool = attrs.field(validator=instance_of(bool))
    present: tuple[Nip, ...] = attrs.field(default=(), converter=_nips)
    absent: tuple[Nip, ...] = attrs.field(default=(), converter=_nips)
    absent_with_permission: tuple[Nip, ...] = attrs.field(default=(), converter=_nips)
    standard_displayed: bool = attrs.field(default=True, validator=instance_of(bool))
    citizens_waiting: int = attrs.field(default=0, validator=count(0, 100_000))
    note: str | None = attrs.field(default=None, validator=optional_text(4000))

    def __attrs_post_init__(self) -> None:
        seen: set[Nip] = set()
        for group in (self.present, self.absent, self.absent_with_permission):
            if seen & set(group) or len(set(group)) != len(group):
                raise InvalidValue("a NIP appears twice in one observation")
            seen |= set(group)
        if not self.office_open and self.present:
            raise InvalidValue("an office observed closed cannot have staff present")


def _finding_kind(value: object) -> FindingKind:
    return parse_enum(FindingKind, value)


def _severity(value: object) -> Severity:
    return parse_enum(Severity, value)


@attrs.frozen
class Finding:
    number: int = attrs.field(validator=count(1))
    kind: FindingKind = attrs.field(converter=_finding_kind)
    severity: Severity = attrs.field(converter=_severity)
    description: str = attrs.field(validator=text(4000))
    subjects: tuple[Nip, ...] = attrs.field(default=(), converter=_nips)
    observation: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(count(1))
    )
    withdrawn: bool = attrs.field(default=False, validator=instance_of(bool))


class ReferralTarget(Enum):
    DISCIPLINARY_CASE = "disciplinary_case"
    COMPLAINT = "complaint"


def _referral_target(value: object) -> ReferralTarget:
    return parse_enum(ReferralTarget, value)


@attrs.frozen
class Referral:
    finding: int = attrs.field(validator=count(1))
    target: ReferralTarget = attrs.field(converter=_referral_target)
    target_id: UUID = attrs.field(validator=instance_of(UUID))


def inspection_id(reference: str) -> UUID:
    """Aggregate id: uuid5 of the assignment letter's reference (surat tugas)."""
    return natural_id("inspection", reference)


class Inspection(ComplianceAggregate):
    """A sidak. Open while the team is on site; immutable once concluded but for amendments."""

    kind = "inspection"

    class Started(ComplianceAggregate.Created):
        reference: str
        office_id: UUID
        office_code: OfficeCode
        team: Team

    class ObservationRecorded(ComplianceAggregate.Event):
        number: int
        observation: Observation

        def apply(self, inspection: Inspection) -> None:
            inspection.observations.append(self.observation)

    class FindingRecorded(ComplianceAggregate.Event):
        finding: Finding

        def apply(self, inspection: Inspection) -> None:
            inspection.findings.append(self.finding)
            inspection.finding_versions[str(self.finding.number)] = self.originator_version

    class Concluded(ComplianceAggregate.Event):
        summary: str

        def apply(self, inspection: Inspection) -> None:
            inspection.concluded_at = self.occurred_at
            inspection.summary = self.summary

    class FindingAmended(ComplianceAggregate.Event):
        """A correction after conclusion. ``corrects`` is the version of the event it corrects."""

        corrects: int
        finding: Finding
        reason: str

        def apply(self, inspection: Inspection) -> None:
            inspection.findings[self.finding.number - 1] = self.finding
            inspection.finding_versions[str(self.finding.number)] = self.originator_version
            inspection.amendments += 1

    class FindingReferred(ComplianceAggregate.Event):
        referral: Referral

        def apply(self, inspection: Inspection) -> None:
            inspection.referrals.append(self.referral)

    def __init__(
        self,
        reference: str,
        office_id: UUID,
        office_code: OfficeCode,
        team: Team,
        occurred_at: datetime,
    ) -> None:
        self._started_at = occurred_at
        self.reference = reference
        self.office_id = office_id
        self.office_code = office_code
        self.team = team
        self.observations: list[Observation] = []
        self.findings: list[Finding] = []
        self.referrals: list[Referral] = []
        self.finding_versions: dict[str, int] = {}
        self.concluded_at: datetime | None = None
        self.summary: str | None = None
        self.amendments = 0

    @classmethod
    def start(
        cls,
        *,
        reference: str,
        office_id: UUID,
        office_code: OfficeCode,
        team: Team,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> Inspection:
        require_key("reference", reference)
        if not isinstance(office_code, OfficeCode):
            raise InvalidValue(f"office_code must be an OfficeCode, got {office_code!r}")
        if not isinstance(team, Team):
            raise InvalidValue(f"team must be a Team, got {team!r}")
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        return cls._create(
            cls.Started,
            id=inspection_id(reference),
            timestamp=recorded_at,
            reference=reference,
            office_id=office_id,
            office_code=office_code,
            team=team,
            occurred_at=occurred_at,
            actor=actor,
        )

    def follows_every_step(self, event_class: type[Aggregate.Event]) -> bool:
        # Observations and findings during the visit may be written up in any order; the
        # conclusion and what comes after it follow everything recorded.
        return event_class in (self.Concluded, self.FindingAmended, self.FindingReferred)

    @property
    def started_at(self) -> datetime:
        return self._started_at

    @property
    def is_concluded(self) -> bool:
        return self.concluded_at is not None

    def _open(self) -> None:
        if self.is_concluded:
            raise InspectionConcluded(
                f"sidak {self.reference} was concluded; correct it with amend_finding()"
            )

    def record_observation(
        self, observation: Observation, *, actor: Actor, recorded_at: datetime | None = None
    ) -> int:
        """Record what the team saw; the observation's own time is the business time."""
        self._open()
        if not isinstance(observation, Observation):
            raise InvalidValue(f"observation must be an Observation, got {observation!r}")
        number = len(self.observations) + 1
        self._record(
            self.ObservationRecorded,
            number=number,
            observation=observation,
            occurred_at=observation.at,
            actor=actor,
            recorded_at=recorded_at,
        )
        return number

    def record_finding(
        self,
        *,
        kind: FindingKind | str,
        severity: Severity | str,
        description: str,
        occurred_at: datetime,
        actor: Actor,
        subjects: tuple[Nip, ...] = (),
        observation: int | None = None,
        recorded_at: datetime | None = None,
    ) -> int:
        self._open()
        if observation is not None and not 1 <= observation <= len(self.observations):
            raise InvalidValue(f"there is no observation number {observation} in this sidak")
        finding = Finding(
            number=len(self.findings) + 1,
            kind=kind,
            severity=severity,
            description=description,
            subjects=subjects,
            observation=observation,
        )
        self._record(
            self.FindingRecorded,
            finding=finding,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )
        return finding.number

    def conclude(
        self,
        *,
        summary: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self._open()
        require_text("summary", summary)
        self._record(
            self.Concluded,
            summary=summary,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def amend_finding(
        self,
        number: int,
        *,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        severity: Severity | str | None = None,
        description: str | None = None,
        withdraw: bool = False,
        recorded_at: datetime | None = None,
    ) -> None:
        """Correct a finding of a concluded sidak; the amendment cites the event it corrects."""
        if not self.is_concluded:
            raise InspectionNotConcluded(
                f"sidak {self.reference} is still open; record a new finding instead"
            )
        current = self.finding(number)
        require_text("reason", reason)
        amended = attrs.evolve(
            current,
            severity=current.severity if severity is None else severity,
            description=current.description if description is None else description,
            withdrawn=current.withdrawn or withdraw,
        )
        if amended == current:
            raise CommandRefused("the amendment changes nothing in the finding")
        self._record(
            self.FindingAmended,
            corrects=self.finding_versions[str(number)],
            finding=amended,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def refer_finding(
        self,
        number: int,
        *,
        target: ReferralTarget | str,
        target_id: UUID,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Refer a finding to a disciplinary case or a complaint (allowed after conclusion too)."""
        finding = self.finding(number)
        if finding.withdrawn:
            raise CommandRefused(f"finding {number} was withdrawn and cannot be referred")
        referral = Referral(finding=number, target=target, target_id=target_id)
        if referral in self.referrals:
            raise CommandRefused(f"finding {number} is already referred there")
        self._record(
            self.FindingReferred,
            referral=referral,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def finding(self, number: int) -> Finding:
        if not isinstance(number, int) or not 1 <= number <= len(self.findings):
            raise InvalidValue(f"there is no finding number {number!r} in sidak {self.reference}")
        return self.findings[number - 1]
