"""The JSON API: one route per command and per read model, each a few lines of translation.

Every write goes through :class:`~pelayanan.service.ComplianceService` (or
:class:`~pelayanan.accounts.Accounts`) with the signed-in account as the actor; every read comes
from a projection. Nothing here decides a rule, a deadline or a procedural step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, Router, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from pelayanan.domain.account import AccountRole
from pelayanan.domain.complaint import Complainant
from pelayanan.domain.discipline import Breach, BreachKind, CaseSource, SourceKind
from pelayanan.domain.errors import NotFound
from pelayanan.domain.inspection import Observation, Team, TeamMember
from pelayanan.domain.values import (
    Actor,
    Impact,
    InspectorUnit,
    Nip,
    OfficeCode,
    local_date,
    parse_enum,
)
from pelayanan.policy import catalogue, deadlines, punishment
from pelayanan.projections.standard import (
    discipline_register,
    kecamatan_board,
    next_step,
    office_board,
    open_complaints,
    timeline,
)
from pelayanan.web.auth import Principal
from pelayanan.web.context import WebContext
from pelayanan.web.idempotency import IdempotencyKeys

Json = dict[str, Any]


def ctx_of(request: Request[Any, Any, Any]) -> WebContext:
    found: WebContext = request.app.state.ctx
    return found


def authenticated(connection: Any, _: Any) -> None:
    """Guard of every API route: who is asking is settled before the body is even read, so a
    request without valid credentials gets 401 whatever else is wrong with it."""
    connection.state.principal = ctx_of(connection).principal(connection, api=True)


def principal_of(request: Request[Any, Any, Any]) -> Principal:
    found: Principal = request.state.principal
    return found


def _today(ctx: WebContext, today: date | None) -> date:
    return today or local_date(ctx.service.clock.now())


def run_command(
    request: Request[Any, Any, Any],
    principal: Principal,
    actor: Actor,
    payload: Any,
    call: Callable[[], Json],
    *,
    key: str | None,
    status: int = 201,
) -> tuple[int, Json, bool]:
    """Run ``call`` once per idempotency key; (status, body, replayed)."""
    ctx = ctx_of(request)
    if key is None:
        return status, ctx.run(call), False
    scoped = IdempotencyKeys.scoped(principal.name, key, request.method, request.url.path)
    stored = ctx.idempotency.claim(scoped, IdempotencyKeys.fingerprint(payload))
    if stored is not None:
        return stored.status, stored.body, True
    try:
        body = ctx.run(call)
    except BaseException:
        ctx.idempotency.release(scoped)
        raise
    ctx.idempotency.finish(scoped, status, body)
    return status, body, False


def _command(
    request: Request[Any, Any, Any],
    action: str,
    payload: Any,
    call: Callable[[Actor], Json],
    *,
    office: OfficeCode | None = None,
    status: int = 201,
) -> Response[Json]:
    principal = principal_of(request)
    actor = principal.require(action, office)
    code, body, replayed = run_command(
        request,
        principal,
        actor,
        payload,
        lambda: call(actor),
        key=request.headers.get("idempotency-key"),
        status=status,
    )
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return Response(body, status_code=code, headers=headers)


def _reader(request: Request[Any, Any, Any]) -> tuple[WebContext, Principal]:
    principal = principal_of(request)
    principal.require("read")
    return ctx_of(request), principal


# --------------------------------------------------------------------------- bodies


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
class NewAccount:
    name: str
    password: str
    role: str
    office: str | None = None


@dataclass
class Grant:
    role: str
    office: str | None = None


@dataclass
class Disable:
    reason: str


# --------------------------------------------------------------------------- meta


@get("/me", sync_to_thread=True, tags=["accounts"])
def me(request: Request[Any, Any, Any]) -> Json:
    """The signed-in account and its roles."""
    _, principal = _reader(request)
    return {
        "name": principal.name,
        "via": principal.via,
        "roles": [
            {"role": role.value, "office": office.value if office else None}
            for role, office in principal.account.roles()
        ],
    }


# --------------------------------------------------------------------------- offices


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

    return _command(request, "office.register", asdict(data), call)


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

    return _command(request, "office.staff", asdict(data), call, office=office)


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

    return _command(request, "office.permission", asdict(data), call, office=office)


@get("/board", sync_to_thread=True, tags=["read models"])
def board(
    request: Request[Any, Any, Any],
    today: FromQuery[date | None] = None,
    by: Annotated[str, QueryParameter(description="office or kecamatan")] = "office",
) -> Json:
    """The compliance board (score and zone), per office or per kecamatan, as of a date."""
    ctx, _ = _reader(request)
    day = _today(ctx, today)
    view = ctx.view("office_board")
    if by not in ("office", "kecamatan"):
        from pelayanan.domain.errors import InvalidValue

        raise InvalidValue(f"by must be office or kecamatan, got {by!r}")
    rows = kecamatan_board(view, day) if by == "kecamatan" else office_board(view, day)
    return {"today": day.isoformat(), "rows": rows}


@get("/offices/{code:str}", sync_to_thread=True, tags=["read models"])
def office(
    request: Request[Any, Any, Any], code: FromPath[str], today: FromQuery[date | None] = None
) -> Json:
    """One office's board line, its open complaints and its recent timeline."""
    ctx, _ = _reader(request)
    return office_data(ctx, OfficeCode(code).value, _today(ctx, today))


