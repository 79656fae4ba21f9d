"""Server-rendered pages: plain HTML forms, no script, usable on a phone.

Each page reads projections and each form posts to a route that calls the same service command
the API does (with the same idempotency: a form carries a key made when it was shown, so a
double tap records once). Forms carry a CSRF token; the session cookie is HttpOnly and SameSite.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from pelayanan import i18n
from pelayanan.domain.complaint import ComplaintStatus
from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.inspection import Observation, Team, TeamMember
from pelayanan.domain.values import (
    WIB,
    Actor,
    FindingKind,
    InspectorUnit,
    Nip,
    OfficeCode,
    Severity,
    local_date,
    parse_enum,
)
from pelayanan.i18n import LANGUAGES
from pelayanan.projections.standard import (
    discipline_register,
    kecamatan_board,
    office_board,
    open_complaints,
    timeline,
)
from pelayanan.web.actions import (
    case_actions,
    checked,
    complaint_actions,
    office_actions,
    submit,
)
from pelayanan.web.api import case_doc, ctx_of, office_data, rule_rows
from pelayanan.web.auth import SESSION_COOKIE, SESSION_SECONDS, Principal, sign_session
from pelayanan.web.context import WebContext
from pelayanan.web.words import words

Form = URLEncodedBody[dict[str, str]]


def language(request: Request[Any, Any, Any]) -> str:
    asked = request.query_params.get("lang") or request.cookies.get("lang") or "id"
    return asked if asked in LANGUAGES else "id"


def page_context(
    request: Request[Any, Any, Any], principal: Principal | None, **extra: Any
) -> dict[str, Any]:
    lang = language(request)
    return {
        "w": words(lang),
        "lang": lang,
        "me": principal,
        "path": request.url.path,
        # Enum values and numbers as each language writes them, from pelayanan.i18n.
        "L": lambda member: i18n.label(member, lang),
        "dec": lambda value: i18n.decimal(float(value), lang),
        "zone": lambda value: i18n.WORDS[lang].get(value, value),
        "status": lambda value: i18n.label(ComplaintStatus(value), lang),
        **extra,
    }


def _page(
    request: Request[Any, Any, Any], name: FromPath[str], principal: Principal, **extra: Any
) -> Template:
    response = Template(name, context=page_context(request, principal, **extra))
    if "lang" in request.query_params:
        response.set_cookie("lang", language(request), httponly=True, samesite="lax")
    return response


def _signed_in(request: Request[Any, Any, Any]) -> tuple[WebContext, Principal]:
    ctx = ctx_of(request)
    principal = ctx.principal(request, api=False)
    principal.require("read")
    return ctx, principal


def _today(ctx: WebContext, text: str | None) -> date:
    if not text:
        return local_date(ctx.service.clock.now())
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"bad date {text!r}: expected YYYY-MM-DD") from None


def _nips(text: str | None) -> tuple[Nip, ...]:
    return tuple(
        Nip(part.strip()) for part in (text or "").replace("\n", ",").split(",") if part.strip()
    )


def _local(safe_next: str | None) -> str:
    # Only a path on this site: never an open redirect to another host.
    if safe_next and safe_next.startswith("/") and not safe_next.startswith("//"):
        return safe_next
    return "/board"


# --------------------------------------------------------------------------- sign in


@get("/login", sync_to_thread=False, include_in_schema=False)
def login_form(request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template:
    return Template(
        "login.html", context=page_context(request, None, next=_local(next), failed=False)
    )


@post("/login", sync_to_thread=True, include_in_schema=False)
def login(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    ctx = ctx_of(request)
    name = (data.get("name") or "").strip().lower()
    address = request.client.host if request.client else "?"
    ctx.throttle.check(name, address)
    account = ctx.accounts.authenticate(name, data.get("password") or "")
    if account is None:
        ctx.throttle.failed(name, address)
        return Template(
            "login.html",
            context=page_context(request, None, next=_local(data.get("next")), failed=True),
            status_code=401,
        )
    ctx.throttle.succeeded(name)
    response: Response[Any] = Redirect(_local(data.get("next")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        sign_session(ctx.secret, account.id),
        max_age=SESSION_SECONDS,
        httponly=True,
        secure=ctx.secure_cookies or request.url.scheme == "https",
        samesite="lax",
        path="/",
    )
    return response


@post("/logout", sync_to_thread=False, include_in_schema=False)
def logout(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    response: Response[Any] = Redirect("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@get("/", sync_to_thread=False, include_in_schema=False)
def home() -> Redirect:
    return Redirect("/board")


# --------------------------------------------------------------------------- board, offices


@get("/board", sync_to_thread=True, include_in_schema=False)
def board_page(
    request: Request[Any, Any, Any],
    today: FromQuery[str | None] = None,
    by: FromQuery[str] = "office",
) -> Template:
    ctx, principal = _signed_in(request)
    day = _today(ctx, today)
    view = ctx.view("office_board")
    per_kecamatan = by == "kecamatan"
    rows = kecamatan_board(view, day) if per_kecamatan else office_board(view, day)
    return _page(
        request,
        "board.html",
        principal,
        rows=rows,
        today=day.isoformat(),
        by_kecamatan=per_kecamatan,
    )


@get("/offices/{code:str}", sync_to_thread=True, include_in_schema=False)
def office_page(
    request: Request[Any, Any, Any], code: FromPath[str], today: FromQuery[str | None] = None
) -> Template:
    ctx, principal = _signed_in(request)
    data = office_data(ctx, OfficeCode(code).value, _today(ctx, today))
    return _page(
        request,
        "office.html",
        principal,
        actions=office_actions(principal, code),
        key=uuid.uuid4().hex,
        **data,
    )


# --------------------------------------------------------------------------- sidak


@get("/sidak", sync_to_thread=True, include_in_schema=False)
def sidak_new(request: Request[Any, Any, Any], office: FromQuery[str | None] = None) -> Template:
    ctx, principal = _signed_in(request)
    offices = office_board(ctx.view("office_board"), local_date(ctx.service.clock.now()))
    now = ctx.service.clock.now().astimezone(WIB)
    return _page(
        request,
        "sidak_new.html",
        principal,
        offices=offices,
        office=office,
        reference=f"SIDAK-{now:%Y%m%d-%H%M%S}",
        units=list(InspectorUnit),
        key=uuid.uuid4().hex,
    )


@post("/sidak", sync_to_thread=True, include_in_schema=False)
def sidak_start(request: Request[Any, Any, Any], data: Form) -> Redirect:
    service = ctx_of(request).service
    team = Team(
        (
            TeamMember(
                name=data.get("team_name", ""),
                unit=parse_enum(InspectorUnit, data.get("team_unit") or "inspektorat"),
            ),
        )
    )

    def call(actor: Actor) -> dict[str, Any]:
        iid = service.start_inspection(
            data.get("reference", ""),
            office_code=data.get("office_code", ""),
            team=team,
            actor=actor,
        )
        return {"id": str(iid)}

    body = submit(request, data, "sidak", call)
    return Redirect(f"/sidak/{body['id']}", status_code=303)


@get("/sidak/{inspection:uuid}", sync_to_thread=True, include_in_schema=False)
def sidak_page(request: Request[Any, Any, Any], inspection: FromPath[UUID]) -> Template:
    ctx, principal = _signed_in(request)
    entries = timeline(ctx.view("audit_trail"), aggregate_id=inspection)
    if not entries or entries[0]["aggregate"] != "Inspection":
        raise NotFound(f"no sidak {inspection} is recorded")
    concluded = any(e["event"] == "Concluded" for e in entries)
    return _page(
        request,
        "sidak.html",
        principal,
        inspection=str(inspection),
        office=entries[0]["office"],
        entries=entries,
        concluded=concluded,
        kinds=list(FindingKind),
        severities=list(Severity),
        may_record=principal.may("sidak"),
        key=uuid.uuid4().hex,
    )


@post("/sidak/{inspection:uuid}/observation", sync_to_thread=True, include_in_schema=False)
def sidak_observe(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: Form
) -> Redirect:
    service = ctx_of(request).service

    def call(actor: Actor) -> dict[str, Any]:
        observation = Observation(
            at=service.clock.now().astimezone(WIB),
            office_open=checked(data, "office_open"),
            counter_staffed=checked(data, "counter_staffed"),
            absent=_nips(data.get("absent")),
            standard_displayed=checked(data, "standard_displayed"),
            citizens_waiting=_count(data.get("citizens_waiting")),
            note=data.get("note") or None,
        )
        return {"observation": service.record_observation(inspection, observation, actor=actor)}

    submit(request, data, "sidak", call)
    return Redirect(f"/sidak/{inspection}", status_code=303)


@post("/sidak/{inspection:uuid}/finding", sync_to_thread=True, include_in_schema=False)
def sidak_finding(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: Form
) -> Redirect:
    service = ctx_of(request).service

    def call(actor: Actor) -> dict[str, Any]:
        number = service.record_finding(
            inspection,
            kind=data.get("kind", ""),
            severity=data.get("severity", ""),
            description=data.get("description", ""),
            subjects=_nips(data.get("subjects")),
            actor=actor,
        )
        return {"finding": number}

    submit(request, data, "sidak", call)
    return Redirect(f"/sidak/{inspection}", status_code=303)


@post("/sidak/{inspection:uuid}/conclusion", sync_to_thread=True, include_in_schema=False)
def sidak_conclude(
    request: Request[Any, Any, Any], inspection: FromPath[UUID], data: Form
) -> Redirect:
    service = ctx_of(request).service

    def call(actor: Actor) -> dict[str, Any]:
        service.conclude_inspection(inspection, summary=data.get("summary", ""), actor=actor)
        return {"concluded": True}

    submit(request, data, "sidak", call)
    return Redirect(f"/sidak/{inspection}", status_code=303)


def _count(text: str | None) -> int:
    try:
        value = int(text or 0)
    except ValueError:
        raise InvalidValue(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise InvalidValue(f"expected a whole number of at least 0, got {value}")
    return value


# --------------------------------------------------------------------------- complaints, cases


@get("/complaints", sync_to_thread=True, include_in_schema=False)
def complaints_page(
    request: Request[Any, Any, Any], today: FromQuery[str | None] = None
) -> Template:
    ctx, principal = _signed_in(request)
    day = _today(ctx, today)
    rows = sorted(
        open_complaints(ctx.view("complaint_sla"), day),
        key=lambda r: (not r["overdue"], (r["deadline"] or {}).get("due") or "9999"),
    )
    return _page(request, "complaints.html", principal, rows=rows, today=day.isoformat())


@get("/complaints/{complaint:uuid}", sync_to_thread=True, include_in_schema=False)
def complaint_page(request: Request[Any, Any, Any], complaint: FromPath[UUID]) -> Template:
    ctx, principal = _signed_in(request)
    doc = ctx.view("complaint_sla").get(f"complaint:{complaint}")
    if doc is None:
        raise NotFound(f"no complaint {complaint} is recorded")
    day = local_date(ctx.service.clock.now())
    row = next(
        (r for r in open_complaints(ctx.view("complaint_sla"), day) if r["id"] == str(complaint)),
        None,
    )
    return _page(
        request,
        "complaint.html",
        principal,
        complaint=str(complaint),
        doc=doc,
        row=row,
        entries=timeline(ctx.view("audit_trail"), aggregate_id=complaint),
        actions=complaint_actions(principal, doc),
        today=day.isoformat(),
        key=uuid.uuid4().hex,
    )


@get("/cases", sync_to_thread=True, include_in_schema=False)
def register_page(request: Request[Any, Any, Any], today: FromQuery[str | None] = None) -> Template:
    ctx, principal = _signed_in(request)
    day = _today(ctx, today)
    rows = discipline_register(ctx.view("discipline_register"), day, policy=ctx.service.policy)
    return _page(request, "register.html", principal, rows=rows, today=day.isoformat())


@get("/cases/{case:uuid}", sync_to_thread=True, include_in_schema=False)
def case_page(request: Request[Any, Any, Any], case: FromPath[UUID]) -> Template:
    ctx, principal = _signed_in(request)
    doc = case_doc(ctx, case)
    return _page(
        request,
        "case.html",
        principal,
        case=doc,
        entries=timeline(ctx.view("audit_trail"), aggregate_id=case),
        actions=case_actions(principal, doc),
        today=local_date(ctx.service.clock.now()).isoformat(),
        key=uuid.uuid4().hex,
    )


# --------------------------------------------------------------------------- rules, integrity


@get("/rules", sync_to_thread=True, include_in_schema=False)
def rules_page(request: Request[Any, Any, Any], on: FromQuery[str | None] = None) -> Template:
    ctx, principal = _signed_in(request)
    day = _today(ctx, on) if on else None
    return _page(
        request, "rules.html", principal, rows=rule_rows(day), on=day.isoformat() if day else ""
    )


@get("/integrity", sync_to_thread=True, include_in_schema=False)
def integrity_page(request: Request[Any, Any, Any]) -> Template:
    ctx = ctx_of(request)
    principal = ctx.principal(request, api=False)
    principal.require("integrity")
    report = ctx.integrity()
    checked = datetime.now(WIB).strftime("%Y-%m-%d %H:%M")
    return _page(request, "integrity.html", principal, report=report, checked=checked)


HANDLERS = [
    login_form,
    login,
    logout,
    home,
    board_page,
    office_page,
    sidak_new,
    sidak_start,
    sidak_page,
    sidak_observe,
    sidak_finding,
    sidak_conclude,
    complaints_page,
    complaint_page,
    register_page,
    case_page,
    rules_page,
    integrity_page,
]
