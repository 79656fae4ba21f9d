"""The actions the pages offer: the forms of a case, a complaint and an office, and the handlers
they post to.

An action is a form (its fields), the role it needs (a key of :data:`auth.PERMISSIONS`), the
service command it calls, and when the page shows it (read from the record's view, so a form
for a step already taken is not offered; the service remains the judge and refuses a step out
of order with its reason). Each form posts to ``/<record>/<id>/<step>``, named as the API route
(``punishment-start`` for ``punishment/start``), with the page's CSRF token and an idempotency
key made when it was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import attrs
from litestar import Request, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect

from pelayanan.domain.discipline import ObjectionKind, ObjectionOutcome, Outcome
from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.inspection import inspection_id
from pelayanan.domain.organisation import Official
from pelayanan.domain.values import (
    WIB,
    Actor,
    ComplaintClass,
    OfficeCode,
    PermissionKind,
    Punishment,
    Role,
)
from pelayanan.service import ComplianceService
from pelayanan.web.api.common import ctx_of, run_command
from pelayanan.web.api.reads import case_doc
from pelayanan.web.auth import Principal

Form = dict[str, str]
Json = dict[str, Any]


@attrs.frozen
class Field:
    """One input of a form; its label is the word of the same name (web/words.py)."""

    name: str
    kind: str = "text"  # text, textarea, date, datetime, check, select
    choices: tuple[Enum, ...] = ()
    required: bool = True
    blank: bool = False  # a select that may be left empty


@attrs.frozen
class Action:
    step: str  # the URL segment, as in the API
    permission: str
    title: str  # a word key
    fields: tuple[Field, ...]
    run: Callable[[ComplianceService, Any, Form, Actor], object]
    shown: Callable[[Json], bool] = lambda _: True


# --------------------------------------------------------------------------- reading forms


def checked(form: Form, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def form_date(form: Form, name: str) -> date:
    try:
        return date.fromisoformat(form.get(name, ""))
    except ValueError:
        raise InvalidValue(f"{name}: expected YYYY-MM-DD, got {form.get(name)!r}") from None


def optional_date(form: Form, name: str) -> date | None:
    return form_date(form, name) if form.get(name) else None


def form_moment(form: Form, name: str) -> datetime:
    """A ``datetime-local`` input: the wall-clock time in Malang (WIB) unless it names a zone."""
    try:
        moment = datetime.fromisoformat(form.get(name, ""))
    except ValueError:
        raise InvalidValue(f"{name}: expected YYYY-MM-DDTHH:MM, got {form.get(name)!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=WIB)


def submit(
    request: Request[Any, Any, Any],
    form: Form,
    action: str,
    call: Callable[[Actor], Json],
    *,
    office: OfficeCode | None = None,
) -> Json:
    """Run a form's command as the signed-in account, once per the form's idempotency key."""
    ctx = ctx_of(request)
    principal = ctx.principal(request, api=False)
    actor: Actor = principal.require(action, office)
    payload = {k: v for k, v in form.items() if k != "_csrf_token"}
    _, body, _ = run_command(
        request,
        principal,
        actor,
        payload,
        lambda: call(actor),
        key=form.get("idempotency_key") or None,
    )
    return body


def offered(
    actions: dict[str, Action], principal: Principal, doc: Json, office: OfficeCode | None
) -> list[Action]:
    """The actions this account's roles allow on this record, at its present step."""
    return [a for a in actions.values() if principal.may(a.permission, office) and a.shown(doc)]


def _step(actions: dict[str, Action], step: str, what: str) -> Action:
    found = actions.get(step)
    if found is None:
        raise NotFound(f"no {what} step {step!r}")
    return found


# --------------------------------------------------------------------------- cases


def _decide(service: ComplianceService, case: UUID, f: Form, actor: Actor | Official) -> object:
    return service.decide_case(
        case,
        outcome=f.get("outcome", ""),
        reason=f.get("reason", ""),
        punishment=f.get("punishment") or None,
        decree=f.get("decree") or None,
        decided_by=actor,
    )


