"""Audit trail: every event as a line of a timeline, per record and per office.

What a reader gets from :func:`timeline`: for one aggregate (office, sidak, complaint, case,
account) or for everything that concerns one office, each event in log order with its position,
kind, actor, business time (``occurred_at``), recorded time (the store's ``timestamp``), and the
legal basis and rule versions the event carries (decisions, deadlines). This projection keeps its
own SQL table, the escape hatch of the projection API: an indexed table reads faster for long
timelines than documents would.

Accounts (the front door's logins) are here too, so "who granted whom what, when" is a query:
``subject`` is the account's name and ``detail`` what was granted, revoked, disabled or issued
(``role=pejabat``, ``role=operator; office=35.73.01.1011``, ``token_id=...; label=...``). A grant
for one office is also in that office's trail. Password hashes and token digests are never
copied here (:data:`~pelayanan.domain.account.SECRET_FIELDS`).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from pelayanan.domain.account import Account, PositionTaking, describe
from pelayanan.domain.base import ComplianceAggregate
from pelayanan.domain.citations import NONE, citations
from pelayanan.domain.records import RECORDS
from pelayanan.domain.values import OfficeCode
from pelayanan.projections.api import ReadModel, ReadModelError, View, handles
from pelayanan.projections.reader import ViewReader

AGGREGATES: tuple[type[Aggregate], ...] = (*RECORDS, Account, PositionTaking)
"""The records, the accounts that act on them, and who took each position through one."""


def _stored(event_class: type, aggregate: type) -> bool:
    """Whether the class is one the aggregate records, not eventsourcing's generated base.

    eventsourcing gives every aggregate an ``Event`` and a ``Created`` of its own; a ``Created``
    is recorded only when the aggregate declares fields on it (``Account.Created``: the name),
    other aggregates have their own creation events (``Office.Registered``).
    """
    if not (
        isinstance(event_class, type)
        and issubclass(event_class, Aggregate.Event)
        and event_class.__qualname__.startswith(aggregate.__qualname__ + ".")
    ):
        return False
    if event_class.__name__ == "Event":
        return False
    if event_class.__name__ == "Created":
        return _fields(event_class) > _fields(ComplianceAggregate.Created)
    return True


def _fields(event_class: type) -> set[str]:
    return set(getattr(event_class, "__dataclass_fields__", {}))


def event_classes() -> tuple[type, ...]:
    """Every concrete event class of the records and of accounts."""
    return tuple(
        value
        for aggregate in AGGREGATES
        for value in vars(aggregate).values()
        if _stored(value, aggregate)
    )


_COMMON = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "occurred_at",
        "actor",
        "name",
    }
)


def _detail(event: Any) -> str | None:
    """What an account event did, without its secrets (``describe`` drops them)."""
    parts = [
        f"{key}={value}"
        for key, value in describe(event).items()
        if key not in _COMMON and value is not None
    ]
    return "; ".join(parts) or None


def _columns(event: Any) -> tuple[str | None, str | None]:
    """Legal bases and rule references the event cites (deadlines' included), as column text."""
    cited = citations(event)
    if cited is NONE:
        return None, None
    bases = {basis.cite() for basis in cited.bases}
    rules = {str(rule) for rule in cited.rules}
    for _, deadline in cited.deadlines:
        bases.add(deadline.basis.cite())
        rules.add(str(deadline.rule))
    return "; ".join(sorted(bases)) or None, "; ".join(sorted(rules)) or None


_KINDS: dict[type, tuple[str, str]] = {}
"""Event class -> (aggregate, event) column text, worked out once per class, not per event."""


def _kind(event_class: type) -> tuple[str, str]:
    kind = _KINDS.get(event_class)
    if kind is None:
        kind = _KINDS[event_class] = (event_class.__qualname__.split(".")[0], event_class.__name__)
    return kind


_INSERT = (
    "INSERT INTO {entries} (position, aggregate_id, aggregate, version, office, event, actor, "
    "actor_role, actor_nip, occurred_at, recorded_at, legal_basis, rules, subject, detail) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class AuditTrail(ReadModel):
    name = "audit_trail"
    version = 2  # 2: accounts' events, with subject and detail
    tables = {
        "entries": (
            "position BIGINT PRIMARY KEY, aggregate_id TEXT NOT NULL, aggregate TEXT NOT NULL, "
            "version BIGINT NOT NULL, office TEXT, event TEXT NOT NULL, actor TEXT NOT NULL, "
            "actor_role TEXT NOT NULL, actor_nip TEXT, occurred_at TEXT NOT NULL, "
            "recorded_at TEXT NOT NULL, legal_basis TEXT, rules TEXT, subject TEXT, detail TEXT"
        )
    }
    indexes = {
        "by_agg": "{entries} (aggregate_id, version)",
        "by_office": "{entries} (office, position)",
    }
    # The handler only appends: a rebuild loads the rows first and indexes them once.
    index_after_build = True

    @handles(*event_classes())
    def entry(self, event: Any, view: View) -> None:
        aggregate_id = str(event.originator_id)
        subject = detail = None
        code = getattr(event, "code", None) or getattr(event, "office_code", None)
        if isinstance(event, Account.Event):
            # An account belongs to no office; a grant for one office shows in that office's trail.
            subject = _account_name(event, view)
            detail = _detail(event)
            office: str | None = getattr(event, "office", None)
        elif isinstance(event, PositionTaking.Event):
            detail = _detail(event)  # the position, or the account that took it
            office = None
        elif isinstance(code, OfficeCode):
            view.put(f"owner:{aggregate_id}", {"office": code.value})
            office = code.value
        else:
            owner = view.get(f"owner:{aggregate_id}")
            office = None if owner is None else owner["office"]
        bases, rules = _columns(event)
        actor = event.actor
        if actor.name is None or actor.role is None:
            # The NOT NULL columns would refuse it at the batch's insert, naming no event: refuse
            # it here, so the runner stops at (or dead-letters) this event, as it always did.
            raise ReadModelError(
                f"event at position {view.position} has an actor without name or role"
            )
        aggregate, kind = _kind(type(event))
        # Entries are only appended, and nothing in the batch reads them back: deferred, the
        # batch's rows go in one executemany at its end, in its transaction.
        view.defer(
            _INSERT,
            (
                view.position,
                aggregate_id,
                aggregate,
                event.originator_version,
                office,
                kind,
                actor.name,
                actor.role,
                None if actor.nip is None else actor.nip.value,
                event.occurred_at.isoformat(),
                event.timestamp.isoformat(),
                bases,
                rules,
                subject,
                detail,
            ),
        )


def _account_name(event: Any, view: View) -> str | None:
    if isinstance(event, Account.Created):
        view.put(f"account:{event.originator_id}", {"name": event.name})
        return str(event.name)
    known = view.get(f"account:{event.originator_id}")
    return None if known is None else str(known["name"])


def timeline(
    view: ViewReader, *, aggregate_id: UUID | str | None = None, office: str | None = None
) -> list[dict[str, Any]]:
    """Events of one aggregate, or of everything concerning one office, in log order."""
    if (aggregate_id is None) == (office is None):
        raise ValueError("give exactly one of aggregate_id or office")
    if aggregate_id is not None:
        return view.query(
            "SELECT * FROM {entries} WHERE aggregate_id=? ORDER BY position", (str(aggregate_id),)
        )
    return view.query("SELECT * FROM {entries} WHERE office=? ORDER BY position", (office,))
