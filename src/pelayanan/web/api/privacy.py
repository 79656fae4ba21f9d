"""Personal data: erasing a data subject's key (the administrator), recorded with who and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.params import FromPath, JSONBody

from pelayanan.domain.values import Actor
from pelayanan.web.api.common import Json, command_route, ctx_of, principal_of, step

TAG = "privacy"


@dataclass
class Erasure:
    reason: str


@command_route("/subjects/{subject:uuid}/erasure", "erase_subject", TAG)
def erase_subject(
    request: Request[Any, Any, Any], subject: FromPath[UUID], data: JSONBody[Erasure]
) -> Response[Json]:
    """Destroy a data subject's key: their sealed personal data becomes unreadable everywhere,
    for good; the events stay and still verify (admin). Find a record's subjects with
    ``GET /api/records/{record}/subjects``."""
    service = ctx_of(request).service

    def call(actor: Actor) -> Json:
        erased = service.erase_subject(subject, actor=actor, reason=data.reason)
        return {"erased_at": erased.erased_at.isoformat()}

    return step(request, ("subject", subject), "privacy.erase", data, call)


@get("/records/{record:uuid}/subjects", sync_to_thread=True, tags=["privacy"])
def record_subjects(request: Request[Any, Any, Any], record: FromPath[UUID]) -> Json:
    """The data subjects whose sealed personal data a complaint or case carries (admin)."""
    principal_of(request).require("privacy.erase")
    subjects = ctx_of(request).service.data_subjects(record)
    return {"record": str(record), "subjects": [str(s) for s in subjects]}


HANDLERS = [erase_subject, record_subjects]
