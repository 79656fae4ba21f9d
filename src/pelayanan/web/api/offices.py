"""Offices: registration, staff and permissions (the kelurahan operator, for its own office)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from litestar import Request, Response
from litestar.params import FromPath, JSONBody

from pelayanan.domain.office import ServiceStandard
from pelayanan.domain.values import Actor, DaySchedule, OfficeCode, ServiceHours, TimeRange
from pelayanan.web.api.common import Json, command, command_route, ctx_of, step

TAG = "offices"


@dataclass
class RegisterOffice:
    code: str
    name: str
    kecamatan: str


@dataclass
class AssignStaff:
    nip: str
    name: str
    role: str = field(metadata={"description": "lurah, seklur, kasi or staff"})


@dataclass
class RecordPermission:
    nip: str
    kind: str
    start: datetime
    end: datetime
    reason: str
    reference: str | None = None


@dataclass
class ReassignStaff:
    nip: str
    role: str = field(metadata={"description": "lurah, seklur, kasi or staff"})
    occurred_at: datetime | None = None


@dataclass
class RemoveStaff:
    nip: str
    reason: str
    occurred_at: datetime | None = None


@dataclass
class SanctionProvider:
    reference: str
    nip: str
    reason: str
    sanction: str = field(
        default="teguran_tertulis",
        metadata={"description": "teguran_tertulis, or pembebasan_dari_jabatan (follows one)"},
    )
    follows: str | None = None
    occurred_at: datetime | None = None


@dataclass
class RecordProviderFix:
    reference: str
    fixed_on: date
    note: str
    occurred_at: datetime | None = None


@dataclass
class Span:
    start: time
    end: time


@dataclass
class Day:
    weekday: int = field(metadata={"description": "0 = Monday .. 6 = Sunday"})
    opens: time
    closes: time
    breaks: list[Span] = field(default_factory=list)


@dataclass
class SetServiceHours:
    days: list[Day]
    reason: str
    timezone: str = "Asia/Jakarta"
    occurred_at: datetime | None = None


@dataclass
class PublishStandard:
    document: str
    components: list[str] = field(
        metadata={"description": "which of the 14 PermenPAN-RB 15/2014 components it covers"}
    )
    maklumat: str
    occurred_at: datetime | None = None


@command_route("/offices", "register_office", TAG)
def register_office(
    request: Request[Any, Any, Any], data: JSONBody[RegisterOffice]
) -> Response[Json]:
    """Register a kelurahan office (admin)."""
    service = ctx_of(request).service

    def call(actor: Actor) -> Json:
        oid = service.register_office(
            data.code, name=data.name, kecamatan=data.kecamatan, actor=actor
        )
        return {"id": str(oid), "code": data.code}

    return command(request, "office.register", data, call)


@command_route("/offices/{code:str}/staff", "assign_staff", TAG)
def assign_staff(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[AssignStaff]
) -> Response[Json]:
    """Assign a staff member to the office (its operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        service.assign_staff(office, nip=data.nip, name=data.name, role=data.role, actor=actor)
        return {"nip": data.nip}

    return step(request, ("office", code), "office.staff", data, call, office=office)


@command_route("/offices/{code:str}/permissions", "record_permission", TAG)
def record_permission(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[RecordPermission]
) -> Response[Json]:
    """Record a staff member's izin, cuti, dinas luar or sakit (the office's operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        service.record_permission(
            office,
            nip=data.nip,
            kind=data.kind,
            start=data.start,
            end=data.end,
            reason=data.reason,
            reference=data.reference,
            actor=actor,
        )
        return {"nip": data.nip}

    return step(request, ("office", code), "office.permission", data, call, office=office)


@command_route("/offices/{code:str}/staff/reassignments", "reassign_staff", TAG)
def reassign_staff(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[ReassignStaff]
) -> Response[Json]:
    """Give a staff member another role in the office (its operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        service.reassign_staff(
            office, nip=data.nip, role=data.role, actor=actor, occurred_at=data.occurred_at
        )
        return {"nip": data.nip, "role": data.role}

    return step(request, ("office", code), "office.staff", data, call, office=office)


@command_route("/offices/{code:str}/staff/removals", "remove_staff", TAG)
def remove_staff(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[RemoveStaff]
) -> Response[Json]:
    """Record that a staff member left the office, and why (its operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        service.remove_staff(
            office, nip=data.nip, reason=data.reason, actor=actor, occurred_at=data.occurred_at
        )
        return {"nip": data.nip, "removed": True}

    return step(request, ("office", code), "office.staff", data, call, office=office)


@command_route("/offices/{code:str}/service-hours", "set_service_hours", TAG)
def set_service_hours(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[SetServiceHours]
) -> Response[Json]:
    """Set the office's weekly service hours, with the reason for the change (its operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)
    hours = ServiceHours(
        tuple(
            DaySchedule(
                weekday=day.weekday,
                hours=TimeRange(day.opens, day.closes),
                breaks=tuple(TimeRange(b.start, b.end) for b in day.breaks),
            )
            for day in data.days
        ),
        timezone=data.timezone,
    )

    def call(actor: Actor) -> Json:
        service.set_service_hours(
            office, hours, reason=data.reason, actor=actor, occurred_at=data.occurred_at
        )
        return {"weekly_minutes": hours.weekly_minutes}

    return step(
        request, ("office", code), "office.standards", data, call, office=office, status=200
    )


@command_route("/offices/{code:str}/service-standards", "publish_service_standard", TAG)
def publish_service_standard(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[PublishStandard]
) -> Response[Json]:
    """Publish the office's service standard and maklumat pelayanan (its operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)
    standard = ServiceStandard(
        document=data.document, components=tuple(data.components), maklumat=data.maklumat
    )

    def call(actor: Actor) -> Json:
        service.publish_service_standard(
            office, standard, actor=actor, occurred_at=data.occurred_at
        )
        missing = [c.value for c in standard.missing_components]
        return {"document": data.document, "missing_components": missing}

    return step(request, ("office", code), "office.standards", data, call, office=office)


@command_route("/offices/{code:str}/provider-sanctions", "sanction_provider", TAG)
def sanction_provider(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[SanctionProvider]
) -> Response[Json]:
    """Record a UU 25/2009 Pasal 54 sanction on a pelaksana of the office (not a PP 94/2021
    punishment): a teguran tertulis answers with the day to fix the failure by."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        due = service.sanction_provider(
            office,
            reference=data.reference,
            nip=data.nip,
            reason=data.reason,
            sanction=data.sanction,
            follows=data.follows,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        fix_by = None if due is None else due.due.isoformat()
        return {"reference": data.reference, "fix_by": fix_by}

    return step(request, ("office", code), "office.sanction", data, call, office=office)


@command_route("/offices/{code:str}/provider-sanctions/fixes", "record_provider_fix", TAG)
def record_provider_fix(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[RecordProviderFix]
) -> Response[Json]:
    """Record that the failure a UU 25/2009 teguran tertulis named was fixed."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        service.record_provider_fix(
            office,
            reference=data.reference,
            fixed_on=data.fixed_on,
            note=data.note,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        return {"reference": data.reference}

    return step(request, ("office", code), "office.sanction", data, call, office=office)


HANDLERS = [
    register_office,
    assign_staff,
    record_permission,
    reassign_staff,
    remove_staff,
    set_service_hours,
    publish_service_standard,
    sanction_provider,
    record_provider_fix,
]
