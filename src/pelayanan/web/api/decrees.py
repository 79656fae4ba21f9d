"""Discipline cases between the examination and the decree, and the decree's life: pembebasan
sementara, the pay stop and its reinstatement, the decree set, the summons to receive it, and
sending it when the PNS does not come."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.params import FromPath, JSONBody

from pelayanan.web.api.cases import case_office
from pelayanan.web.api.common import Json, command_route, ctx_of, step


@dataclass
class Release:
    released_from: date
    acting_official: str = field(metadata={"description": "the Plh: who takes the post"})
    occurred_at: datetime | None = None


@dataclass
class PayStop:
    ordered_on: date
    occurred_at: datetime | None = None


@dataclass
class PayReinstatement:
    returned_on: date
    occurred_at: datetime | None = None


@dataclass
class DecreeBody:
    number: str
    set_on: date
    copies_to: list[str] = field(
        default_factory=list, metadata={"description": "to whom copies (tembusan) go"}
    )
    occurred_at: datetime | None = None


@dataclass
class ReceiptSummons:
    letter_date: date
    receive_on: date
    occurred_at: datetime | None = None


@dataclass
class Sending:
    sent_on: date
    dispatch_reference: str = field(metadata={"description": "the dispatch record"})
    occurred_at: datetime | None = None


TAG = "discipline"


@command_route("/cases/{case:uuid}/temporary-release", "release_temporarily", TAG)
def release(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Release]
) -> Response[Json]:
    """Free the PNS from duties until the decree, with the Plh (the atasan of the office)."""
    ctx = ctx_of(request)
    return step(
        request,
        ("case", case),
        "case.release",
        data,
        lambda a: ctx.service.release_temporarily(
            case,
            released_from=data.released_from,
            acting_official=data.acting_official,
            actor=a,
            occurred_at=data.occurred_at,
        ),
        office=case_office(ctx, case),
    )


@command_route("/cases/{case:uuid}/pay-stop", "stop_pay", TAG)
def stop_pay(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[PayStop]
) -> Response[Json]:
    """Record the budget holder's pay stop before the decree (BKPSDM, or the pejabat)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.pay",
        data,
        lambda a: {
            "stops_from": service.stop_pay(
                case, ordered_on=data.ordered_on, actor=a, occurred_at=data.occurred_at
            ).isoformat()
        },
    )


@command_route("/cases/{case:uuid}/pay-reinstatement", "reinstate_pay", TAG)
def reinstate_pay(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[PayReinstatement]
) -> Response[Json]:
    """Reinstate pay stopped before the decree: the PNS returned."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.pay",
        data,
        lambda a: service.reinstate_pay(
            case, returned_on=data.returned_on, actor=a, occurred_at=data.occurred_at
        ),
    )


@command_route("/cases/{case:uuid}/decree", "set_decree", TAG)
def set_decree(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[DecreeBody]
) -> Response[Json]:
    """Record the decree setting the punishment decided (the pejabat berwenang)."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.decree",
        data,
        lambda a: service.set_decree(
            case,
            number=data.number,
            set_on=data.set_on,
            copies_to=data.copies_to,
            set_by=a,
            actor=a,
            occurred_at=data.occurred_at,
        ),
    )


@command_route("/cases/{case:uuid}/decree/summons", "summon_to_receive_decree", TAG)
def summon_to_receive(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[ReceiptSummons]
) -> Response[Json]:
    """Summon the PNS in writing to receive the decree."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.deliver",
        data,
        lambda a: service.summon_to_receive_decree(
            case,
            letter_date=data.letter_date,
            receive_on=data.receive_on,
            actor=a,
            occurred_at=data.occurred_at,
        ),
    )


@command_route("/cases/{case:uuid}/decree/sending", "send_decree", TAG)
def send_decree(
    request: Request[Any, Any, Any], case: FromPath[UUID], data: JSONBody[Sending]
) -> Response[Json]:
    """The PNS did not come: the decree was sent to the last known address."""
    service = ctx_of(request).service
    return step(
        request,
        ("case", case),
        "case.deliver",
        data,
        lambda a: service.send_decree(
            case,
            sent_on=data.sent_on,
            dispatch_reference=data.dispatch_reference,
            actor=a,
            occurred_at=data.occurred_at,
        ),
    )


HANDLERS = [release, stop_pay, reinstate_pay, set_decree, summon_to_receive, send_decree]
