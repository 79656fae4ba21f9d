"""The kantor kelurahan: its staff, service hours, service standard and staff permissions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any
from uuid import UUID

import attrs

from pelayanan.domain.base import ComplianceAggregate, check_actor, check_business_time, natural_id
from pelayanan.domain.errors import (
    CommandRefused,
    InvalidValue,
    NotFound,
    ProviderSanctionRefused,
    UnknownStaff,
)
from pelayanan.domain.values import (
    Actor,
    Deadline,
    LegalBasis,
    Nip,
    OfficeCode,
    Period,
    PermissionKind,
    ProviderSanction,
    Role,
    RuleRef,
    SanctionTrack,
    ServiceComponent,
    ServiceHours,
    instance_of,
    local_date,
    optional_text,
    parse_enum,
    require_date,
    require_key,
    require_text,
    to_tuple,
    tuple_of,
)
from pelayanan.domain.values import non_empty_text as text


def _role(value: object) -> Role:
    return parse_enum(Role, value)


def _permission_kind(value: object) -> PermissionKind:
    return parse_enum(PermissionKind, value)


@attrs.frozen
class StaffMember:
    nip: Nip = attrs.field(validator=instance_of(Nip))
    name: str = attrs.field(validator=text(200))
    role: Role = attrs.field(converter=_role)


@attrs.frozen
class Permission:
    """Izin, cuti, dinas luar or sakit of one staff member for a period."""

    nip: Nip = attrs.field(validator=instance_of(Nip))
    kind: PermissionKind = attrs.field(converter=_permission_kind)
    period: Period = attrs.field(validator=instance_of(Period))
    reason: str = attrs.field(validator=text(1000))
    reference: str | None = attrs.field(default=None, validator=optional_text(100))

    def covers(self, nip: Nip, moment: datetime) -> bool:
        return self.nip == nip and self.period.covers(moment)


def _components(value: object) -> tuple[ServiceComponent, ...]:
    items = to_tuple(value)
    if not isinstance(items, tuple):
        raise InvalidValue(f"components must be a sequence, got {value!r}")
    return tuple(parse_enum(ServiceComponent, c) for c in items)


@attrs.frozen
class ServiceStandard:
    """A published service standard (standar pelayanan) and its maklumat pelayanan.

    ``components`` lists which of the 14 PermenPAN-RB 15/2014 components the document covers.
    """

    document: str = attrs.field(validator=text(200))
    components: tuple[ServiceComponent, ...] = attrs.field(
        converter=_components,
        validator=tuple_of(ServiceComponent),
    )
    maklumat: str = attrs.field(validator=text(4000))

    @property
    def missing_components(self) -> tuple[ServiceComponent, ...]:
        return tuple(c for c in ServiceComponent if c not in self.components)


PERMISSION_MEMORY = timedelta(days=31)
"""How long after it ended a permission stays in the Office's state.

Older permissions are facts in the event history (and the audit trail); ``permission_for``
answers for moments within this window before the latest recorded permission.
"""


def office_id(code: OfficeCode | str) -> UUID:
    """The office's aggregate id: uuid5 of its Kemendagri code."""
    return natural_id("office", str(code))


