"""Discipline cases (PP 94/2021) up to the decision: opening, summons, clarification or no-show,
tim pemeriksa, statements, examination and its BAP copy, the decision.

What follows the decision (delivery, objections, punishment, closing) is in ``case_effects``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.params import FromPath, JSONBody

from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.errors import InvalidValue
from pelayanan.domain.values import Actor, Impact, OfficeCode, parse_enum
from pelayanan.web.api.common import Json, command, command_route, ctx_of, principal_of, step
from pelayanan.web.api.reads import case_doc
from pelayanan.web.context import WebContext

TAG = "discipline"


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


@dataclass
class Clarification:
    statement: str = field(metadata={"description": "personal data: sealed with a vault"})
    occurred_at: datetime | None = None


@dataclass
class NoShow:
    occurred_at: datetime | None = None


@dataclass
class TimPemeriksa:
    decree: str
    members: str
    occurred_at: datetime | None = None


@dataclass
class Statement:
    given_by: str = field(metadata={"description": "the party, by role (never a name)"})
    reference: str = field(metadata={"description": "where the statement is kept"})
    occurred_at: datetime | None = None


@dataclass
class BapReport:
    expected: str | None = field(
        default=None,
        metadata={"description": "the punishment expected; by default what the rules require"},
    )
    occurred_at: datetime | None = None


@dataclass
class BapCopy:
    given_on: date
    occurred_at: datetime | None = None


@command_route("/cases", "open_case", TAG)
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

    return command(request, "case.open", data, call)


def case_office(ctx: WebContext, case: UUID) -> OfficeCode | None:
    """The office of ``case``, which scopes the roles of its office's officials."""
    office = case_doc(ctx, case).get("office")
    return None if office is None else OfficeCode(office)


@command_route("/cases/{case:uuid}/summons", "request_clarification", TAG)
def summon(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Summon]
) -> Response[Json]:
    """Summon the civil servant in writing (the atasan langsung of the case's office)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        number = ctx.service.request_clarification(
            case, letter_date=data.letter_date, examination_date=data.examination_date, actor=actor
        )
        return {"summons": number}

    return step(request, ("case", case), "case.summon", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/examination", "record_examination", TAG)
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
        return {"examined": True}

    return step(request, ("case", case), "case.examine", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/decision", "decide_case", TAG)
def decide(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Decide]
) -> Response[Json]:
    """Decide the case (a pejabat account; with an organisation, as the official holding the
    account's position, whose authority the service checks)."""
    ctx = ctx_of(request)
    principal = principal_of(request)

    def call(actor: Actor) -> Json:
        decision = ctx.service.decide_case(
            case,
            outcome=data.outcome,
            reason=data.reason,
            punishment=data.punishment,
            decree=data.decree,
            decided_by=principal.official(ctx.service.organisation) or actor,
        )
        return {
            "outcome": decision.outcome.value,
            "punishment": None if decision.punishment is None else decision.punishment.value,
        }

    return step(request, ("case", case), "case.decide", data, call)


@command_route("/cases/{case:uuid}/clarification", "receive_clarification", TAG)
def clarification(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Clarification]
) -> Response[Json]:
    """Record the civil servant's statement after the summons (atasan of the office, or tim
    pemeriksa)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.service.receive_clarification(
            case, statement=data.statement, actor=actor, occurred_at=data.occurred_at
        )
        return {"clarification": True}

    return step(request, ("case", case), "case.examine", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/no-show", "record_no_show", TAG)
def no_show(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[NoShow]
) -> Response[Json]:
    """Record that the civil servant did not come to the summons (atasan of the office, or tim
    pemeriksa)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.service.record_no_show(case, actor=actor, occurred_at=data.occurred_at)
        return {"no_show": True}

    return step(request, ("case", case), "case.examine", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/tim-pemeriksa", "form_tim_pemeriksa", TAG)
def tim_pemeriksa(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[TimPemeriksa]
) -> Response[Json]:
    """Record the decree forming a tim pemeriksa (the pejabat berwenang)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.service.form_tim_pemeriksa(
            case,
            decree=data.decree,
            members=data.members,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        return {"tim_pemeriksa": data.decree}

    return step(request, ("case", case), "case.tim", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/statements", "record_statement", TAG)
def statement(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Statement]
) -> Response[Json]:
    """Record a statement taken from another party (atasan of the office, or tim pemeriksa)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.service.record_statement(
            case,
            given_by=data.given_by,
            reference=data.reference,
            actor=actor,
            occurred_at=data.occurred_at,
        )
        return {"statement": data.reference}

    return step(request, ("case", case), "case.examine", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/bap-copy", "give_bap_copy", TAG)
def bap_copy(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[BapCopy]
) -> Response[Json]:
    """Record that the civil servant received a copy of the BAP (atasan of the office, or tim
    pemeriksa)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.service.give_bap_copy(
            case, given_on=data.given_on, actor=actor, occurred_at=data.occurred_at
        )
        return {"bap_copy": data.given_on.isoformat()}

    return step(request, ("case", case), "case.examine", data, call, office=case_office(ctx, case))


@command_route("/cases/{case:uuid}/bap-report", "report_bap", TAG)
def bap_report(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[BapReport]
) -> Response[Json]:
    """Report the BAP up the hierarchy, the punishment expected being beyond the atasan's own
    authority (an atasan account of the case's office, holding its position)."""
    ctx = ctx_of(request)
    principal = principal_of(request)

    def call(actor: Actor) -> Json:
        official = principal.official(ctx.service.organisation)
        if official is None:
            raise InvalidValue(
                "reporting the BAP up needs the organisation (the city configuration file)"
            )
        report = ctx.service.report_bap(
            case, reported_by=official, expected=data.expected, occurred_at=data.occurred_at
        )
        return {
            "reported_to": report.reported_to,
            "expected": report.expected.value,
            "rule": str(report.rule),
        }

    return step(request, ("case", case), "case.examine", data, call, office=case_office(ctx, case))


HANDLERS = [
    open_case,
    summon,
    examine,
    clarification,
    no_show,
    tim_pemeriksa,
    statement,
    bap_copy,
    bap_report,
    decide,
]