def office_data(ctx: WebContext, code: str, day: date) -> Json:
    from pelayanan.projections.standard.office_board import office_row

    doc = ctx.view("office_board").get(f"office:{code}")
    if doc is None:
        raise NotFound(f"no office {code} is recorded")
    complaints = [c for c in open_complaints(ctx.view("complaint_sla"), day) if c["office"] == code]
    events = timeline(ctx.view("audit_trail"), office=code)[-50:]
    return {
        "today": day.isoformat(),
        "office": office_row(doc, day),
        "open_complaints": complaints,
        "timeline": events[::-1],
    }


# --------------------------------------------------------------------------- sidak


@post("/inspections", sync_to_thread=True, tags=["sidak"])
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

    return _command(request, "sidak", asdict(data), call)


@post("/inspections/{inspection:uuid}/observations", sync_to_thread=True, tags=["sidak"])
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
        return {"inspection": str(inspection), "observation": number}

    return _command(request, "sidak", asdict(data), call)


@post("/inspections/{inspection:uuid}/findings", sync_to_thread=True, tags=["sidak"])
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
        return {"inspection": str(inspection), "finding": number}

    return _command(request, "sidak", asdict(data), call)


@post("/inspections/{inspection:uuid}/conclusion", sync_to_thread=True, tags=["sidak"])
def conclude(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: JSONBody[Conclude]
) -> Response[Json]:
    """Conclude the sidak (satgas)."""
    service = ctx_of(request).service

    def call(actor: Actor) -> Json:
        service.conclude_inspection(
            inspection, summary=data.summary, actor=actor, occurred_at=data.occurred_at
        )
        return {"inspection": str(inspection), "concluded": True}

    return _command(request, "sidak", asdict(data), call)


@get("/records/{record:uuid}/timeline", sync_to_thread=True, tags=["read models"])
def record_timeline(request: Request[Any, Any, Any], record: FromPath[UUID]) -> list[Json]:
    """Every event of one record (office, sidak, complaint, case), in log order."""
    ctx, _ = _reader(request)
    entries = timeline(ctx.view("audit_trail"), aggregate_id=record)
    if not entries:
        raise NotFound(f"no record {record} is in the audit trail")
    return entries


# --------------------------------------------------------------------------- complaints


@post("/complaints", sync_to_thread=True, tags=["complaints"])
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

    return _command(request, "complaint", asdict(data), call)


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

    return _command(request, "complaint", payload, call, status=200)


@post("/complaints/{complaint:uuid}/acknowledgement", sync_to_thread=True, tags=["complaints"])
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


@post("/complaints/{complaint:uuid}/classification", sync_to_thread=True, tags=["complaints"])
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


@post("/complaints/{complaint:uuid}/response", sync_to_thread=True, tags=["complaints"])
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


@post("/complaints/{complaint:uuid}/resolution", sync_to_thread=True, tags=["complaints"])
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


@post("/complaints/{complaint:uuid}/rejection", sync_to_thread=True, tags=["complaints"])
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


@get("/complaints", sync_to_thread=True, tags=["read models"])
def complaints(
    request: Request[Any, Any, Any],
    today: FromQuery[date | None] = None,
    overdue: FromQuery[bool] = False,
) -> Json:
    """Open complaints with the deadline that binds each, and whether it is overdue."""
    ctx, _ = _reader(request)
    day = _today(ctx, today)
    rows = open_complaints(ctx.view("complaint_sla"), day)
    if overdue:
        rows = [r for r in rows if r["overdue"]]
    return {"today": day.isoformat(), "rows": rows}


