"""Discipline cases after the decision: delivery of the decree, objections (upaya
administratif), the punishment served, and closing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.params import FromPath, JSONBody

from pelayanan.web.api.common import Json, command_route, ctx_of, principal_of, step
from pelayanan.web.api.reads import case_doc


@dataclass
class Delivery:
    delivered_on: date
    method: str = field(
        default="in_person", metadata={"description": "in_person, or sent (after send_decree)"}
    )
    occurred_at: datetime | None = None


@dataclass
class Objection:
    kind: str = field(metadata={"description": "keberatan or banding"})
    filed_on: date
    grounds: str
    occurred_at: datetime | None = None


@dataclass
class ObjectionDecision:
    outcome: str = field(metadata={"description": "upheld, changed or annulled"})
    reason: str
    punishment: str | None = field(
        default=None, metadata={"description": "the punishment as changed"}
    )
    occurred_at: datetime | None = None


@dataclass
class PunishmentStart:
    effective_from: date
    until: date | None = None
    occurred_at: datetime | None = None


@dataclass
class PunishmentCompletion:
    completed_on: date
    occurred_at: datetime | None = None


@dataclass
class Closure:
    reason: str
    occurred_at: datetime | None = None


TAG = "discipline"


@command_route("/cases/{case:uuid}/delivery", "deliver_decision", TAG)
def deliver(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Delivery]
) -> Response[Json]:
    """Record the day the decree reached the civil servant (pejabat berwenang, or BKPSDM)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.deliver",
        data,
        lambda a: service.deliver_decision(
            case,
            delivered_on=data.delivered_on,
            method=data.method,
            actor=a,
            occurred_at=data.occurred_at,
        ),
    )


@command_route("/cases/{case:uuid}/objection", "file_objection", TAG)
def file_objection(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Objection]
) -> Response[Json]:
    """Record the civil servant's keberatan or banding against the decision (BKPSDM)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.follow",
        data,
        lambda a: service.file_objection(
            case,
            kind=data.kind,
            filed_on=data.filed_on,
            grounds=data.grounds,
            actor=a,
            occurred_at=data.occurred_at,
        ),
    )


@command_route("/cases/{case:uuid}/objection/decision", "decide_objection", TAG)
def decide_objection(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[ObjectionDecision]
) -> Response[Json]:
    """Record the decision on the objection (a pejabat account; a keberatan, with an
    organisation, as the official holding the account's position)."""
    ctx = ctx_of(request)
    return step(
        request,
        ("case", case),
        "case.objection",
        data,
        lambda a: ctx.service.decide_objection(
            case,
            outcome=data.outcome,
            reason=data.reason,
            punishment=data.punishment,
            actor=a,
            decided_by=principal_of(request).objection_official(
                ctx.service.organisation, case_doc(ctx, case)
            ),
            occurred_at=data.occurred_at,
        ),
    )


@command_route("/cases/{case:uuid}/punishment/start", "start_punishment", TAG)
def start_punishment(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[PunishmentStart]
) -> Response[Json]:
    """Record the day the punishment takes effect, and until when (BKPSDM)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.follow",
        data,
        lambda a: service.start_punishment(
            case,
            effective_from=data.effective_from,
            until=data.until,
            actor=a,
            occurred_at=data.occurred_at,
        ),
    )


@command_route("/cases/{case:uuid}/punishment/completion", "complete_punishment", TAG)
def complete_punishment(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[PunishmentCompletion]
) -> Response[Json]:
    """Record that the punishment has been served (BKPSDM)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.follow",
        data,
        lambda a: service.complete_punishment(
            case, completed_on=data.completed_on, actor=a, occurred_at=data.occurred_at
        ),
    )


@command_route("/cases/{case:uuid}/closure", "close_case", TAG)
def close(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Closure]
) -> Response[Json]:
    """Close the case, with the reason (BKPSDM)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.follow",
        data,
        lambda a: service.close_case(
            case, reason=data.reason, actor=a, occurred_at=data.occurred_at
        ),
    )


HANDLERS = [
    deliver,
    file_objection,
    decide_objection,
    start_punishment,
    complete_punishment,
    close,
]
