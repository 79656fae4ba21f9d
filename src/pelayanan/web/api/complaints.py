"""Complaints: filing and the officer's steps, and the personal data for those who may see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.params import FromPath, JSONBody

from pelayanan.domain.complaint import Complainant
from pelayanan.domain.errors import NotFound
from pelayanan.domain.values import Actor
from pelayanan.web.api.common import Json, command, command_route, ctx_of, reader, step

TAG = "complaints"


@dataclass
class FileComplaint:
    reference: str
    office_code: str
    channel: str
    subject: str
    description: str
    complainant_name: str | None = None
    complainant_contact: str | None = None
    confidential: bool = False
    service_date: date | None = None
    occurred_at: datetime | None = None


@dataclass
class Classify:
    classification: str


@dataclass
class Text:
    text: str


@dataclass
class Forward:
    to_unit: str


@dataclass
class Escalate:
    inspection: UUID


@command_route("/complaints", "file_complaint", TAG)
def file_complaint(
    request: Request[Any, Any, Any], data: JSONBody[FileComplaint]
) -> Response[Json]:
    """File a complaint (complaint officer). The reference is the natural key."""
    service = ctx_of(request).service
    complainant = (
        None
        if data.complainant_name is None
        else Complainant(name=data.complainant_name, contact=data.complainant_contact)
    )

    def call(actor: Actor) -> Json:
        cid = service.file_complaint(
            data.reference,
            office_code=data.office_code,
            channel=data.channel,
            subject=data.subject,
            description=data.description,
            complainant=complainant,
            confidential=data.confidential,
            service_date=data.service_date,
            occurred_at=data.occurred_at,
            actor=actor,
        )
        return {"id": str(cid), "reference": data.reference}

    return command(request, "complaint", data, call)


@command_route("/complaints/{complaint:uuid}/acknowledgement", "acknowledge_complaint", TAG)
def acknowledge(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.acknowledge_complaint(complaint, message=data.text, actor=a),
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/classification", "classify_complaint", TAG)
def classify(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Classify]
) -> Response[Json]:
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: {
            "due": service.classify_complaint(
                complaint, data.classification, actor=a
            ).due.isoformat()
        },
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/response", "respond_to_complaint", TAG)
def respond(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.respond_to_complaint(complaint, response=data.text, actor=a),
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/resolution", "resolve_complaint", TAG)
def resolve(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.resolve_complaint(complaint, resolution=data.text, actor=a),
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/rejection", "reject_complaint", TAG)
def reject(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.reject_complaint(complaint, reason=data.text, actor=a),
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/forwarding", "forward_complaint", TAG)
def forward(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Forward]
) -> Response[Json]:
    """Forward the complaint to the unit that must handle it (complaint officer)."""
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.forward_complaint(complaint, to_unit=data.to_unit, actor=a),
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/escalation", "escalate_complaint", TAG)
def escalate(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Escalate]
) -> Response[Json]:
    """Escalate the complaint to a sidak that looks into it (complaint officer)."""
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.escalate_complaint(complaint, inspection=data.inspection, actor=a),
        status=200,
    )


@command_route("/complaints/{complaint:uuid}/reopening", "reopen_complaint", TAG)
def reopen(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    """Reopen a resolved or rejected complaint, with the reason (complaint officer)."""
    service = ctx_of(request).service
    return step(
        request,
        ("complaint", complaint),
        "complaint",
        data,
        lambda a: service.reopen_complaint(complaint, reason=data.text, actor=a),
        status=200,
    )


@get("/complaints/{complaint:uuid}/personal", sync_to_thread=True, tags=["complaints"])
def complaint_personal(request: Request[Any, Any, Any], complaint: FromPath[UUID]) -> Json:
    """The complainant and the description: personal data, for the roles that may see it."""
    ctx, principal = reader(request)
    if not principal.sees_personal_data:
        from pelayanan.web.auth import Forbidden

        raise Forbidden(
            f"{principal.name} may not see personal data: it needs an explicit 'reveal' grant"
        )
    # Personal data lives only in the Filed event (sealed when the store has a vault).
    filed: Any = next(iter(ctx.service.events.get(complaint, lte=1)), None)
    if filed is None or not hasattr(filed, "description"):
        raise NotFound(f"no complaint {complaint} is recorded")
    complainant = ctx.service.reveal(filed.complainant) if filed.complainant else None
    return {
        "complaint": str(complaint),
        "description": str(ctx.service.reveal(filed.description)),
        "complainant": None
        if complainant is None or not isinstance(complainant, Complainant)
        else {"name": complainant.name, "contact": complainant.contact},
    }


HANDLERS = [
    file_complaint,
    acknowledge,
    classify,
    respond,
    resolve,
    reject,
    forward,
    escalate,
    reopen,
    complaint_personal,
]
