"""What every API route shares: who is asking, and running a command once per idempotency key.

A command route is ``@command_route(path, command, tag)`` over a function that reads the body and
calls :func:`command` (or :func:`step`, for a command on one record) with what the service
should do as the signed-in account; the role check, the idempotency key and the answer are here,
once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Any
from uuid import UUID

from litestar import Request, Response, post

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


def command_route(path: str, command: str, tag: str) -> post:
    """The ``POST`` route of ``command``: its OpenAPI operationId is the command's name, which is
    how the route-coverage test finds every command of the service among the routes."""
    return post(path, operation_id=command, sync_to_thread=True, tags=[tag])


def _fingerprinted(body: Any) -> Any:
    """What a retry must repeat to get the stored answer: the body's fields."""
    return asdict(body) if is_dataclass(body) and not isinstance(body, type) else body


def command(
    request: Request[Any, Any, Any],
    action: str,
    body: Any,
    call: Callable[[Actor], Json],
    *,
    office: OfficeCode | None = None,
    status: int = 201,
) -> Response[Json]:
    """Run ``call`` as the signed-in account if it may do ``action`` (for ``office`` where the
    role is an office's), once per ``Idempotency-Key``; ``body`` is the request's (a dataclass,
    or the dict of what a retry must repeat)."""
    principal = principal_of(request)
    actor = principal.require(action, office)
    code, answer, replayed = run_command(
        request,
        principal,
        actor,
        _fingerprinted(body),
        lambda: call(actor),
        key=request.headers.get("idempotency-key"),
        status=status,
    )
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return Response(answer, status_code=code, headers=headers)


def step(
    request: Request[Any, Any, Any],
    record: tuple[str, UUID | str],
    action: str,
    body: Any,
    call: Callable[[Actor], Json | None],
    *,
    office: OfficeCode | None = None,
    status: int = 201,
) -> Response[Json]:
    """A command on one record, ``record`` being the answer's name for it and its id: the
    answer names the record, with whatever ``call`` adds."""
    name, ident = record

    def answer(actor: Actor) -> Json:
        return {name: str(ident), **(call(actor) or {})}

    return command(request, action, body, answer, office=office, status=status)


def reader(request: Request[Any, Any, Any]) -> tuple[WebContext, Principal]:
    principal = principal_of(request)
    principal.require("read")
    return ctx_of(request), principal