@get("/complaints/{complaint:uuid}/personal", sync_to_thread=True, tags=["complaints"])
def complaint_personal(request: Request[Any, Any, Any], complaint: FromPath[UUID]) -> Json:
    """The complainant and the description: personal data, for the roles that may see it."""
    ctx, principal = _reader(request)
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


# --------------------------------------------------------------------------- discipline


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

    return _command(request, "case.open", asdict(data), call)


def case_doc(ctx: WebContext, case: UUID) -> Json:
    view = ctx.view("discipline_register")
    owner = view.get(f"case:{case}")
    if owner is None:
        raise NotFound(f"no disciplinary case {case} is recorded")
    entry = view.get(f"nip:{owner['nip']}")
    assert entry is not None
    doc: Json = dict(entry["cases"][str(case)])
    today = local_date(ctx.service.clock.now())
    doc.update(
        id=str(case),
        nip=entry["nip"],
        name=entry["name"],
        next_step=next_step(doc, today, ctx.service.policy),
    )
    return doc


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

    return _command(request, "case.summon", asdict(data), call, office=_case_office(ctx, case))


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

    return _command(request, "case.examine", asdict(data), call, office=_case_office(ctx, case))


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

    return _command(request, "case.decide", asdict(data), call)


@get("/cases", sync_to_thread=True, tags=["read models"])
def cases(request: Request[Any, Any, Any], today: FromQuery[date | None] = None) -> Json:
    """The discipline register: each civil servant's cases, next steps and punishments."""
    ctx, _ = _reader(request)
    day = _today(ctx, today)
    rows = discipline_register(ctx.view("discipline_register"), day, policy=ctx.service.policy)
    return {"today": day.isoformat(), "rows": rows}


@get("/cases/{case:uuid}", sync_to_thread=True, tags=["read models"])
def case(request: Request[Any, Any, Any], case: FromPath[UUID]) -> Json:
    """One case: its state, next step, and timeline."""
    ctx, _ = _reader(request)
    doc = case_doc(ctx, case)
    doc["timeline"] = timeline(ctx.view("audit_trail"), aggregate_id=case)
    return doc


# --------------------------------------------------------------------------- rules


@get("/rules", sync_to_thread=False, tags=["rules"])
def rules(request: Request[Any, Any, Any], on: FromQuery[date | None] = None) -> list[Json]:
    """The policy rule catalogue (every version, or those in force on ``on``)."""
    _reader(request)
    return rule_rows(on)


def rule_rows(on: date | None) -> list[Json]:
    found = catalogue.all_rules()
    if on is not None:
        found = [r for r in found if r.in_force(on)]
    return [
        {
            "rule_id": r.id,
            "rule_version": r.version,
            "title": r.title,
            "valid_from": r.valid_from.isoformat(),
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            "citation": r.citation.cite(),
            "verified": r.verified,
            "sources": list(r.sources),
        }
        for r in found
    ]


@get("/rules/attendance", sync_to_thread=False, tags=["rules"])
def eval_attendance(
    request: Request[Any, Any, Any],
    days: Annotated[int, QueryParameter(ge=0, le=366)],
    consecutive: Annotated[int, QueryParameter(ge=0, le=366)] = 0,
    late_minutes: Annotated[int, QueryParameter(ge=0)] = 0,
    on: FromQuery[date | None] = None,
) -> Json:
    """Evaluate PP 94/2021's attendance ladder on the given counts."""
    ctx, _ = _reader(request)
    if consecutive > days:
        from pelayanan.domain.errors import InvalidValue

        raise InvalidValue(f"consecutive ({consecutive}) cannot exceed days ({days})")
    outcome = punishment.attendance(
        days,
        consecutive_days=consecutive,
        late_minutes=late_minutes,
        on=_today(ctx, on),
        settings=ctx.service.policy,
    )
    result: Json = outcome.to_dict()
    return result


@get("/rules/deadline", sync_to_thread=False, tags=["rules"])
def eval_deadline(
    request: Request[Any, Any, Any],
    kind: FromQuery[str],
    start: FromQuery[date],
    on: FromQuery[date | None] = None,
) -> Json:
    """Compute a procedure or complaint time limit and show how it was counted."""
    ctx, _ = _reader(request)
    outcome = deadlines.deadline(kind, start, settings=ctx.service.policy, on=on)
    result: Json = outcome.to_dict()
    return result


# --------------------------------------------------------------------------- integrity


