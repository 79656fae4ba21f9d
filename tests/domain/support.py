"""Builders shared by the aggregate specifications, the state machines and the storage tests.

Policy values (deadlines, rule references, citations) are built by hand here on purpose: these
tests specify the aggregates, not the policy layer that normally computes those values.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import reduce
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)

from pelayanan.domain.values import WIB, Actor, Deadline, LegalBasis, Nip, OfficeCode, RuleRef
from pelayanan.storage.transcodings import register_all

CLERK = Actor(name="Siti Rahayu", role="admin kelurahan", nip=Nip("198503122010012003"))
INSPECTOR = Actor(name="Bambang Sutrisno", role="inspektorat", nip=Nip("197002151995031001"))
JODIPAN = OfficeCode("35.73.01.1011")

# Three staff of Kelurahan Jodipan: birth date, appointment month, sex digit, sequence.
LURAH_NIP = Nip("197505102000121001")
SEKLUR_NIP = Nip("198011232005012002")
STAFF_NIP = Nip("199001012015031003")


def wib(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A business time in 2024, Malang local time."""
    return datetime(2024, month, day, hour, minute, tzinfo=WIB)


def deadline(
    due: date,
    *,
    rule: str = "test.rule",
    version: int = 1,
    regulation: str = "PP 94/2021",
    verified: bool = False,
) -> Deadline:
    return Deadline(
        due=due,
        rule=RuleRef(rule, version),
        basis=LegalBasis(regulation=regulation, verified=verified, source="built by the test"),
        explanation=f"hand-built deadline, due {due.isoformat()}",
    )


def legal_basis(article: str = "8") -> LegalBasis:
    return LegalBasis(regulation="PP 94/2021", article=article, verified=True)


def state(aggregate: Aggregate) -> dict[str, Any]:
    """What an aggregate is, minus its queue of unsaved events."""
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


@contextmanager
def refused(aggregate: Aggregate, error: type[Exception]) -> Iterator[None]:
    """The command in the block raises ``error`` and leaves the aggregate exactly as it was."""
    before = copy.deepcopy(state(aggregate))
    pending = list(aggregate.pending_events)
    with pytest.raises(error):
        yield
    assert list(aggregate.pending_events) == pending, "a refused command added an event"
    assert state(aggregate) == before, "a refused command changed the aggregate"


def new_events(aggregate: Aggregate) -> list[Any]:
    return list(aggregate.collect_events())


def the_event(aggregate: Aggregate, kind: type) -> Any:
    """Collect the pending events, which must be exactly one of ``kind``, and return it."""
    events = new_events(aggregate)
    assert [type(e) for e in events] == [kind]
    return events[0]


# --------------------------------------------------------------------------- storage round trip


def transcoder() -> JSONTranscoder:
    """The transcoder an Application would build: eventsourcing's three plus ours."""
    found = JSONTranscoder()
    for builtin in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        found.register(builtin)
    register_all(found)
    return found


MAPPER: Mapper[UUID] = Mapper(transcoder=transcoder())


def round_trip(event: Any) -> Any:
    """The event as it comes back after being stored: JSON, topics and all."""
    return MAPPER.to_domain_event(MAPPER.to_stored_event(event))


def rebuild(events: Sequence[Any], aggregate: Aggregate | None = None) -> Any:
    """Replay stored copies of ``events`` onto ``aggregate`` (or from nothing)."""
    return reduce(lambda agg, event: round_trip(event).mutate(agg), events, aggregate)
