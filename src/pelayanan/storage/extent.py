"""Where the data ends: the latest business time (``occurred_at``) recorded in a store.

The board and the report are judged on a day; by default that day is the end of the data, so a
store of last year's records is not judged by today's wall clock (every open complaint
overdue). Reading the whole log for one date would cost seconds on a city's store, so the log is
read backwards from its head, a page at a time: no fact is recorded before it happened (the
domain refuses a business time after the recording clock), so once the pages read reach back to
recording times no later than the latest business time found, no earlier event can hold a later
one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.application import Application

from pelayanan.domain.errors import StorageError

PAGE = 1000


def latest_business_time(app: Application[Any]) -> datetime | None:
    """The latest ``occurred_at`` of any event in ``app``'s log (None for an empty log)."""
    head = app.recorder.max_notification_id() or 0
    latest: datetime | None = None
    stop = head
    while stop > 0:
        start = max(1, stop - PAGE + 1)
        try:
            page = app.recorder.select_notifications(start, PAGE, stop=stop)
        except ValueError as exc:
            # eventsourcing reads each row's aggregate id as a UUID: a row edited to hold
            # something else fails there.
            raise _unreadable(f"the log between notifications {start} and {stop}", exc) from None
        earliest_recorded: datetime | None = None
        for notification in page:
            try:
                event = app.mapper.to_domain_event(notification)
            except Exception as exc:  # bad JSON, an unknown topic, a missing field...
                where = f"notification {notification.id} ({notification.topic})"
                raise _unreadable(where, exc) from None
            occurred = getattr(event, "occurred_at", None)
            if occurred is not None and (latest is None or occurred > latest):
                latest = occurred
            recorded = getattr(event, "timestamp", None)
            if recorded is not None and (earliest_recorded is None or recorded < earliest_recorded):
                earliest_recorded = recorded
        if latest is not None and earliest_recorded is not None and earliest_recorded <= latest:
            return latest
        stop = start - 1
    return latest


def _unreadable(where: str, exc: Exception) -> StorageError:
    detail = (str(exc).splitlines() or [""])[0][:200]
    return StorageError(
        f"{where} cannot be read ({type(exc).__name__}: {detail}), so the end of the data "
        "cannot be found; `pelayanan verify` checks the log"
    )
