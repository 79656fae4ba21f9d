"""Offices: registration, staff and permissions (the kelurahan operator, for its own office)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from litestar import Request, Response, post
from litestar.params import FromPath, JSONBody

from pelayanan.domain.values import Actor, OfficeCode
from pelayanan.web.api.common import Json, command, ctx_of


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


@post("/offices", sync_to_thread=True, tags=["offices"])
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

    return command(request, "office.register", asdict(data), call)


@post("/offices/{code:str}/staff", sync_to_thread=True, tags=["offices"])
def assign_staff(
    request: Request[Any, Any, Any], code: FromPath[str], data: JSONBody[AssignStaff]
) -> Response[Json]:
    """Assign a staff member to the office (its operator)."""
    service = ctx_of(request).service
    office = OfficeCode(code)

    def call(actor: Actor) -> Json:
        service.assign_staff(office, nip=data.nip, name=data.name, role=data.role, actor=actor)
        return {"office": code, "nip": data.nip}

    return command(request, "office.staff", asdict(data), call, office=office)


@post("/offices/{code:str}/permissions", sync_to_thread=True, tags=["offices"])
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
        return {"office": code, "nip": data.nip}

    return command(request, "office.permission", asdict(data), call, office=office)


HANDLERS = [
    register_office,
    assign_staff,
    record_permission,
]
