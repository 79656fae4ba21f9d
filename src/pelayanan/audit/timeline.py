"""A plain-language timeline of one office, sidak, complaint or disciplinary case.

Each line says who did what, when it happened (business time, WIB) and when it was recorded,
then the legal bases, rule versions and deadlines the event carries. The phrasing per event kind
lives in :mod:`pelayanan.audit.narrative`.
"""

from __future__ import annotations

import contextlib
import string
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

import attrs
from eventsourcing.application import Application

from pelayanan.audit.narrative import LABELS, PHRASES
from pelayanan.domain.complaint import Complainant, Complaint, complaint_id
from pelayanan.domain.discipline import Decision, DisciplinaryCase
from pelayanan.domain.errors import InvalidValue, NotFound
from pelayanan.domain.inspection import Inspection, inspection_id
from pelayanan.domain.office import Office, office_id
from pelayanan.domain.values import WIB, Deadline, LegalBasis, OfficeCode, RuleRef
from pelayanan.privacy.sealed import Erased, Sealed

KINDS: tuple[type, ...] = (Office, Inspection, Complaint, DisciplinaryCase)


@attrs.frozen
class TimelineEntry:
    version: int
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    text: str
    bases: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    deadlines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data["occurred_at"] = self.occurred_at.isoformat()
        data["recorded_at"] = self.recorded_at.isoformat()
        return data


@attrs.frozen
class Timeline:
    aggregate_id: UUID
    kind: str
    lang: str
    entries: tuple[TimelineEntry, ...]

    def render(self) -> str:
        labels = LABELS[self.lang]
        lines = [labels["title"].format(kind=self.kind, id=self.aggregate_id)]
        for e in self.entries:
            lines.append(
                f"{e.version:>3}. {_when(e.occurred_at)} ({labels['recorded']} "
                f"{_when(e.recorded_at)}): {e.actor} {e.text}."
            )
            for label, values in (
                ("basis", e.bases),
                ("rule", e.rules),
                ("deadline", e.deadlines),
            ):
                if values:
                    lines.append(f"     {labels[label]}: {'; '.join(values)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "aggregate_id": str(self.aggregate_id),
            "kind": self.kind,
            "lang": self.lang,
            "entries": [e.to_dict() for e in self.entries],
        }


def _when(moment: datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


class _Words(string.Formatter):
    """Formats field values for people: enum values without underscores, yes/no, WIB times."""

    def __init__(self, lang: str, reveal: Callable[[Any], Any] | None = None) -> None:
        self.labels = LABELS[lang]
        self.reveal = reveal

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Sealed):
            # Personal data is shown only when the caller asked to reveal it.
            value = value if self.reveal is None else self.reveal(value)
            if isinstance(value, Sealed):
                return self.labels["sealed"]
        if isinstance(value, Erased):
            return self.labels["erased"]
        if isinstance(value, Complainant):
            return value.name
        if value is None:
            return self.labels["none"]
        if isinstance(value, bool):
            return self.labels["yes" if value else "no"]
        if isinstance(value, Enum):
            return str(value.value).replace("_", " ")
        if isinstance(value, datetime):
            return _when(value)
        if isinstance(value, date):
            return value.isoformat()
        return str(super().format_field(value, format_spec))


def resolve(app: Application[Any], ident: str | UUID) -> UUID:
    """An aggregate id from a UUID, an office code, or a sidak/complaint reference."""
    if isinstance(ident, UUID):
        return ident
    try:
        return UUID(ident)
    except ValueError:
        pass
    candidates: list[UUID] = []
    with contextlib.suppress(InvalidValue):  # not an office code: maybe a reference
        candidates.append(office_id(OfficeCode(ident)))
    candidates += [inspection_id(ident), complaint_id(ident)]
    for candidate in candidates:
        if app.recorder.select_events(candidate, limit=1):
            return candidate
    raise NotFound(f"no office, inspection, complaint or case is recorded as {ident!r}")


def build_timeline(
    app: Application[Any],
    ident: str | UUID,
    *,
    lang: str = "id",
    reveal: Callable[[Any], Any] | None = None,
) -> Timeline:
    """The plain-language story of one record.

    Sealed personal data reads as "[sealed personal data]" unless ``reveal`` (e.g.
    ``service.reveal`` of a service opened with ``vault="store"``) is given; erased data as
    "[erased]".
    """
    if lang not in LABELS:
        raise InvalidValue(f"language must be one of {', '.join(LABELS)}, got {lang!r}")
    aggregate_id = resolve(app, ident)
    words = _Words(lang, reveal)
    entries: list[TimelineEntry] = []
    kind = "?"
    for record in app.recorder.select_events(aggregate_id):
        event: Any = app.mapper.to_domain_event(record)
        owner = type(event).__qualname__.split(".")[0]
        for index, cls in enumerate(KINDS):
            if cls.__name__ == owner:
                kind = LABELS[lang]["kinds"].split("|")[index]
        phrase = PHRASES.get(type(event))
        fields = vars(event)
        if phrase is None:
            text = LABELS[lang]["unknown"].format(topic=record.topic)
        else:
            text = words.format(phrase[0 if lang == "id" else 1], **fields)
        bases, rules, deadlines = _citations(fields, words, lang)
        actor = event.actor
        entries.append(
            TimelineEntry(
                version=record.originator_version,
                occurred_at=event.occurred_at,
                recorded_at=event.timestamp,
                actor=f"{actor.name} ({actor.role})",
                text=text,
                bases=bases,
                rules=rules,
                deadlines=deadlines,
            )
        )
    if not entries:
        raise NotFound(f"nothing is recorded for {aggregate_id}")
    return Timeline(aggregate_id, kind, lang, tuple(entries))


def _citations(
    fields: dict[str, Any], words: _Words, lang: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    bases: list[str] = []
    rules: list[str] = []
    deadlines: list[str] = []
    for name, value in fields.items():
        if isinstance(value, Decision):
            if value.legal_basis is not None:
                bases.append(value.legal_basis.cite())
            if value.rule is not None:
                rules.append(str(value.rule))
        elif isinstance(value, Deadline):
            estimated = f" ({LABELS[lang]['estimated']})" if value.estimated else ""
            deadlines.append(
                f"{name.replace('_', ' ')} {value.due.isoformat()}{estimated}: "
                f"{value.explanation} [{value.rule}; {value.basis.cite()}]"
            )
        elif isinstance(value, LegalBasis):
            bases.append(value.cite())
        elif isinstance(value, RuleRef):
            rules.append(str(value))
    return tuple(bases), tuple(rules), tuple(deadlines)