def _decide_objection(
    service: ComplianceService, case: UUID, f: Form, actor: Actor, official: Official | None
) -> None:
    service.decide_objection(
        case,
        outcome=f.get("outcome", ""),
        reason=f.get("reason", ""),
        punishment=f.get("punishment") or None,
        actor=actor,
        decided_by=official,
    )


def _undecided(doc: Json) -> bool:
    return doc["decision"] is None


def _summoned(doc: Json) -> bool:
    return _undecided(doc) and doc["summonses"] > 0


CASE_ACTIONS: dict[str, Action] = {
    a.step: a
    for a in (
        Action(
            "summons",
            "case.summon",
            "summon",
            (Field("letter_date", "date"), Field("examination_date", "date")),
            lambda s, c, f, a: s.request_clarification(
                c,
                letter_date=form_date(f, "letter_date"),
                examination_date=form_date(f, "examination_date"),
                actor=a,
            ),
            lambda d: _undecided(d) and not d["examined"],
        ),
        Action(
            "clarification",
            "case.examine",
            "clarify",
            (Field("statement", "textarea"),),
            lambda s, c, f, a: s.receive_clarification(
                c, statement=f.get("statement", ""), actor=a
            ),
            lambda d: _summoned(d) and not d["clarified"],
        ),
        Action(
            "no-show",
            "case.examine",
            "no_show",
            (),
            lambda s, c, f, a: s.record_no_show(c, actor=a),
            lambda d: _summoned(d) and not d["examined"] and not d["no_show_pending"],
        ),
        Action(
            "tim-pemeriksa",
            "case.tim",
            "form_tim",
            (Field("decree"), Field("members", "textarea")),
            lambda s, c, f, a: s.form_tim_pemeriksa(
                c, decree=f.get("decree", ""), members=f.get("members", ""), actor=a
            ),
            _undecided,
        ),
        Action(
            "statements",
            "case.examine",
            "take_statement",
            (Field("given_by"), Field("reference")),
            lambda s, c, f, a: s.record_statement(
                c, given_by=f.get("given_by", ""), reference=f.get("reference", ""), actor=a
            ),
            _summoned,
        ),
        Action(
            "examination",
            "case.examine",
            "examine",
            (Field("bap_reference"), Field("signed", "check"), Field("examiners")),
            lambda s, c, f, a: s.record_examination(
                c,
                bap_reference=f.get("bap_reference", ""),
                signed_by_subject=checked(f, "signed"),
                examiners=f.get("examiners", ""),
                actor=a,
            ),
            lambda d: _summoned(d) and not d["examined"],
        ),
        Action(
            "bap-copy",
            "case.examine",
            "bap_copy",
            (Field("given_on", "date"),),
            lambda s, c, f, a: s.give_bap_copy(c, given_on=form_date(f, "given_on"), actor=a),
            lambda d: bool(d["examined"]),
        ),
        Action(
            "decision",
            "case.decide",
            "decide",
            (
                Field("outcome", "select", tuple(Outcome)),
                Field("punishment", "select", tuple(Punishment), required=False, blank=True),
                Field("decree", required=False),
                Field("reason", "textarea"),
            ),
            _decide,
            _undecided,
        ),
        Action(
            "delivery",
            "case.deliver",
            "deliver",
            (Field("delivered_on", "date"),),
            lambda s, c, f, a: s.deliver_decision(
                c, delivered_on=form_date(f, "delivered_on"), actor=a
            ),
            lambda d: d["decision"] is not None and d["delivered_on"] is None,
        ),
        Action(
            "objection",
            "case.follow",
            "file_objection",
            (
                Field("kind", "select", tuple(ObjectionKind)),
                Field("filed_on", "date"),
                Field("grounds", "textarea"),
            ),
            lambda s, c, f, a: s.file_objection(
                c,
                kind=f.get("kind", ""),
                filed_on=form_date(f, "filed_on"),
                grounds=f.get("grounds", ""),
                actor=a,
            ),
            lambda d: bool(d["delivered_on"] and d["standing"] and d["objection"] is None),
        ),
        Action(
            "objection-decision",
            "case.objection",
            "decide_objection",
            (
                Field("outcome", "select", tuple(ObjectionOutcome)),
                Field("punishment", "select", tuple(Punishment), required=False, blank=True),
                Field("reason", "textarea"),
            ),
            lambda s, c, f, a: _decide_objection(s, c, f, a, None),
            lambda d: bool(d["objection_pending"]),
        ),
        Action(
            "punishment-start",
            "case.follow",
            "start_punishment",
            (Field("effective_from", "date"), Field("until", "date", required=False)),
            lambda s, c, f, a: s.start_punishment(
                c,
                effective_from=form_date(f, "effective_from"),
                until=optional_date(f, "until"),
                actor=a,
            ),
            lambda d: bool(
                d["delivered_on"]
                and d["standing"]
                and d["in_effect_from"] is None
                and not d["objection_pending"]
            ),
        ),
        Action(
            "punishment-completion",
            "case.follow",
            "complete_punishment",
            (Field("completed_on", "date"),),
            lambda s, c, f, a: s.complete_punishment(
                c, completed_on=form_date(f, "completed_on"), actor=a
            ),
            lambda d: bool(d["in_effect_from"] and d["completed_on"] is None),
        ),
        Action(
            "closure",
            "case.follow",
            "close_case",
            (Field("reason", "textarea"),),
            lambda s, c, f, a: s.close_case(c, reason=f.get("reason", ""), actor=a),
        ),
    )
}


