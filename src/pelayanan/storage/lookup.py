"""Records found by what people call them: an office by its code, a sidak or complaint by its
reference, a disciplinary case by its case number or by the NIP of the civil servant.

Offices, sidak and complaints have ids derived from those names (``office_id(code)``), so
finding one is a single read. A case's id is derived from the NIP *and* the case number, and
people know one or the other: those are found by reading the log's case openings (one pass over
``DisciplinaryCase.Opened`` events, however long the log). A name that fits several records is
refused with :class:`~pelayanan.domain.errors.AmbiguousReference` listing them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from pelayanan.domain.complaint import Complaint, complaint_id
from pelayanan.domain.discipline import DisciplinaryCase
from pelayanan.domain.errors import AmbiguousReference, InvalidValue, NotFound
from pelayanan.domain.inspection import Inspection, inspection_id
from pelayanan.domain.office import Office, office_id
from pelayanan.domain.values import Nip, OfficeCode

PAGE = 1000


@attrs.frozen
class CaseRef:
    """A disciplinary case as people name it; the NIP is shown masked (:meth:`Nip.masked`)."""

    id: UUID
    case_number: str
    nip: Nip
    office_code: OfficeCode | None

    def label(self) -> str:
        """``BKPSDM/800/2024/ABS-0043 (NIP **************2001, 35.73.01.1011)``."""
        office = f", {self.office_code.value}" if self.office_code is not None else ""
        return f"{self.case_number} (NIP {self.nip.masked}{office})"


@attrs.frozen
class Found:
    """A record's id and the words that name it in headers and messages."""

    id: UUID
    kind: type[Any]
    name: str


def _openings(app: Application[Any]) -> Iterator[Any]:
    topics = [get_topic(DisciplinaryCase.Opened)]
    start = 1
    while True:
        page = app.recorder.select_notifications(start, limit=PAGE, topics=topics)
        for notification in page:
            yield app.mapper.to_domain_event(notification)
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _as_nip(text: str) -> Nip | None:
    try:
        return Nip(text)
    except InvalidValue:
        return None


def find_cases(app: Application[Any], text: str) -> list[CaseRef]:
    """Every case recorded with case number ``text``, or every case of the NIP ``text``."""
    wanted = text.strip()
    nip = _as_nip(wanted)
    found = []
    for opened in _openings(app):
        if (opened.nip == nip) if nip is not None else (opened.case_number == wanted):
            found.append(
                CaseRef(opened.originator_id, opened.case_number, opened.nip, opened.office_code)
            )
    return found


def one_case(app: Application[Any], text: str) -> CaseRef:
    """The one case ``text`` names (case number or NIP); NotFound or AmbiguousReference."""
    cases = find_cases(app, text)
    if not cases:
        raise NotFound(f"no disciplinary case {text} is recorded (by case number or NIP)")
    if len(cases) > 1:
        raise AmbiguousReference(
            f"{text} names {len(cases)} disciplinary cases: "
            + "; ".join(f"{c.label()} id {c.id}" for c in cases)
            + " (give the case number or the id)"
        )
    return cases[0]


def name_of(app: Application[Any], aggregate_id: UUID | str) -> str:
    """What people call a record: office code, sidak or complaint reference, or case number
    with masked NIP and office code; its id when it is none of these (or not recorded)."""
    ident = aggregate_id if isinstance(aggregate_id, UUID) else UUID(aggregate_id)
    records = app.recorder.select_events(ident, limit=1)
    if not records:
        return str(ident)
    first = app.mapper.to_domain_event(records[0])
    if isinstance(first, Office.Registered):
        return first.code.value
    if isinstance(first, Inspection.Started | Complaint.Filed):
        return str(first.reference)
    if isinstance(first, DisciplinaryCase.Opened):
        return CaseRef(ident, first.case_number, first.nip, first.office_code).label()
    return str(ident)


def _exists(app: Application[Any], aggregate_id: UUID) -> bool:
    return bool(app.recorder.select_events(aggregate_id, limit=1))


def find_record(app: Application[Any], text: str | UUID) -> Found:
    """The one office, sidak, complaint or case ``text`` names: an id, an office code, a sidak
    or complaint reference, a case number, or the NIP of a civil servant with one case."""
    if isinstance(text, UUID):
        return Found(text, object, str(text))
    with contextlib.suppress(ValueError):
        return Found(UUID(text), object, text)
    candidates: list[tuple[UUID, type[Any]]] = []
    code: OfficeCode | None = None
    with contextlib.suppress(InvalidValue):  # not an office code: maybe a reference
        code = OfficeCode(text)
        candidates.append((office_id(code), Office))
    candidates += [(inspection_id(text), Inspection), (complaint_id(text), Complaint)]
    for candidate, kind in candidates:
        if _exists(app, candidate):
            return Found(candidate, kind, text)
    cases = find_cases(app, text)
    if len(cases) == 1:
        return Found(cases[0].id, DisciplinaryCase, cases[0].label())
    if cases:
        one_case(app, text)  # raises, listing them
    if code is not None:
        raise NotFound(f"no office {code.value} is recorded")
    raise NotFound(f"no office, sidak, complaint or case is recorded as {text!r}")
