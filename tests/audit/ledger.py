"""A tiny application for integrity tests: the integrity layer reads only the stored log, so it is
specified against any eventsourcing application, not just ComplianceService."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from pelayanan.storage.settings import parse_location


class Ledger(Aggregate):
    @event("Opened")
    def __init__(self, title: str) -> None:
        self.title = title
        self.notes: list[str] = []

    @event("Noted")
    def note(self, text: str) -> None:
        self.notes.append(text)


class LedgerApp(Application):
    name = "LedgerApp"
    env: ClassVar[dict[str, str]] = {}

    def open_ledger(self, title: str, notes: int = 0) -> UUID:
        ledger = Ledger(title)
        for n in range(notes):
            ledger.note(f"{title} note {n + 1}")
        self.save(ledger)
        return ledger.id

    def note(self, ledger_id: UUID, text: str) -> None:
        ledger: Ledger = self.repository.get(ledger_id)
        ledger.note(text)
        self.save(ledger)


def ledger_app(url: str) -> LedgerApp:
    return LedgerApp(parse_location(url).env)
