"""Read models: the board, offices, complaints, the discipline register and cases, timelines,
the integrity status and the views' positions. Every read comes from a projection."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.params import FromPath, FromQuery, QueryParameter

from pelayanan.domain.errors import NotFound
from pelayanan.domain.values import OfficeCode, local_date
from pelayanan.projections.standard import (
    discipline_register,
    kecamatan_board,
    next_step,
    office_board,
    open_complaints,
    timeline,
)
from pelayanan.web.api.common import Json, ctx_of, day_of, principal_of, reader
from pelayanan.web.context import WebContext


@get("/board", sync_to_thread=True, tags=["read models"])
def board(
    request: Request[Any, Any, Any],
    today: FromQuery[date | None] = None,
    by: Annotated[str, QueryParameter(description="office or kecamatan")] = "office",
) -> Json:
    """The compliance board (score and zone), per office or per kecamatan, as of a date."""
    ctx, _ = reader(request)
    day = day_of(ctx, today)
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
    ctx, _ = reader(request)
    return office_data(ctx, OfficeCode(code).value, day_of(ctx, today))


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


@get("/records/{record:uuid}/timeline", sync_to_thread=True, tags=["read models"])
def record_timeline(request: Request[Any, Any, Any], record: FromPath[UUID]) -> list[Json]:
    """Every event of one record (office, sidak, complaint, case), in log order."""
    ctx, _ = reader(request)
    entries = timeline(ctx.view("audit_trail"), aggregate_id=record)
    if not entries:
        raise NotFound(f"no record {record} is in the audit trail")
    return entries


@get("/complaints", sync_to_thread=True, tags=["read models"])
def complaints(
    request: Request[Any, Any, Any],
    today: FromQuery[date | None] = None,
    overdue: FromQuery[bool] = False,
) -> Json:
    """Open complaints with the deadline that binds each, and whether it is overdue."""
    ctx, _ = reader(request)
    day = day_of(ctx, today)
    rows = open_complaints(ctx.view("complaint_sla"), day)
    if overdue:
        rows = [r for r in rows if r["overdue"]]
    return {"today": day.isoformat(), "rows": rows}


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


@get("/cases", sync_to_thread=True, tags=["read models"])
def cases(request: Request[Any, Any, Any], today: FromQuery[date | None] = None) -> Json:
    """The discipline register: each civil servant's cases, next steps and punishments."""
    ctx, _ = reader(request)
    day = day_of(ctx, today)
    rows = discipline_register(ctx.view("discipline_register"), day, policy=ctx.service.policy)
    return {"today": day.isoformat(), "rows": rows}


@get("/cases/{case:uuid}", sync_to_thread=True, tags=["read models"])
def case(request: Request[Any, Any, Any], case: FromPath[UUID]) -> Json:
    """One case: its state, next step, and timeline."""
    ctx, _ = reader(request)
    doc = case_doc(ctx, case)
    doc["timeline"] = timeline(ctx.view("audit_trail"), aggregate_id=case)
    return doc


@get("/integrity", sync_to_thread=True, tags=["integrity"])
def integrity(request: Request[Any, Any, Any]) -> Json:
    """Verify the whole stored log against its sealed checkpoints (auditor, admin)."""
    ctx = ctx_of(request)
    principal_of(request).require("integrity")
    return ctx.integrity()


@get("/views", sync_to_thread=True, tags=["integrity"])
def views(request: Request[Any, Any, Any]) -> list[Json]:
    """Each read model's position, the log's head, and any error."""
    ctx, _ = reader(request)
    return [s.to_dict() for s in ctx.runner.status()]


HANDLERS = [
    board,
    office,
    record_timeline,
    complaints,
    cases,
    case,
    integrity,
    views,
]
