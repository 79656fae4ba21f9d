"""The policy rule catalogue and rule evaluation."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, get
from litestar.params import FromQuery, QueryParameter

from pelayanan.policy import catalogue, deadlines, punishment
from pelayanan.web.api.common import Json, day_of, reader


@get("/rules", sync_to_thread=False, tags=["rules"])
def rules(request: Request[Any, Any, Any], on: FromQuery[date | None] = None) -> list[Json]:
    """The policy rule catalogue (every version, or those in force on ``on``)."""
    reader(request)
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
    ctx, _ = reader(request)
    if consecutive > days:
        from pelayanan.domain.errors import InvalidValue

        raise InvalidValue(f"consecutive ({consecutive}) cannot exceed days ({days})")
    outcome = punishment.attendance(
        days,
        consecutive_days=consecutive,
        late_minutes=late_minutes,
        on=day_of(ctx, on),
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
    ctx, _ = reader(request)
    outcome = deadlines.deadline(kind, start, settings=ctx.service.policy, on=on)
    result: Json = outcome.to_dict()
    return result


HANDLERS = [
    rules,
    eval_attendance,
    eval_deadline,
]
