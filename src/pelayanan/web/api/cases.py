"""Discipline cases (PP 94/2021): opening, summons, examination, decision."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from uuid import UUID

from litestar import Request, Response, post
from litestar.params import FromPath, JSONBody

from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.values import Actor, Impact, OfficeCode, parse_enum
from pelayanan.web.api.common import Json, command, ctx_of, principal_of
from pelayanan.web.api.reads import case_doc
from pelayanan.web.context import WebContext


@dataclass
class OpenCase:
    case_number: str
    nip: str
    name: str
    office_code: str | None
    source_kind: str
    source_reference: str
    breach_kind: str
    description: str
    days_absent: int | None = None
    consecutive_days: int | None = None
    late_minutes: int | None = None
    impact: str | None = None
    source_id: UUID | None = None


@dataclass
class Summon:
    letter_date: date
    examination_date: date


@dataclass
class Examination:
    bap_reference: str
    signed_by_subject: bool
    examiners: str


@dataclass
class Decide:
    outcome: str
    reason: str
    punishment: str | None = None
    decree: str | None = None


@post("/cases", sync_to_thread=True, tags=["discipline"])
def open_case(request: Request[Any, Any, Any], data: JSONBody[OpenCase]) -> Response[Json]:
    """Open a disciplinary case (BKPSDM analyst)."""
    service = ctx_of(request).service
    source = CaseSource(
        kind=parse_enum(SourceKind, data.source_kind),
        reference=data.source_reference,
        source_id=data.source_id,
    )
    breach = Breach(
        kind=parse_enum(BreachKind, data.breach_kind),
        description=data.description,
        days_absent=data.days_absent,
        consecutive_days=data.consecutive_days,
        late_minutes=data.late_minutes,
        impact=None if data.impact is None else parse_enum(Impact, data.impact),
    )

    def call(actor: Actor) -> Json:
        cid = service.open_case(
            data.case_number,
            nip=data.nip,
            name=data.name,
            source=source,
            breach=breach,
            office_code=data.office_code,
            actor=actor,
        )
        return {"id": str(cid), "case_number": data.case_number}

    return command(request, "case.open", asdict(data), call)


def _case_office(ctx: WebContext, case: UUID) -> OfficeCode | None:
    office = case_doc(ctx, case).get("office")
    return None if office is None else OfficeCode(office)


@post("/cases/{case:uuid}/summons", sync_to_thread=True, tags=["discipline"])
def summon(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Summon]
) -> Response[Json]:
    """Summon the civil servant in writing (the atasan langsung of the case's office)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        number = ctx.service.request_clarification(
            case, letter_date=data.letter_date, examination_date=data.examination_date, actor=actor
        )
        return {"case": str(case), "summons": number}

    return command(request, "case.summon", asdict(data), call, office=_case_office(ctx, case))


@post("/cases/{case:uuid}/examination", sync_to_thread=True, tags=["discipline"])
def examine(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Examination]
) -> Response[Json]:
    """Record the examination (BAP) (atasan langsung of the office, or tim pemeriksa)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.service.record_examination(
            case,
            bap_reference=data.bap_reference,
            signed_by_subject=data.signed_by_subject,
            examiners=data.examiners,
            actor=actor,
        )
        return {"case": str(case), "examined": True}

    return command(request, "case.examine", asdict(data), call, office=_case_office(ctx, case))


@post("/cases/{case:uuid}/decision", sync_to_thread=True, tags=["discipline"])
def decide(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Decide]
) -> Response[Json]:
    """Decide the case (pejabat berwenang; see accounts.may_decide for the authority seam)."""
    from pelayanan.accounts import may_decide

    ctx = ctx_of(request)
    may_decide(principal_of(request).account, case_doc(ctx, case))

    def call(actor: Actor) -> Json:
        decision = ctx.service.decide_case(
            case,
            outcome=data.outcome,
            reason=data.reason,
            punishment=data.punishment,
            decree=data.decree,
            decided_by=actor,
        )
        return {
            "case": str(case),
            "outcome": decision.outcome.value,
            "punishment": None if decision.punishment is None else decision.punishment.value,
        }

    return command(request, "case.decide", asdict(data), call)


HANDLERS = [
    open_case,
    summon,
    examine,
    decide,
]