def case_actions(principal: Principal, doc: Json) -> list[Action]:
    if doc["closed"]:
        return []
    office = None if doc.get("office") is None else OfficeCode(doc["office"])
    return offered(CASE_ACTIONS, principal, doc, office)


@post("/cases/{case:uuid}/{step:str}", sync_to_thread=True, include_in_schema=False)
def case_step(
    request: Request[Any, Any, Any],
    case: FromPath[UUID],
    step: FromPath[str],
    data: URLEncodedBody[Form],
) -> Redirect:
    ctx = ctx_of(request)
    action = _step(CASE_ACTIONS, step, "case")
    doc = case_doc(ctx, case)
    office = None if doc.get("office") is None else OfficeCode(doc["office"])
    principal = ctx.principal(request, api=False)
    organisation = ctx.service.organisation

    def call(actor: Actor) -> Json:
        # Deciding, with an organisation, is done as the official holding the account's
        # position; whether that official may is the service's judgement.
        if action.step == "decision":
            _decide(ctx.service, case, data, principal.official(organisation) or actor)
        elif action.step == "objection-decision":
            official = principal.objection_official(organisation, doc)
            _decide_objection(ctx.service, case, data, actor, official)
        else:
            action.run(ctx.service, case, data, actor)
        return {"case": str(case), "step": action.step}

    submit(request, data, action.permission, call, office=office)
    return Redirect(f"/cases/{case}", status_code=303)


# --------------------------------------------------------------------------- complaints


def _open(doc: Json) -> bool:
    return doc["status"] not in ("resolved", "rejected")


def _text(field: str = "text") -> tuple[Field, ...]:
    return (Field(field, "textarea"),)


COMPLAINT_ACTIONS: dict[str, Action] = {
    a.step: a
    for a in (
        Action(
            "acknowledgement",
            "complaint",
            "acknowledge",
            _text(),
            lambda s, c, f, a: s.acknowledge_complaint(c, message=f.get("text", ""), actor=a),
            lambda d: d["status"] == "filed",
        ),
        Action(
            "classification",
            "complaint",
            "classify",
            (Field("classification", "select", tuple(ComplaintClass)),),
            lambda s, c, f, a: s.classify_complaint(c, f.get("classification", ""), actor=a),
            lambda d: d["status"] in ("filed", "acknowledged", "classified"),
        ),
        Action(
            "forwarding",
            "complaint",
            "forward",
            (Field("to_unit"),),
            lambda s, c, f, a: s.forward_complaint(c, to_unit=f.get("to_unit", ""), actor=a),
            lambda d: d["status"] in ("classified", "forwarded"),
        ),
        Action(
            "response",
            "complaint",
            "respond",
            _text(),
            lambda s, c, f, a: s.respond_to_complaint(c, response=f.get("text", ""), actor=a),
            lambda d: d["status"] in ("acknowledged", "classified", "forwarded", "responded"),
        ),
        Action(
            "resolution",
            "complaint",
            "resolve",
            _text(),
            lambda s, c, f, a: s.resolve_complaint(c, resolution=f.get("text", ""), actor=a),
            lambda d: d["status"] in ("classified", "forwarded", "responded"),
        ),
        Action(
            "escalation",
            "complaint",
            "escalate",
            (Field("sidak_reference"),),
            lambda s, c, f, a: s.escalate_complaint(
                c, inspection=inspection_id(f.get("sidak_reference", "")), actor=a
            ),
            _open,
        ),
        Action(
            "rejection",
            "complaint",
            "reject",
            _text(),
            lambda s, c, f, a: s.reject_complaint(c, reason=f.get("text", ""), actor=a),
            _open,
        ),
        Action(
            "reopening",
            "complaint",
            "reopen",
            _text(),
            lambda s, c, f, a: s.reopen_complaint(c, reason=f.get("text", ""), actor=a),
            lambda d: not _open(d),
        ),
    )
}


