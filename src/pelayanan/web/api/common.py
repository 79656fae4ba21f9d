"""What every API route shares: who is asking, and running a command once per idempotency key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from litestar import Request, Response

from pelayanan.domain.values import Actor, OfficeCode, local_date
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


def day_of(ctx: WebContext, today: date | None) -> date:
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


def command(
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


def reader(request: Request[Any, Any, Any]) -> tuple[WebContext, Principal]:
    principal = principal_of(request)
    principal.require("read")
    return ctx_of(request), principal