@get("/integrity", sync_to_thread=True, tags=["integrity"])
def integrity(request: Request[Any, Any, Any]) -> Json:
    """Verify the whole stored log against its sealed checkpoints (auditor, admin)."""
    ctx = ctx_of(request)
    principal_of(request).require("integrity")
    return ctx.integrity()


@get("/views", sync_to_thread=True, tags=["integrity"])
def views(request: Request[Any, Any, Any]) -> list[Json]:
    """Each read model's position, the log's head, and any error."""
    ctx, _ = _reader(request)
    return [s.to_dict() for s in ctx.runner.status()]


# --------------------------------------------------------------------------- accounts


@get("/accounts", sync_to_thread=True, tags=["accounts"])
def accounts(request: Request[Any, Any, Any]) -> list[Json]:
    """Every account, its roles and whether it is disabled (admin)."""
    ctx = ctx_of(request)
    principal_of(request).require("accounts")
    rows = []
    for name in ctx.accounts.names():
        account = ctx.accounts.get(name)
        rows.append(
            {
                "name": name,
                "disabled": account.disabled,
                "roles": [
                    {"role": r.value, "office": o.value if o else None} for r, o in account.roles()
                ],
                "tokens": sorted(account.tokens),
            }
        )
    return rows


@get("/accounts/{name:str}/history", sync_to_thread=True, tags=["accounts"])
def account_history(request: Request[Any, Any, Any], name: FromPath[str]) -> list[Json]:
    """Every change to an account, who made it and when; never a hash (admin, auditor)."""
    from pelayanan.domain.account import account_id, describe

    principal = principal_of(request)
    if not (principal.may("accounts") or principal.may("integrity")):
        principal.require("accounts")
    ctx = ctx_of(request)
    ctx.accounts.get(name)  # NotFound for an unknown name
    rows = []
    for event in ctx.service.events.get(account_id(name)):
        fields = describe(event)
        actor = fields.pop("actor")
        rows.append(
            {
                "version": fields.pop("originator_version"),
                "event": type(event).__name__,
                "actor": actor.name,
                "actor_role": actor.role,
                "occurred_at": fields.pop("occurred_at").isoformat(),
                "recorded_at": fields.pop("timestamp").isoformat(),
                "details": {k: v for k, v in fields.items() if k != "originator_id"},
            }
        )
    return rows


@post("/accounts", sync_to_thread=True, tags=["accounts"])
def add_account(request: Request[Any, Any, Any], data: JSONBody[NewAccount]) -> Response[Json]:
    """Create an account with its first role (admin)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.add(
            data.name, password=data.password, role=data.role, office=data.office, actor=actor
        )
        return {"name": data.name}

    # The password is not part of the idempotency fingerprint: nothing secret is stored there.
    payload = {k: v for k, v in asdict(data).items() if k != "password"}
    return _command(request, "accounts", payload, call)


@post("/accounts/{name:str}/grants", sync_to_thread=True, tags=["accounts"])
def grant(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[Grant]
) -> Response[Json]:
    """Grant a role (admin); recorded with who granted it and when."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.grant(name, data.role, data.office, actor=actor)
        return {"name": name, "granted": data.role, "office": data.office}

    return _command(request, "accounts", asdict(data), call)


@post("/accounts/{name:str}/revocations", sync_to_thread=True, tags=["accounts"])
def revoke(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[Grant]
) -> Response[Json]:
    """Revoke a role (admin)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.revoke(name, data.role, data.office, actor=actor)
        return {"name": name, "revoked": data.role, "office": data.office}

    return _command(request, "accounts", asdict(data), call)


@post("/accounts/{name:str}/disable", sync_to_thread=True, tags=["accounts"])
def disable(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[Disable]
) -> Response[Json]:
    """Disable an account (admin): its sessions and tokens stop working at once."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.disable(name, reason=data.reason, actor=actor)
        return {"name": name, "disabled": True}

    return _command(request, "accounts", asdict(data), call, status=200)


ROLES = [r.value for r in AccountRole]

router = Router(
    path="/api",
    guards=[authenticated],
    route_handlers=[
        me,
        register_office,
        assign_staff,
        record_permission,
        board,
        office,
        start_sidak,
        observe,
        find,
        conclude,
        record_timeline,
        file_complaint,
        acknowledge,
        classify,
        respond,
        resolve,
        reject,
        complaints,
        complaint_personal,
        open_case,
        summon,
        examine,
        decide,
        cases,
        case,
        rules,
        eval_attendance,
        eval_deadline,
        integrity,
        views,
        accounts,
        account_history,
        add_account,
        grant,
        revoke,
        disable,
    ],
)
