"""Sidak: start, observations, findings, conclusion (satgas)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.params import FromPath, JSONBody

from pelayanan.domain.inspection import Observation, Team, TeamMember
from pelayanan.domain.values import Actor, InspectorUnit, Nip, parse_enum
from pelayanan.web.api.common import Json, command, command_route, ctx_of, step

TAG = "sidak"


@dataclass
class Member:
    name: str
    unit: str = "inspektorat"
    nip: str | None = None


@dataclass
class StartSidak:
    reference: str
    office_code: str
    team: list[Member]
    occurred_at: datetime | None = None


@dataclass
class RecordObservation:
    at: datetime
    office_open: bool
    counter_staffed: bool
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    absent_with_permission: list[str] = field(default_factory=list)
    standard_displayed: bool = True
    citizens_waiting: int = 0
    note: str | None = None


@dataclass
class RecordFinding:
    kind: str
    severity: str
    description: str
    subjects: list[str] = field(default_factory=list)
    observation: int | None = None
    occurred_at: datetime | None = None


@dataclass
class Conclude:
    summary: str
    occurred_at: datetime | None = None


@dataclass
class AmendFinding:
    reason: str
    severity: str | None = None
    description: str | None = None
    withdraw: bool = False
    occurred_at: datetime | None = None


@dataclass
class ReferFinding:
    target: str = field(metadata={"description": "disciplinary_case or complaint"})
    target_id: UUID = field(metadata={"description": "the case's or the complaint's id"})
    occurred_at: datetime | None = None


@command_route("/inspections", "start_inspection", TAG)
def start_sidak(request: Request[Any, Any, Any], data: JSONBody[StartSidak]) -> Response[Json]:
    """Start a sidak at an office (satgas). The reference is the natural key."""
    service = ctx_of(request).service
    team = Team(
        tuple(
            TeamMember(
                name=m.name,
                unit=parse_enum(InspectorUnit, m.unit),
                nip=None if m.nip is None else Nip(m.nip),
            )
            for m in data.team
        )
    )

    def call(actor: Actor) -> Json:
        iid = service.start_inspection(
            data.reference,
            office_code=data.office_code,
            team=team,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        return {"id": str(iid), "reference": data.reference}

    return command(request, "sidak", data, call)


@command_route("/inspections/{inspection:uuid}/observations", "record_observation", TAG)
def observe(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: JSONBody[RecordObservation]
) -> Response[Json]:
    """Record what the team saw at a moment of the visit (satgas)."""
    service = ctx_of(request).service
    observation = Observation(
        at=data.at,
        office_open=data.office_open,
        counter_staffed=data.counter_staffed,
        present=tuple(data.present),
        absent=tuple(data.absent),
        absent_with_permission=tuple(data.absent_with_permission),
        standard_displayed=data.standard_displayed,
        citizens_waiting=data.citizens_waiting,
        note=data.note,
    )

    def call(actor: Actor) -> Json:
        number = service.record_observation(inspection, observation, actor=actor)
        return {"observation": number}

    return step(request, ("inspection", inspection), "sidak", data, call)


@command_route("/inspections/{inspection:uuid}/findings", "record_finding", TAG)
def find(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: JSONBody[RecordFinding]
) -> Response[Json]:
    """Record a finding (satgas)."""
    service = ctx_of(request).service
    subjects = tuple(Nip(s) for s in data.subjects)

    def call(actor: Actor) -> Json:
        number = service.record_finding(
            inspection,
            kind=data.kind,
            severity=data.severity,
            description=data.description,
            subjects=subjects,
            observation=data.observation,
            occurred_at=data.occurred_at,
            actor=actor,
        )
        return {"finding": number}

    return step(request, ("inspection", inspection), "sidak", data, call)


@command_route("/inspections/{inspection:uuid}/conclusion", "conclude_inspection", TAG)
def conclude(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: JSONBody[Conclude]
) -> Response[Json]:
    """Conclude the sidak (satgas)."""
    service = ctx_of(request).service

    def call(actor: Actor) -> Json:
        service.conclude_inspection(
            inspection, summary=data.summary, actor=actor, occurred_at=data.occurred_at
        )
        return {"concluded": True}

    return step(request, ("inspection", inspection), "sidak", data, call)


@command_route(
    "/inspections/{inspection:uuid}/findings/{number:int}/amendments", "amend_finding", TAG
)
def amend_finding(
    request: Request[Any, Any, Any],
    inspection: FromPath[UUID],
    number: FromPath[int],
    data: JSONBody[AmendFinding],
) -> Response[Json]:
    """Correct a finding's severity or description, or withdraw it, with the reason (satgas).
    The finding as first recorded stays in the log."""
    service = ctx_of(request).service

    def call(actor: Actor) -> Json:
        service.amend_finding(
            inspection,
            number,
            reason=data.reason,
            severity=data.severity,
            description=data.description,
            withdraw=data.withdraw,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        return {"finding": number, "withdrawn": data.withdraw}

    return step(request, ("inspection", inspection), "sidak", data, call)


@command_route(
    "/inspections/{inspection:uuid}/findings/{number:int}/referral", "refer_finding", TAG
)
def refer_finding(
    request: Request[Any, Any, Any],
    inspection: FromPath[UUID],
    number: FromPath[int],
    data: JSONBody[ReferFinding],
) -> Response[Json]:
    """Refer a finding to the disciplinary case or complaint that follows it up (satgas)."""
    service = ctx_of(request).service

    def call(actor: Actor) -> Json:
        service.refer_finding(
            inspection,
            number,
            target=data.target,
            target_id=data.target_id,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        return {"finding": number, "target": str(data.target_id)}

    return step(request, ("inspection", inspection), "sidak", data, call)


HANDLERS = [
    start_sidak,
    observe,
    find,
    conclude,
    amend_finding,
    refer_finding,
]
