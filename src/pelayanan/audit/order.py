"""Stored events that break the order of time, for stores written before the rules existed.

The aggregates refuse a fact dated before what it depends on, a fact recorded before it
happened, and a recording clock set back (:mod:`pelayanan.domain.order`). Events stored before
those rules were enforced may break them. This check replays the log in notification order and
asks each record, just before each of its events, the very question its command would have
asked: :meth:`~pelayanan.domain.base.ComplianceAggregate.time_order_problems`. One rule, one home:
what a command refuses today is what the audit flags in yesterday's events.

Records are kept in a bounded cache while the log streams; one that fell out of it is rebuilt
as of the version before the event.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import MapperDeserialisationError

from pelayanan.audit.asof import aggregate_as_of
from pelayanan.domain.base import ComplianceAggregate
from pelayanan.domain.errors import StorageError
from pelayanan.domain.values import local_date

PAGE = 1000
CACHE = 20_000
"""Records kept in memory while the log streams (a record is a few kilobytes)."""

KIND = "time_order"


def time_order_findings(app: Application[Any]) -> Iterator[dict[str, Any]]:
    """One finding per stored event that breaks a time-order rule, in notification order.

    Each is a dict with the fields of :class:`pelayanan.audit.decisions.Discrepancy`
    (``kind`` ``time_order``); ``message`` is the first rule broken, as a command would say it.
    """
    records: OrderedDict[UUID, ComplianceAggregate] = OrderedDict()
    for event in _events(app):
        if isinstance(event, ComplianceAggregate.Created):
            aggregate = event.mutate(None)
            problems = type(aggregate).creation_time_problems(
                event.occurred_at, event.timestamp, vars(event)
            )
        elif isinstance(event, ComplianceAggregate.Event):
            cached = records.pop(event.originator_id, None)
            before: Any = cached
            if cached is None or cached.version != event.originator_version - 1:
                before = aggregate_as_of(
                    app, event.originator_id, version=event.originator_version - 1
                ).aggregate
            assert isinstance(before, ComplianceAggregate)
            problems = before.time_order_problems(
                type(event), event.occurred_at, event.timestamp, vars(event)
            )
            aggregate = event.mutate(before)
        else:
            continue
        records[event.originator_id] = aggregate
        if len(records) > CACHE:
            records.popitem(last=False)
        if problems:
            yield {
                "kind": KIND,
                "aggregate_id": str(event.originator_id),
                "version": event.originator_version,
                "event": type(event).__qualname__,
                "on": local_date(event.occurred_at).isoformat(),
                "message": problems[0],
                "recorded": event.timestamp.isoformat(),
                "recomputed": None,
            }


def _events(app: Application[Any]) -> Iterator[Any]:
    start = 1
    while True:
        try:
            page = app.recorder.select_notifications(start, limit=PAGE)
            events = [app.mapper.to_domain_event(notification) for notification in page]
        except (ValueError, MapperDeserialisationError) as exc:
            # A row edited so that eventsourcing cannot read it (an id that is not a UUID,
            # undecodable state): named in one line, as replay does; verify names the row.
            raise StorageError(
                "cannot check the order of time: the log holds a row eventsourcing cannot read "
                f"({str(exc)[:120]}); `pelayanan verify` names it"
            ) from None
        yield from events
        if len(page) < PAGE:
            return
        start = page[-1].id + 1