def complaint_actions(principal: Principal, doc: Json) -> list[Action]:
    return offered(COMPLAINT_ACTIONS, principal, doc, None)


@post("/complaints/{complaint:uuid}/{step:str}", sync_to_thread=True, include_in_schema=False)
def complaint_step(
    request: Request[Any, Any, Any],
    complaint: FromPath[UUID],
    step: FromPath[str],
    data: URLEncodedBody[Form],
) -> Redirect:
    service = ctx_of(request).service
    action = _step(COMPLAINT_ACTIONS, step, "complaint")

    def call(actor: Actor) -> Json:
        action.run(service, complaint, data, actor)
        return {"complaint": str(complaint), "step": step}

    submit(request, data, action.permission, call)
    return Redirect(f"/complaints/{complaint}", status_code=303)


# --------------------------------------------------------------------------- offices


OFFICE_ACTIONS: dict[str, Action] = {
    a.step: a
    for a in (
        Action(
            "staff",
            "office.staff",
            "assign_staff",
            (Field("nip"), Field("name"), Field("role", "select", tuple(Role))),
            lambda s, o, f, a: s.assign_staff(
                o, nip=f.get("nip", ""), name=f.get("name", ""), role=f.get("role", ""), actor=a
            ),
        ),
        Action(
            "reassignment",
            "office.staff",
            "reassign_staff",
            (Field("nip"), Field("role", "select", tuple(Role))),
            lambda s, o, f, a: s.reassign_staff(
                o, nip=f.get("nip", ""), role=f.get("role", ""), actor=a
            ),
        ),
        Action(
            "removal",
            "office.staff",
            "remove_staff",
            (Field("nip"), Field("reason", "textarea")),
            lambda s, o, f, a: s.remove_staff(
                o, nip=f.get("nip", ""), reason=f.get("reason", ""), actor=a
            ),
        ),
        Action(
            "permission",
            "office.permission",
            "record_permission",
            (
                Field("nip"),
                Field("kind", "select", tuple(PermissionKind)),
                Field("start", "datetime"),
                Field("end", "datetime"),
                Field("reason", "textarea"),
                Field("reference", required=False),
            ),
            lambda s, o, f, a: s.record_permission(
                o,
                nip=f.get("nip", ""),
                kind=f.get("kind", ""),
                start=form_moment(f, "start"),
                end=form_moment(f, "end"),
                reason=f.get("reason", ""),
                reference=f.get("reference") or None,
                actor=a,
            ),
        ),
    )
}


def office_actions(principal: Principal, code: str) -> list[Action]:
    return offered(OFFICE_ACTIONS, principal, {}, OfficeCode(code))


@post("/offices/{code:str}/{step:str}", sync_to_thread=True, include_in_schema=False)
def office_step(
    request: Request[Any, Any, Any],
    code: FromPath[str],
    step: FromPath[str],
    data: URLEncodedBody[Form],
) -> Redirect:
    service = ctx_of(request).service
    office = OfficeCode(code)
    action = _step(OFFICE_ACTIONS, step, "office")

    def call(actor: Actor) -> Json:
        action.run(service, office, data, actor)
        return {"office": code, "step": step}

    submit(request, data, action.permission, call, office=office)
    return Redirect(f"/offices/{code}", status_code=303)


HANDLERS = [case_step, complaint_step, office_step]