class Office(ComplianceAggregate):
    """A kantor kelurahan that must stay open and staffed through its service hours."""

    kind = "office"
    ordered = False  # its facts are independent; see ComplianceAggregate.ordered

    class Registered(ComplianceAggregate.Created):
        code: OfficeCode
        name: str
        kecamatan: str
        service_hours: ServiceHours

    class ServiceHoursSet(ComplianceAggregate.Event):
        service_hours: ServiceHours
        reason: str

        def apply(self, office: Office) -> None:
            office.service_hours = self.service_hours

    class StaffAssigned(ComplianceAggregate.Event):
        member: StaffMember

        def apply(self, office: Office) -> None:
            office.staff[self.member.nip.value] = self.member

    class StaffReassigned(ComplianceAggregate.Event):
        nip: Nip
        role: Role
        previous_role: Role

        def apply(self, office: Office) -> None:
            member = office.staff[self.nip.value]
            office.staff[self.nip.value] = attrs.evolve(member, role=self.role)

    class StaffRemoved(ComplianceAggregate.Event):
        nip: Nip
        reason: str

        def apply(self, office: Office) -> None:
            del office.staff[self.nip.value]

    class ServiceStandardPublished(ComplianceAggregate.Event):
        standard: ServiceStandard
        revision: int

        def apply(self, office: Office) -> None:
            office.standard = self.standard
            office.standard_revision = self.revision

    class PermissionRecorded(ComplianceAggregate.Event):
        permission: Permission

        def apply(self, office: Office) -> None:
            # Offices record hundreds of permissions a year; the aggregate (and so every
            # snapshot) keeps only those that may still matter to a sidak being recorded.
            horizon = self.occurred_at - PERMISSION_MEMORY
            office.permissions = [p for p in office.permissions if p.period.end > horizon]
            office.permissions.append(self.permission)

    class ProviderSanctioned(ComplianceAggregate.Event):
        """A sanction on the provider's pelaksana under UU 25/2009 Pasal 54, ``track`` saying so:
        not a PP 94/2021 punishment (those are disciplinary cases' decisions). A teguran
        tertulis carries the day the failure must be fixed by (``fix_by``); pembebasan dari
        jabatan ``follows`` the teguran left unfixed."""

        reference: str
        track: SanctionTrack
        sanction: ProviderSanction
        nip: Nip
        reason: str
        rule: RuleRef
        legal_basis: LegalBasis
        fix_by: Deadline | None
        follows: str | None

        def apply(self, office: Office) -> None:
            state = {
                "sanction": self.sanction.value,
                "nip": self.nip.value,
                "on": local_date(self.occurred_at),
                "fix_by": None if self.fix_by is None else self.fix_by.due,
                "fixed_on": None,
                "followed_by": None,
            }
            sanctions = dict(office.sanctions_by_reference or {})
            if self.follows is not None and self.follows in sanctions:
                sanctions[self.follows] = {**sanctions[self.follows], "followed_by": self.reference}
            sanctions[self.reference] = state
            office.sanctions_by_reference = sanctions

    class ProviderFailureFixed(ComplianceAggregate.Event):
        """The failure a teguran tertulis named was fixed (UU 25/2009 Pasal 54)."""

        reference: str
        fixed_on: date
        note: str

        def apply(self, office: Office) -> None:
            sanctions = dict(office.sanctions_by_reference or {})
            sanctions[self.reference] = {**sanctions[self.reference], "fixed_on": self.fixed_on}
            office.sanctions_by_reference = sanctions

    # UU 25/2009 sanctions by reference (plain values, so snapshots need no new transcoding);
    # a class default, so snapshots taken before they were kept still load.
    sanctions_by_reference: dict[str, dict[str, Any]] | None = None

    @property
    def provider_sanctions(self) -> Mapping[str, Mapping[str, Any]]:
        """UU 25/2009 sanctions on this office's pelaksana, by reference: sanction, nip, on,
        fix_by, fixed_on, followed_by."""
        return MappingProxyType(self.sanctions_by_reference or {})

    def __init__(
        self, code: OfficeCode, name: str, kecamatan: str, service_hours: ServiceHours
    ) -> None:
        self.code = code
        self.name = name
        self.kecamatan = kecamatan
        self.service_hours = service_hours
        self.staff: dict[str, StaffMember] = {}
        self.standard: ServiceStandard | None = None
        self.standard_revision = 0
        self.permissions: list[Permission] = []

    # ----------------------------------------------------------------- commands

    @classmethod
    def register(
        cls,
        *,
        code: OfficeCode,
        name: str,
        kecamatan: str,
        occurred_at: datetime,
        actor: Actor,
        service_hours: ServiceHours | None = None,
        recorded_at: datetime | None = None,
    ) -> Office:
        if not isinstance(code, OfficeCode):
            raise InvalidValue(f"code must be an OfficeCode, got {code!r}")
        hours = service_hours if service_hours is not None else ServiceHours.perpres_21_2023()
        if not isinstance(hours, ServiceHours):
            raise InvalidValue(f"service_hours must be ServiceHours, got {hours!r}")
        require_text("name", name, 200)
        require_text("kecamatan", kecamatan, 200)
        check_actor(actor)
        check_business_time(occurred_at, recorded_at)
        return cls._create(
            cls.Registered,
            id=office_id(code),
            timestamp=recorded_at,
            code=code,
            name=name,
            kecamatan=kecamatan,
            service_hours=hours,
            occurred_at=occurred_at,
            actor=actor,
        )

    def set_service_hours(
        self,
        service_hours: ServiceHours,
        *,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        if not isinstance(service_hours, ServiceHours):
            raise InvalidValue(f"service_hours must be ServiceHours, got {service_hours!r}")
        require_text("reason", reason)
        self._record(
            self.ServiceHoursSet,
            service_hours=service_hours,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def assign_staff(
        self,
        member: StaffMember,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        if not isinstance(member, StaffMember):
            raise InvalidValue(f"member must be a StaffMember, got {member!r}")
        if member.nip.value in self.staff:
            raise CommandRefused(
                f"{member.nip} is already on the staff of {self.name}; use reassign_staff to "
                "change their role"
            )
        if member.role in (Role.LURAH, Role.SEKLUR) and self.holder_of(member.role) is not None:
            raise CommandRefused(
                f"{self.name} already has a {member.role.value}; reassign or remove them first"
            )
        self._record(
            self.StaffAssigned,
            member=member,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def reassign_staff(
        self,
        nip: Nip,
        role: Role | str,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        member = self.member(nip)
        role = parse_enum(Role, role)
        if role == member.role:
            raise CommandRefused(f"{nip} already has the role {role.value}")
        if role in (Role.LURAH, Role.SEKLUR) and self.holder_of(role) is not None:
            raise CommandRefused(f"{self.name} already has a {role.value}")
        self._record(
            self.StaffReassigned,
            nip=nip,
            role=role,
            previous_role=member.role,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def remove_staff(
        self,
        nip: Nip,
        *,
        reason: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        self.member(nip)
        require_text("reason", reason)
        self._record(
            self.StaffRemoved,
            nip=nip,
            reason=reason,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def publish_standard(
        self,
        standard: ServiceStandard,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """Publish the service standard and maklumat, or a revision (UU 25/2009 Pasal 20-22)."""
        if not isinstance(standard, ServiceStandard):
            raise InvalidValue(f"standard must be a ServiceStandard, got {standard!r}")
        if standard == self.standard:
            raise CommandRefused("this service standard is already the published one")
        self._record(
            self.ServiceStandardPublished,
            standard=standard,
            revision=self.standard_revision + 1,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def record_permission(
        self,
        permission: Permission,
        *,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        if not isinstance(permission, Permission):
            raise InvalidValue(f"permission must be a Permission, got {permission!r}")
        self.member(permission.nip)
        self._record(
            self.PermissionRecorded,
            permission=permission,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def sanction_provider(
        self,
        *,
        reference: str,
        sanction: ProviderSanction | str,
        nip: Nip,
        reason: str,
        rule: RuleRef,
        legal_basis: LegalBasis,
        occurred_at: datetime,
        actor: Actor,
        fix_by: Deadline | None = None,
        follows: str | None = None,
        track: SanctionTrack | str = SanctionTrack.UU25_PROVIDER,
        recorded_at: datetime | None = None,
    ) -> None:
        """Record a UU 25/2009 Pasal 54 sanction on a pelaksana of this office.

        A teguran tertulis names ``fix_by``; pembebasan dari jabatan ``follows`` a teguran to the
        same person whose ``fix_by`` passed with the failure unfixed
        (:class:`ProviderSanctionRefused` otherwise).
        """
        chosen_track = parse_enum(SanctionTrack, track)
        if chosen_track is not SanctionTrack.UU25_PROVIDER:
            raise InvalidValue(
                "a PP 94/2021 punishment is decided in a disciplinary case (open_case, "
                "decide_case), not recorded as a sanction on the provider"
            )
        chosen = parse_enum(ProviderSanction, sanction)
        require_key("reference", reference)
        if reference in self.provider_sanctions:
            raise CommandRefused(f"a sanction {reference} is already recorded on {self.name}")
        self.member(nip)
        require_text("reason", reason, 4000)
        if not isinstance(rule, RuleRef) or not isinstance(legal_basis, LegalBasis):
            raise InvalidValue("a sanction records its rule (RuleRef) and legal basis")
        day = local_date(occurred_at)
        if chosen is ProviderSanction.TEGURAN_TERTULIS:
            if follows is not None:
                raise InvalidValue("a teguran tertulis is the first sanction; it follows none")
            if not isinstance(fix_by, Deadline):
                raise InvalidValue("a teguran tertulis names the day to fix the failure by")
        else:
            if fix_by is not None:
                raise InvalidValue("pembebasan dari jabatan is the last sanction: no fix_by")
            earlier = None if follows is None else self.provider_sanctions.get(follows)
            if earlier is None or earlier["sanction"] != ProviderSanction.TEGURAN_TERTULIS.value:
                raise ProviderSanctionRefused(
                    "pembebasan dari jabatan follows a teguran tertulis whose failure was not "
                    f"fixed in time; {follows!r} is not a teguran tertulis recorded on {self.name}"
                )
            if earlier["nip"] != nip.value:
                raise ProviderSanctionRefused(
                    f"the teguran tertulis {follows} was given to NIP {earlier['nip']}, not {nip}"
                )
            if earlier["fixed_on"] is not None:
                raise ProviderSanctionRefused(
                    f"the failure named in {follows} was fixed on {earlier['fixed_on']}"
                )
            if earlier["followed_by"] is not None:
                raise ProviderSanctionRefused(
                    f"{follows} was already followed by {earlier['followed_by']}"
                )
            if day <= earlier["fix_by"]:
                raise ProviderSanctionRefused(
                    f"the provider has until {earlier['fix_by']} to fix the failure named in "
                    f"{follows}; pembebasan dari jabatan only after that"
                )
        self._record(
            self.ProviderSanctioned,
            reference=reference,
            track=chosen_track,
            sanction=chosen,
            nip=nip,
            reason=reason,
            rule=rule,
            legal_basis=legal_basis,
            fix_by=fix_by,
            follows=follows,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    def record_provider_fix(
        self,
        *,
        reference: str,
        fixed_on: date,
        note: str,
        occurred_at: datetime,
        actor: Actor,
        recorded_at: datetime | None = None,
    ) -> None:
        """The failure named in the teguran tertulis ``reference`` was fixed on ``fixed_on``."""
        earlier = self.provider_sanctions.get(reference)
        if earlier is None:
            raise NotFound(f"no sanction {reference!r} is recorded on {self.name}")
        if earlier["sanction"] != ProviderSanction.TEGURAN_TERTULIS.value:
            raise ProviderSanctionRefused(f"{reference} is not a teguran tertulis: nothing to fix")
        if earlier["fixed_on"] is not None:
            raise ProviderSanctionRefused(f"{reference} was fixed on {earlier['fixed_on']}")
        if earlier["followed_by"] is not None:
            raise ProviderSanctionRefused(
                f"{reference} was followed by pembebasan dari jabatan ({earlier['followed_by']})"
            )
        require_date("fixed_on", fixed_on)
        if fixed_on < earlier["on"]:
            raise ProviderSanctionRefused(
                f"fixed_on {fixed_on} is before the teguran tertulis ({earlier['on']})"
            )
        if fixed_on > local_date(recorded_at or occurred_at):
            raise ProviderSanctionRefused(f"fixed_on {fixed_on} is after it was recorded")
        require_text("note", note, 4000)
        self._record(
            self.ProviderFailureFixed,
            reference=reference,
            fixed_on=fixed_on,
            note=note,
            occurred_at=occurred_at,
            actor=actor,
            recorded_at=recorded_at,
        )

    # ----------------------------------------------------------------- queries

    def member(self, nip: Nip) -> StaffMember:
        if not isinstance(nip, Nip):
            raise InvalidValue(f"nip must be a Nip, got {nip!r}")
        try:
            return self.staff[nip.value]
        except KeyError:
            raise UnknownStaff(f"{nip} is not on the staff of {self.name} ({self.code})") from None

    def holder_of(self, role: Role) -> StaffMember | None:
        return next((m for m in self.staff.values() if m.role == role), None)

    def permission_for(self, nip: Nip, moment: datetime) -> Permission | None:
        """The recorded permission that covers ``nip`` at ``moment``, if any."""
        return next((p for p in self.permissions if p.covers(nip, moment)), None)

    def summary(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "name": self.name,
            "kecamatan": self.kecamatan,
            "staff": len(self.staff),
            "standard_revision": self.standard_revision,
        }
