"""A plain-language timeline of one office, sidak, complaint or disciplinary case.

Each line says who did what, when it happened (business time, WIB) and when it was recorded,
then the legal bases, rule versions and deadlines the event carries. The phrasing per event kind
lives in :mod:`pelayanan.audit.narrative`, every other word in :mod:`pelayanan.i18n`.

A deadline's explanation (how the policy counted the days) is recorded by the policy in English:
the English timeline shows it; the Indonesian one shows the deadline, its date, rule and basis.
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

from pelayanan.audit.narrative import PHRASES
from pelayanan.domain.account import Account, account_id, check_name
from pelayanan.domain.citations import citations
from pelayanan.domain.complaint import Complainant
from pelayanan.domain.discipline import Decision
from pelayanan.domain.errors import InvalidValue, NotFound, PelayananError, StorageError
from pelayanan.domain.values import WIB, Deadline
from pelayanan.i18n import LANGUAGES, WORDS, check_language, cite, label
from pelayanan.privacy.sealed import Erased, Sealed
from pelayanan.storage.lookup import Found, find_record, name_of


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
    name: str = ""
    """The record as people call it: office code and name, reference, case number (masked NIP)."""

    def render(self) -> str:
        words = WORDS[self.lang]
        shown = self.name or str(self.aggregate_id)
        lines = [words["timeline.title"].format(kind=self.kind, id=shown)]
        for e in self.entries:
            lines.append(
                f"{e.version:>3}. {_when(e.occurred_at)} ({words['timeline.recorded']} "
                f"{_when(e.recorded_at)}): {_sentence(f'{e.actor} {e.text}')}"
            )
            for name, values in (
                ("timeline.basis", e.bases),
                ("timeline.rule", e.rules),
                ("timeline.dates", e.deadlines),
            ):
                if values:
                    lines.append(f"     {words[name]}: {'; '.join(values)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "aggregate_id": str(self.aggregate_id),
            "name": self.name,
            "kind": self.kind,
            "lang": self.lang,
            "entries": [e.to_dict() for e in self.entries],
        }


def _when(moment: datetime) -> str:
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


def _sentence(text: str) -> str:
    """One full stop at the end, even when the recorded text brings its own."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


class _Words(string.Formatter):
    """Formats field values for people: enums by their labels, yes/no, WIB times."""

    def __init__(self, lang: str, reveal: Callable[[Any], Any] | None = None) -> None:
        self.lang = lang
        self.labels = WORDS[lang]
        self.reveal = reveal

    def _revealed(self, value: Sealed) -> Any:
        assert self.reveal is not None
        try:
            return self.reveal(value)
        except PelayananError:
            raise
        except Exception as exc:
            # The keys live in a table of the store (pelayanan_subject_keys): a store without
            # it (never given a vault, or the table dropped) fails in the database driver.
            reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
            raise StorageError(
                f"cannot reveal personal data: the store's key table cannot be read ({reason})"
            ) from None

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Sealed):
            # Personal data is shown only when the caller asked to reveal it.
            value = value if self.reveal is None else self._revealed(value)
            if isinstance(value, Sealed):
                return self.labels["sealed"]
        if isinstance(value, Erased):
            return self.labels["erased"]
        if isinstance(value, Complainant):
            return value.name
        if value is None:
            return self.labels["nothing"]
        if isinstance(value, bool):
            return self.labels["yes" if value else "no"]
        if isinstance(value, Decision):
            # "disciplinary punishment: written reprimand", or just "administrative warning".
            outcome = label(value.outcome, self.lang)
            if value.punishment is None:
                return outcome
            return f"{outcome}: {label(value.punishment, self.lang)}"
        if isinstance(value, Enum):
            return label(value, self.lang)
        if isinstance(value, list | tuple):  # e.g. a decree's copies, each to a recipient
            return ", ".join(self.format_field(v, "") for v in value) or self.labels["nothing"]
        if isinstance(value, datetime):
            return _when(value)
        if isinstance(value, date):
            return value.isoformat()
        return str(super().format_field(value, format_spec))


def resolve(app: Application[Any], ident: str | UUID) -> UUID:
    """An aggregate id from a UUID, an office code, a sidak or complaint reference, a case
    number, the NIP of a civil servant with one case (:func:`pelayanan.storage.lookup`), or an
    account's name."""
    return _find(app, ident).id


def _find(app: Application[Any], ident: str | UUID) -> Found:
    try:
        return find_record(app, ident)
    except NotFound:
        if isinstance(ident, str):
            with contextlib.suppress(InvalidValue):  # not an account name either
                account = account_id(check_name(ident))
                if app.recorder.select_events(account, limit=1):
                    return Found(account, Account, ident)
        raise


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
    check_language(lang)
    found = _find(app, ident)
    aggregate_id = found.id
    name = found.name
    words = _Words(lang, reveal)
    entries: list[TimelineEntry] = []
    kind = "?"
    for record in app.recorder.select_events(aggregate_id):
        try:
            event: Any = app.mapper.to_domain_event(record)
        except Exception as exc:  # stored bytes edited by hand: name the event, not a traceback
            raise StorageError(
                f"cannot show the timeline: version {record.originator_version} of "
                f"{aggregate_id} cannot be decoded ({type(exc).__name__}); "
                "`pelayanan verify` checks the store"
            ) from None
        if record.originator_version == 1 and name == str(aggregate_id):
            name = name_of(app, aggregate_id)  # asked by id: named as people call it
        owner = type(event).__qualname__.split(".")[0]
        kind = WORDS[lang].get(f"timeline.kind.{owner}", kind)
        phrase = PHRASES.get(type(event))
        if phrase is None:
            text = WORDS[lang]["timeline.unknown"].format(topic=record.topic)
        else:
            text = words.format(phrase[LANGUAGES.index(lang)], **vars(event))
        cited = citations(event)
        actor = event.actor
        entries.append(
            TimelineEntry(
                version=record.originator_version,
                occurred_at=event.occurred_at,
                recorded_at=event.timestamp,
                actor=f"{actor.name} ({actor.role})",
                text=text,
                bases=tuple(cite(basis, lang) for basis in cited.bases),
                rules=tuple(str(rule) for rule in cited.rules),
                deadlines=tuple(
                    _deadline(owner, name, deadline, lang) for name, deadline in cited.deadlines
                ),
            )
        )
    if not entries:
        raise NotFound(f"nothing is recorded for {name}")
    return Timeline(aggregate_id, kind, lang, tuple(entries), name)


def _deadline(owner: str, field: str, deadline: Deadline, lang: str) -> str:
    words = WORDS[lang]
    name = words.get(f"timeline.{owner}.{field}", field.replace("_", " "))
    estimated = f" ({words['timeline.estimated']})" if deadline.estimated else ""
    # The policy records its explanation in English: only the English timeline shows it.
    explained = f": {_sentence(deadline.explanation)}" if lang == "en" else ""
    return (
        f"{name} {deadline.due.isoformat()}{estimated}{explained} "
        f"({cite(deadline.basis, lang)}; {words['timeline.rule']} {deadline.rule})"
    )
