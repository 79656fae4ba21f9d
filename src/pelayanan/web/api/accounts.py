"""Accounts: who is signed in, and the administrator's account management."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, JSONBody

from pelayanan.domain.values import Actor
from pelayanan.web.api.common import Json, command, ctx_of, principal_of, reader, step


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


@dataclass
class AccountPosition:
    position: str | None = field(
        metadata={"description": "a position id of the organisation; null: holds none any more"}
    )


@get("/me", sync_to_thread=True, tags=["accounts"])
def me(request: Request[Any, Any, Any]) -> Json:
    """The signed-in account and its roles."""
    _, principal = reader(request)
    return {
        "name": principal.name,
        "via": principal.via,
        "roles": [
            {"role": role.value, "office": office.value if office else None}
            for role, office in principal.account.roles()
        ],
    }


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
    return command(request, "accounts", payload, call)


@post("/accounts/{name:str}/grants", sync_to_thread=True, tags=["accounts"])
def grant(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[Grant]
) -> Response[Json]:
    """Grant a role (admin); recorded with who granted it and when."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.grant(name, data.role, data.office, actor=actor)
        return {"granted": data.role, "office": data.office}

    return step(request, ("name", name), "accounts", data, call)


@post("/accounts/{name:str}/revocations", sync_to_thread=True, tags=["accounts"])
def revoke(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[Grant]
) -> Response[Json]:
    """Revoke a role (admin)."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.revoke(name, data.role, data.office, actor=actor)
        return {"revoked": data.role, "office": data.office}

    return step(request, ("name", name), "accounts", data, call)


@post("/accounts/{name:str}/disable", sync_to_thread=True, tags=["accounts"])
def disable(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[Disable]
) -> Response[Json]:
    """Disable an account (admin): its sessions and tokens stop working at once."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.disable(name, reason=data.reason, actor=actor)
        return {"disabled": True}

    return step(request, ("name", name), "accounts", data, call, status=200)


@post("/accounts/{name:str}/position", sync_to_thread=True, tags=["accounts"])
def position(
    request: Request[Any, Any, Any], name: FromPath[str], data: JSONBody[AccountPosition]
) -> Response[Json]:
    """Set the position of the organisation the account acts from, or clear it with
    ``{"position": null}`` (admin). A position the organisation in force lacks is refused with
    404 ``UnknownPosition``, an unknown account with 404 ``NotFound``; nothing is recorded."""
    ctx = ctx_of(request)

    def call(actor: Actor) -> Json:
        ctx.accounts.set_position(name, data.position, actor=actor)
        return {"position": data.position}

    return step(request, ("name", name), "accounts", data, call, status=200)


HANDLERS = [
    me,
    accounts,
    account_history,
    add_account,
    grant,
    revoke,
    disable,
    position,
]
