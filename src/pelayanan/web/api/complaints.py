"""Complaints: filing and the officer's steps, and the personal data for those who may see it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, JSONBody

from pelayanan.domain.complaint import Complainant
from pelayanan.domain.errors import NotFound
from pelayanan.domain.values import Actor
from pelayanan.web.api.common import Json, command, ctx_of, reader


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


@post("/complaints", operation_id="file_complaint", sync_to_thread=True, tags=["complaints"])
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

    return command(request, "complaint", asdict(data), call)


def _discard(_: object) -> None:
    return None


def _complaint_step(
    request: Request[Any, Any, Any],
    complaint: FromPath[UUID],
    payload: Any,
    step: Callable[[Actor], None],
) -> Response[Json]:
    def call(actor: Actor) -> Json:
        step(actor)
        return {"complaint": str(complaint)}

    return command(request, "complaint", payload, call, status=200)


@post(
    "/complaints/{complaint:uuid}/acknowledgement",
    operation_id="acknowledge_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def acknowledge(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.acknowledge_complaint(complaint, message=data.text, actor=a),
    )


@post(
    "/complaints/{complaint:uuid}/classification",
    operation_id="classify_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def classify(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Classify]
) -> Response[Json]:
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: _discard(service.classify_complaint(complaint, data.classification, actor=a)),
    )


@post(
    "/complaints/{complaint:uuid}/response",
    operation_id="respond_to_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def respond(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.respond_to_complaint(complaint, response=data.text, actor=a),
    )


@post(
    "/complaints/{complaint:uuid}/resolution",
    operation_id="resolve_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def resolve(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.resolve_complaint(complaint, resolution=data.text, actor=a),
    )


@post(
    "/complaints/{complaint:uuid}/rejection",
    operation_id="reject_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def reject(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.reject_complaint(complaint, reason=data.text, actor=a),
    )


@post(
    "/complaints/{complaint:uuid}/forwarding",
    operation_id="forward_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def forward(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Forward]
) -> Response[Json]:
    """Forward the complaint to the unit that must handle it (complaint officer)."""
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.forward_complaint(complaint, to_unit=data.to_unit, actor=a),
    )


@post(
    "/complaints/{complaint:uuid}/escalation",
    operation_id="escalate_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def escalate(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Escalate]
) -> Response[Json]:
    """Escalate the complaint to a sidak that looks into it (complaint officer)."""
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.escalate_complaint(complaint, inspection=data.inspection, actor=a),
    )


@post(
    "/complaints/{complaint:uuid}/reopening",
    operation_id="reopen_complaint",
    sync_to_thread=True,
    tags=["complaints"],
)
def reopen(
    request: Request[Any, Any, Any], complaint: FromPath[UUID], data: JSONBody[Text]
) -> Response[Json]:
    """Reopen a resolved or rejected complaint, with the reason (complaint officer)."""
    service = ctx_of(request).service
    return _complaint_step(
        request,
        complaint,
        asdict(data),
        lambda a: service.reopen_complaint(complaint, reason=data.text, actor=a),
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
